package io.llmesr.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Small helpers for writing fixture files in tests and collecting what readers produce. */
final class Fixtures {
  private Fixtures() { }

  static Path write(Path file, String text) throws IOException {
    return write(file, text, StandardCharsets.UTF_8);
  }

  static Path write(Path file, String text, Charset cs) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, text.getBytes(cs));
    return file;
  }

  static Path writeBytes(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, bytes);
    return file;
  }

  static Path gzip(Path file, String text) throws IOException {
    return gzip(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static Path gzip(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes);
    }
    return file;
  }

  static List<Interaction> interactions(RawData raw) throws IOException {
    List<Interaction> out = new ArrayList<>();
    raw.interactions().forEach(out::add);
    return out;
  }

  static List<ItemRecord> items(RawData raw) throws IOException {
    List<ItemRecord> out = new ArrayList<>();
    raw.items().forEach(out::add);
    return out;
  }

  static Interaction inter(String u, String i, long t, double r) {
    return new Interaction(u, i, t, r);
  }

  static Interaction inter(String u, String i, long t) {
    return new Interaction(u, i, t, Double.NaN);
  }
}
