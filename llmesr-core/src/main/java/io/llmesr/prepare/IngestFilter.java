package io.llmesr.prepare;

import io.llmesr.data.Interaction;

/**
 * Per-interaction filters applied while streaming the source, before any counting (docs/model.md §2.1).
 *
 * @param dropNonPositiveRatings drop an interaction whose rating is present and {@code <= 0}
 *                               (the paper's rating filter; interactions without a rating are kept)
 * @param fromTimestamp          keep only timestamps {@code >= fromTimestamp} (inclusive), or {@code null}
 * @param toTimestamp            keep only timestamps {@code <= toTimestamp} (inclusive), or {@code null}
 */
record IngestFilter(boolean dropNonPositiveRatings, Long fromTimestamp, Long toTimestamp) {
  /** The paper's Yelp window: {@code 2000-01-01 00:00:00 <= date <= 2019-12-31 00:00:00} as YYYYMMDDhhmmss. */
  public static final long YELP_FROM = 20000101000000L;
  /** Upper end of the Yelp window (inclusive). */
  public static final long YELP_TO = 20191231000000L;

  /** Why an interaction was dropped, or {@code null} when it is kept. */
  public String reject(Interaction x) {
    if (dropNonPositiveRatings && x.hasRating() && x.rating() <= 0.0) return "rating";
    if (fromTimestamp != null && x.timestamp() < fromTimestamp) return "date";
    if (toTimestamp != null && x.timestamp() > toTimestamp) return "date";
    return null;
  }
}
