package io.llmesr.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;

/**
 * A {@link Reader} over a {@link LineReader}: the file's lines, each followed by {@code \n} (line ends are
 * normalised). Lets character-stream parsers such as commons-csv use the line reader's gzip sniffing, BOM
 * skipping and exact-line encoding errors ({@link LineEncodingException}).
 *
 * <p>Each {@code read} call returns at most the rest of one line, so a buffering parser is never more than one
 * line ahead: {@link #currentLine()} is the line the parser is working on. {@link #lineAt(long)} maps a character
 * position (as commons-csv reports for a record's start) to its physical line, skipping blank lines; it keeps only
 * the line starts not yet passed, so memory stays bounded.
 */
final class LineReaderReader extends Reader {
  private final LineReader lines;
  private String current = "";
  private int pos = 1;
  private boolean eof;
  private long charsDelivered;
  /** Pending line starts: {offset, lineNumber, blank(0/1)}, in order. */
  private final ArrayDeque<long[]> starts = new ArrayDeque<>();

  LineReaderReader(LineReader lines) {
    this.lines = lines;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (pos > current.length()) {
      if (eof) return -1;
      String next = lines.next();
      if (next == null) {
        eof = true;
        return -1;
      }
      current = next;
      pos = 0;
      starts.addLast(new long[] {charsDelivered, lines.lineNumber(), next.isBlank() ? 1 : 0});
    }
    int written = 0;
    int n = Math.min(len, current.length() - pos);
    if (n > 0) {
      current.getChars(pos, pos + n, cbuf, off);
      pos += n;
      written = n;
    }
    if (written < len && pos == current.length()) {
      cbuf[off + written++] = '\n';
      pos++;
    }
    charsDelivered += written;
    return written;
  }

  /** The underlying line reader (for progress). */
  LineReader lineReader() {
    return lines;
  }

  /** The physical line most recently handed out (0 before the first). */
  long currentLine() {
    return lines.lineNumber();
  }

  /**
   * The 1-based physical line holding character {@code position}, moved forward past blank lines. Positions
   * must be asked in non-decreasing order.
   */
  long lineAt(long position) {
    while (starts.size() > 1) {
      long[] first = starts.pollFirst();
      long[] second = starts.peekFirst();
      if (second[0] > position) {
        starts.addFirst(first);
        break;
      }
    }
    for (long[] s : starts) {
      if (s[2] == 0) return s[1];
    }
    return starts.isEmpty() ? currentLine() : starts.peekLast()[1];
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
