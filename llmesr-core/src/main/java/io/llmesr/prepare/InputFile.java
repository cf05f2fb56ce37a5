package io.llmesr.prepare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One input file of a prepared dataset, identified by content.
 *
 * @param path   absolute path at preparation time (informative only)
 * @param bytes  size in bytes
 * @param sha256 SHA-256 of the content, lower-case hex (what decides "inputs unchanged")
 */
record InputFile(String path, long bytes, String sha256) {
  /** Hashes a file. */
  public static InputFile of(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long bytes = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      int n;
      while ((n = in.read(buf)) > 0) bytes += n;
    }
    return new InputFile(file.toAbsolutePath().normalize().toString(), bytes, HexFormat.of().formatHex(md.digest()));
  }

  /** Hashes every file, in the given order. */
  public static List<InputFile> ofAll(List<Path> files) throws IOException {
    List<InputFile> out = new ArrayList<>();
    for (Path p : files) out.add(of(p));
    return out;
  }
}
