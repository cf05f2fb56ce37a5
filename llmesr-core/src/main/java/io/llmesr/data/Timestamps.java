package io.llmesr.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parsing of timestamp fields into the {@code long} ordering key of {@link Interaction}. */
final class Timestamps {
  private Timestamps() { }

  /**
   * Parses a timestamp value.
   * <ul>
   *   <li>integer ({@code 881250949}) → as is;</li>
   *   <li>decimal ({@code 881250949.0}, {@code 1.2e9}) → floor (fractional seconds are dropped; equal keys keep
   *       file order when sorted stably);</li>
   *   <li>ISO-8601 date-time with offset or {@code Z} ({@code 2019-01-02T03:04:05Z}) → epoch seconds;</li>
   *   <li>local date-time ({@code 2019-01-02 03:04:05} or with {@code T}) → epoch seconds, read as UTC;</li>
   *   <li>date ({@code 2019-01-02}) → epoch seconds of its start, UTC.</li>
   * </ul>
   *
   * @throws BadRecord naming {@code field} when the value is none of these
   */
  static long parse(String field, String value) throws BadRecord {
    String v = value.trim();
    if (v.isEmpty()) throw BadRecord.missing(field);
    if (isInteger(v)) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new BadRecord(field, "not a timestamp", "integer timestamp out of range: '" + BadRecord.abbreviate(v) + "'");
      }
    }
    char c0 = v.charAt(0);
    if (Character.isDigit(c0) && v.length() >= 10 && v.charAt(4) == '-') {
      try {
        if (v.length() == 10) return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String t = v.replace(' ', 'T');
        char last = t.charAt(t.length() - 1);
        if (last == 'Z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10) {
          return OffsetDateTime.parse(t).toEpochSecond();
        }
        return LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new BadRecord(field, "not a timestamp", "not a date-time: '" + BadRecord.abbreviate(v) + "'");
      }
    }
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d) || Math.abs(d) > 9.0e18) throw new NumberFormatException();
      return (long) Math.floor(d);
    } catch (NumberFormatException e) {
      throw new BadRecord(field, "not a timestamp", "not a timestamp: '" + BadRecord.abbreviate(v) + "'");
    }
  }

  /** Parses a strictly integral field (Amazon {@code unixReviewTime}, MovieLens timestamps). */
  static long parseLong(String field, String value) throws BadRecord {
    String v = value.trim();
    if (v.isEmpty()) throw BadRecord.missing(field);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw BadRecord.notANumber(field, v);
    }
  }

  /** Parses a finite double rating. */
  static double parseRating(String field, String value) throws BadRecord {
    String v = value.trim();
    if (v.isEmpty()) throw BadRecord.missing(field);
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) throw new NumberFormatException();
      return d;
    } catch (NumberFormatException e) {
      throw BadRecord.notANumber(field, v);
    }
  }

  /**
   * Yelp's {@code date} ({@code "YYYY-MM-DD hh:mm:ss"}, or {@code "YYYY-MM-DD"} in old releases) as the
   * integer {@code YYYYMMDDhhmmss} (docs/model.md §2.1). Numeric order equals the string order the paper's date
   * window uses, so {@code 2000-01-01 00:00:00 <= date <= 2019-12-31 00:00:00} is
   * {@code 20000101000000 <= ts <= 20191231000000}.
   */
  static long yelpDate(String field, String value) throws BadRecord {
    String v = value.trim();
    int n = v.length();
    boolean ok = (n == 10 || n == 19) && v.charAt(4) == '-' && v.charAt(7) == '-'
        && (n == 10 || (v.charAt(10) == ' ' || v.charAt(10) == 'T') && v.charAt(13) == ':' && v.charAt(16) == ':');
    if (!ok) throw new BadRecord(field, "not a date", "expected 'YYYY-MM-DD hh:mm:ss', got '" + BadRecord.abbreviate(v) + "'");
    long out = 0;
    int[] digits = n == 10 ? new int[] {0, 1, 2, 3, 5, 6, 8, 9} : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    for (int i : digits) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw new BadRecord(field, "not a date", "expected 'YYYY-MM-DD hh:mm:ss', got '" + BadRecord.abbreviate(v) + "'");
      }
      out = out * 10 + (c - '0');
    }
    if (n == 10) out *= 1_000_000L;
    return out;
  }

  private static boolean isInteger(String v) {
    int i = (v.charAt(0) == '-' || v.charAt(0) == '+') ? 1 : 0;
    if (i == v.length()) return false;
    for (; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') return false;
    }
    return true;
  }

  /** Epoch milliseconds → seconds (Amazon 2023), flooring. */
  static long millisToSeconds(long ms) {
    return Math.floorDiv(ms, 1000L);
  }

}
