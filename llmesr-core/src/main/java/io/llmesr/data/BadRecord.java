package io.llmesr.data;

/**
 * A problem with one line, thrown by a format's line parser and turned by {@link LineScanner} into either a
 * {@link DataFormatException} (strict) or a counted skip (lenient). Carries no stack trace: it is cheap and
 * expected in lenient mode.
 */
final class BadRecord extends Exception {
  private final String field;
  private final String reason;

  /**
   * @param field   offending field or column name, or {@code null} when the whole line is bad
   * @param reason  short category used as the skip-count key (e.g. "missing", "not a number", "bad json")
   * @param problem the full human-readable problem
   */
  BadRecord(String field, String reason, String problem) {
    super(problem, null, false, false);
    this.field = field;
    this.reason = reason;
  }

  String field() { return field; }

  /** Key under which a lenient skip is counted: {@code field: reason}. */
  String key() { return field == null ? reason : field + ": " + reason; }

  static BadRecord missing(String field) {
    return new BadRecord(field, "missing", "missing or empty");
  }

  static BadRecord notANumber(String field, String value) {
    return new BadRecord(field, "not a number", "not a number: '" + abbreviate(value) + "'");
  }

  static String abbreviate(String s) {
    if (s == null) return "null";
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
