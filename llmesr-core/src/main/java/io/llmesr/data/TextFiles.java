package io.llmesr.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens source files for reading, decompressing gzip transparently. Gzip is recognised by its magic
 * bytes {@code 1f 8b}, not by the file name, so {@code reviews.json} that is really gzip, and
 * {@code reviews.json.gz} that is really plain text, both read correctly. Concatenated gzip members
 * (as written by {@code pigz} or by appending) are read as one stream.
 */
final class TextFiles {
  private static final int BUFFER = 1 << 16;

  private TextFiles() { }

  /** Whether the file starts with the gzip magic bytes. */
  public static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /**
   * Opens {@code file} as a decompressed byte stream.
   *
   * @throws DataFormatException when the file does not exist, is a directory, or is empty (0 bytes)
   */
  public static InputStream open(Path file) throws IOException {
    return open(file, null);
  }

  /**
   * As {@link #open(Path)}; when {@code progress} is given, it is updated with the number of raw (compressed)
   * bytes read so far, which against the file size gives the fraction done.
   */
  static InputStream open(Path file, long[] progress) throws IOException {
    if (Files.isDirectory(file)) throw new DataFormatException(file, 0, null, "is a directory, expected a file");
    if (!Files.exists(file)) throw new DataFormatException(file, 0, null, "file not found");
    if (Files.size(file) == 0) throw new DataFormatException(file, 0, null, "empty file (0 bytes)");
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file, 0, null, "file not found", e);
    }
    if (progress != null) raw = new Counting(raw, progress);
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new GZIPInputStream(in, BUFFER);
      } catch (IOException e) {
        in.close();
        throw new DataFormatException(file, 0, null, "corrupt gzip header: " + e.getMessage(), e);
      }
    }
    return in;
  }

  /** Counts bytes read into {@code count[0]}. */
  private static final class Counting extends FilterInputStream {
    private final long[] count;

    Counting(InputStream in, long[] count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count[0]++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count[0] += n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = super.skip(n);
      count[0] += k;
      return k;
    }
  }

  /** Whether {@code name} ends with a gzip suffix ({@code .gz}); only used to find files, never to decide how to read them. */
  static String stripGz(String name) {
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }
}
