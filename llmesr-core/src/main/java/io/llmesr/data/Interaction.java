package io.llmesr.data;

/**
 * One raw user–item interaction as read from a source file, before any filtering or id mapping.
 *
 * @param user      raw user id as it appears in the source (e.g. Amazon {@code reviewerID})
 * @param item      raw item id as it appears in the source (e.g. Amazon {@code asin})
 * @param timestamp ordering key; seconds since the epoch where the source has real time, otherwise any
 *                  monotone key (Yelp: {@code YYYYMMDDhhmmss} as in docs/model.md §2.1; atomic files: whatever the
 *                  {@code timestamp} column holds)
 * @param rating    explicit rating, or {@link Double#NaN} when the source has none
 */
public record Interaction(String user, String item, long timestamp, double rating) {
  public Interaction {
    if (user == null || user.isEmpty()) throw new IllegalArgumentException("empty user id");
    if (item == null || item.isEmpty()) throw new IllegalArgumentException("empty item id");
  }

  /** Whether the source carried a rating for this interaction. */
  public boolean hasRating() {
    return !Double.isNaN(rating);
  }
}
