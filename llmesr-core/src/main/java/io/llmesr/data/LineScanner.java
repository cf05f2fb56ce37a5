package io.llmesr.data;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every line-oriented reader shares: read each line of a file with {@link LineReader}, skip blank
 * lines, hand the rest to a parser, and apply the strict/lenient policy to its complaints.
 *
 * <p>Strict (default): the first bad line raises a {@link DataFormatException} naming file, line and field.
 * Lenient: the bad line is skipped and counted in {@link ReadStats.Pass#skipped()} under its reason; a
 * summary is logged after the pass. Encoding errors follow the same policy. A truncated gzip stream and an
 * empty file are always errors.
 */
final class LineScanner {
  private static final Logger LOG = LoggerFactory.getLogger(LineScanner.class);
  /** Progress is logged every 10 seconds on long reads. */
  static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  /** Parses one non-blank line. */
  @FunctionalInterface
  interface LineParser {
    void parse(String line, long lineNumber) throws BadRecord;
  }

  private LineScanner() { }

  /**
   * Scans {@code file}, calling {@code parser} for every non-blank line, counting into {@code pass}.
   * Does not reset {@code pass} (a part may span several files).
   *
   * @return number of non-blank lines seen
   */
  static long scan(Path file, Charset charset, ReadStats.Pass pass, boolean lenient, LineParser parser)
      throws IOException {
    long nonBlank = 0;
    Progress progress = new Progress(file);
    try (LineReader reader = new LineReader(file, charset)) {
      while (true) {
        if ((reader.lineNumber() & 0xFFFF) == 0) progress.maybeLog(reader);
        String line;
        try {
          line = reader.next();
        } catch (LineEncodingException e) {
          pass.line();
          nonBlank++;
          if (!lenient) throw new DataFormatException(file, e.line(), null, stripPrefix(e.getMessage(), file, e.line()), e);
          pass.skip("invalid encoding", e.getMessage());
          continue;
        }
        if (line == null) break;
        pass.line();
        if (line.isBlank()) {
          pass.blank();
          continue;
        }
        nonBlank++;
        try {
          parser.parse(line, reader.lineNumber());
        } catch (BadRecord bad) {
          if (!lenient) throw new DataFormatException(file, reader.lineNumber(), bad.field(), bad.getMessage());
          pass.skip(bad.key(), new DataFormatException(file, reader.lineNumber(), bad.field(), bad.getMessage()).getMessage());
        }
      }
    }
    if (nonBlank == 0) throw new DataFormatException(file, 0, null, "empty file: no non-blank lines");
    return nonBlank;
  }

  /** Logs a progress line (lines, rate, % of the file, ETA) at most every {@link #PROGRESS_EVERY_NANOS}. */
  static final class Progress {
    private final Path file;
    private final long start = System.nanoTime();
    private long last = start;

    Progress(Path file) {
      this.file = file;
    }

    void maybeLog(LineReader reader) {
      long now = System.nanoTime();
      if (now - last < PROGRESS_EVERY_NANOS || reader.lineNumber() == 0) return;
      last = now;
      double secs = (now - start) / 1e9;
      double frac = reader.fractionRead();
      long eta = frac > 0 ? Math.round(secs * (1 - frac) / frac) : -1;
      LOG.info("{}: {} lines, {} lines/s, {}% of the file, ETA {} s", file.getFileName(), reader.lineNumber(),
          Math.round(reader.lineNumber() / secs), Math.round(frac * 100), eta);
    }
  }

  /** Logs the pass summary: INFO normally, WARN when lines were skipped. */
  static void logSummary(Path file, ReadStats.Pass pass) {
    if (pass.skippedTotal() > 0) {
      LOG.warn("{}: {} (first: {})", file.getFileName(), pass.summary(), pass.examples());
    } else {
      LOG.info("{}: {}", file.getFileName(), pass.summary());
    }
  }

  private static String stripPrefix(String message, Path file, long line) {
    String prefix = file + ":" + line + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
