package io.llmesr.data;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the {@link InteractionSource}s and {@link ItemSource}s of line-oriented formats from a per-line parser,
 * with the shared policy: reset the pass counters, scan every file in order, require at least one interaction,
 * count items without text, log a summary.
 */
final class LineSources {
  private LineSources() { }

  /** Parses one line into an interaction (or {@code null} to ignore the line, e.g. a header). */
  @FunctionalInterface
  interface InteractionParser {
    Interaction parse(String line, long lineNumber) throws BadRecord;
  }

  /** Parses one line into an item record (or {@code null} to ignore the line). */
  @FunctionalInterface
  interface ItemParser {
    ItemRecord parse(String line, long lineNumber) throws BadRecord;
  }

  static InteractionSource interactions(List<Path> files, Charset cs, ReadStats stats, boolean lenient,
                                        InteractionParser parser) {
    return sink -> {
      ReadStats.Pass pass = stats.interactions();
      pass.reset();
      for (Path file : files) {
        LineScanner.scan(file, cs, pass, lenient, (line, no) -> {
          Interaction i = parser.parse(line, no);
          if (i != null) {
            sink.accept(i);
            pass.record();
          }
        });
        LineScanner.logSummary(file, pass);
      }
      requireRecords(files.get(files.size() - 1), pass, "interactions");
    };
  }

  static ItemSource items(Path file, Charset cs, ReadStats stats, boolean lenient, ItemParser parser) {
    if (file == null) return ItemSource.none();
    return sink -> {
      ReadStats.Pass pass = stats.items();
      pass.reset();
      LineScanner.scan(file, cs, pass, lenient, (line, no) -> {
        ItemRecord r = parser.parse(line, no);
        if (r != null) {
          if (r.fields().isEmpty()) pass.withoutText();
          sink.accept(r);
          pass.record();
        }
      });
      LineScanner.logSummary(file, pass);
    };
  }

  /** Fails when a pass produced no record (an interaction source must not be empty). */
  static void requireRecords(Path file, ReadStats.Pass pass, String what) {
    if (pass.records() == 0) {
      String why = pass.skippedTotal() > 0 ? " (" + pass.skippedTotal() + " lines skipped: " + pass.skipped() + ")" : "";
      throw new DataFormatException(file, 0, null, "no " + what + " found" + why);
    }
  }

  /** A required string field: present and non-blank. */
  static String required(String field, String value) throws BadRecord {
    if (value == null || value.isBlank()) throw BadRecord.missing(field);
    return value;
  }
}
