package io.llmesr.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Yelp Open Dataset: {@code yelp_academic_dataset_review.json} (JSON lines: {@code user_id},
 * {@code business_id}, {@code stars}, {@code date}) and {@code yelp_academic_dataset_business.json}
 * ({@code business_id}, {@code name}, {@code categories}, {@code city}, {@code state}, {@code stars},
 * {@code review_count}, {@code is_open} — or {@code open} and {@code type} in old releases).
 *
 * <p>Timestamp (docs/model.md §2.1): {@code date} {@code "YYYY-MM-DD hh:mm:ss"} as the integer {@code YYYYMMDDhhmmss}
 * (a date without time gets {@code 000000}). This keeps the raw date losslessly; the paper's window
 * {@code 2000-01-01 00:00:00 <= date <= 2019-12-31 00:00:00} is the numeric range
 * {@code 20000101000000..20191231000000}, applied by the recipe, not here.
 * Item fields: {@code name}, {@code categories} (comma string of new releases or list of old ones, joined with
 * {@code "; "}), {@code city}, {@code state}, {@code stars}, {@code review_count}, {@code open}
 * ({@code true}/{@code false} from {@code is_open} 1/0 or {@code open}), {@code type} (old releases).
 * Domain: "yelp".
 */
final class YelpReader {
  static final String FORMAT = "yelp";
  static final String REVIEWS = "yelp_academic_dataset_review.json";
  static final String BUSINESS = "yelp_academic_dataset_business.json";

  private YelpReader() { }

  static RawData open(Path input, ReaderOptions options) throws IOException {
    Path reviews;
    Path business;
    if (Files.isDirectory(input)) {
      reviews = InputFiles.one(input, "review file (" + REVIEWS + "[.gz])", n -> TextFiles.stripGz(n).equals(REVIEWS));
      business = InputFiles.optional(input, "business file", n -> TextFiles.stripGz(n).equals(BUSINESS));
    } else {
      reviews = InputFiles.requireExisting(input);
      Path dir = reviews.toAbsolutePath().getParent();
      business = InputFiles.optional(dir, "business file", n -> TextFiles.stripGz(n).equals(BUSINESS));
    }
    if (business != null && !Files.isDirectory(input)) business = reviews.resolveSibling(business.getFileName());
    ReadStats stats = new ReadStats();
    InteractionSource interactions = JsonReviews.source(reviews, stats, options.lenient(), options.charset(),
        "user_id", "business_id", "stars", "date", Timestamps::yelpDate);
    ItemSource items = LineSources.items(business, options.charsetOr(StandardCharsets.UTF_8), stats,
        options.lenient(), (line, no) -> item(line));
    List<Path> files = business == null ? List.of(reviews) : List.of(reviews, business);
    return new RawData(FORMAT, interactions, items, files, options.domainOr("yelp"), stats);
  }

  static ItemRecord item(String line) throws BadRecord {
    ObjectNode o = JsonLines.object(line);
    String id = LineSources.required("business_id", FieldValues.text(o.get("business_id")));
    Map<String, String> f = new LinkedHashMap<>();
    FieldValues.put(f, "name", FieldValues.text(o.get("name")));
    JsonNode cats = o.get("categories");
    if (cats != null && cats.isTextual()) {
      StringBuilder sb = new StringBuilder();
      for (String c : cats.textValue().split(",")) {
        if (c.isBlank()) continue;
        if (sb.length() > 0) sb.append(FieldValues.JOIN);
        sb.append(c.strip());
      }
      FieldValues.put(f, "categories", FieldValues.blankToNull(sb.toString()));
    } else {
      FieldValues.put(f, "categories", FieldValues.text(cats));
    }
    FieldValues.put(f, "city", FieldValues.text(o.get("city")));
    FieldValues.put(f, "state", FieldValues.text(o.get("state")));
    FieldValues.put(f, "stars", FieldValues.text(o.get("stars")));
    FieldValues.put(f, "review_count", FieldValues.text(o.get("review_count")));
    JsonNode open = o.has("is_open") ? o.get("is_open") : o.get("open");
    if (open != null && !open.isNull()) {
      boolean isOpen = open.isBoolean() ? open.booleanValue()
          : open.isNumber() ? open.intValue() != 0
          : open.asText().equalsIgnoreCase("true") || open.asText().equals("1");
      f.put("open", Boolean.toString(isOpen));
    }
    FieldValues.put(f, "type", FieldValues.text(o.get("type")));
    return new ItemRecord(id, f);
  }
}
