package io.llmesr.data;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads a text file line by line with exact 1-based line numbers, in bounded memory (one line at a time).
 *
 * <p>Lines end at {@code \n}; a trailing {@code \r} is removed; a UTF-8 byte-order mark at the start of the
 * file is skipped. Each line is decoded on its own with a {@link CharsetDecoder} that REPORTs malformed
 * input, so an encoding error names exactly the line that holds the bad bytes ({@link LineEncodingException});
 * the reader can continue with the next line after such an error. Gzip is handled by {@link TextFiles#open}.
 * A truncated or corrupt gzip stream raises a {@link DataFormatException} naming the file and the line being
 * read when the stream broke.
 */
final class LineReader implements Closeable {
  private final Path file;
  private final long size;
  private final long[] rawBytesRead = new long[1];
  private final InputStream in;
  private final CharsetDecoder decoder;
  private final boolean asciiCompatible;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] line = new byte[512];
  private long lineNumber;
  private boolean eof;

  /** Opens {@code file} (gzip or plain) for reading in {@code charset}. */
  public LineReader(Path file, Charset charset) throws IOException {
    this.file = file;
    this.in = TextFiles.open(file, rawBytesRead);
    this.size = Files.size(file);
    this.decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.asciiCompatible = charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
        || charset.equals(StandardCharsets.ISO_8859_1);
  }

  /** The file being read. */
  public Path file() {
    return file;
  }

  /** Fraction of the file (compressed bytes, as stored) consumed so far, in [0, 1]. */
  public double fractionRead() {
    return size <= 0 ? 1.0 : Math.min(1.0, rawBytesRead[0] / (double) size);
  }

  /** 1-based number of the line returned last by {@link #next()} (0 before the first call). */
  public long lineNumber() {
    return lineNumber;
  }

  /**
   * The next line without its terminator, or {@code null} at end of file.
   *
   * @throws LineEncodingException when the line's bytes are not valid in the charset (the line is consumed)
   * @throws DataFormatException   when the gzip stream is truncated or corrupt
   */
  public String next() throws IOException {
    if (eof && pos >= limit) return null;
    int n = 0;
    boolean any = false;
    while (true) {
      if (pos >= limit) {
        if (!fill()) break;
      }
      any = true;
      int start = pos;
      int end = start;
      byte[] b = buf;
      int lim = limit;
      while (end < lim && b[end] != '\n') end++;
      int len = end - start;
      if (n + len > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, n + len));
      System.arraycopy(b, start, line, n, len);
      n += len;
      if (end < lim) {
        pos = end + 1;
        return decode(n, true);
      }
      pos = lim;
    }
    if (!any && n == 0) return null;
    return decode(n, false);
  }

  private String decode(int n, boolean terminated) throws IOException {
    lineNumber++;
    if (n > 0 && line[n - 1] == '\r') n--;
    int from = 0;
    if (lineNumber == 1 && n >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
      from = 3;
    }
    if (asciiCompatible) {
      boolean ascii = true;
      for (int i = from; i < n; i++) {
        if (line[i] < 0) { ascii = false; break; }
      }
      if (ascii) return new String(line, from, n - from, StandardCharsets.ISO_8859_1);
    }
    try {
      decoder.reset();
      CharBuffer cb = decoder.decode(ByteBuffer.wrap(line, from, n - from));
      return cb.toString();
    } catch (CharacterCodingException e) {
      throw new LineEncodingException(file, lineNumber, decoder.charset(), firstBadByte(from, n));
    }
  }

  private int firstBadByte(int from, int n) {
    CharsetDecoder d = decoder.charset().newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bb = ByteBuffer.wrap(line, from, n - from);
    CharBuffer out = CharBuffer.allocate(n - from + 1);
    d.decode(bb, out, true);
    return bb.position() - from + 1;
  }

  private boolean fill() throws IOException {
    if (eof) return false;
    int r;
    try {
      r = in.read(buf, 0, buf.length);
    } catch (EOFException | ZipException e) {
      throw new DataFormatException(file, lineNumber + 1, null,
          "truncated or corrupt gzip stream while reading line " + (lineNumber + 1) + " (" + e.getMessage() + ")", e);
    }
    if (r < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = r;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
