package io.llmesr.data;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * A line whose bytes are not valid in the file's declared charset (e.g. Latin-1 bytes in a UTF-8 file).
 * Raised by {@link LineReader}; readers turn it into a {@link DataFormatException} or, in lenient mode, a
 * counted skip.
 */
public final class LineEncodingException extends IOException {
  private final transient Path file;
  private final long line;

  public LineEncodingException(Path file, long line, Charset charset, int column) {
    super(file + ":" + line + ": invalid " + charset.name() + " byte sequence at byte " + column + " of the line");
    this.file = file;
    this.line = line;
  }

  public Path file() { return file; }

  public long line() { return line; }
}
