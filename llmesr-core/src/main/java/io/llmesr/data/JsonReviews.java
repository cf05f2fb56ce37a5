package io.llmesr.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The review (interaction) side shared by the Amazon releases and Yelp: one JSON object per line, of which
 * four scalar fields are used (user, item, rating, time) and the rest (review text, votes, images) skipped
 * unparsed.
 */
final class JsonReviews {
  /** Converts the time field's text to the interaction's ordering key. */
  @FunctionalInterface
  interface TimeField {
    long parse(String field, String value) throws BadRecord;
  }

  private JsonReviews() { }

  static InteractionSource source(Path file, ReadStats stats, boolean lenient, java.nio.charset.Charset cs,
                                  String userField, String itemField, String ratingField, String timeField,
                                  TimeField time) {
    String[] names = {userField, itemField, ratingField, timeField};
    return LineSources.interactions(List.of(file), cs == null ? StandardCharsets.UTF_8 : cs, stats, lenient, (line, no) -> {
      String[] v = new String[4];
      JsonLines.scalars(line, names, v);
      String user = LineSources.required(userField, v[0]);
      String item = LineSources.required(itemField, v[1]);
      if (v[3] == null) throw BadRecord.missing(timeField);
      long ts = time.parse(timeField, v[3]);
      double rating = v[2] == null ? Double.NaN : Timestamps.parseRating(ratingField, v[2]);
      return new Interaction(user, item, ts, rating);
    });
  }
}
