package io.llmesr.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amazon Review Data 2018 (Ni, Li, McAuley): {@code <Category>.json.gz} or {@code <Category>_5.json.gz}
 * (JSON lines: {@code reviewerID}, {@code asin}, {@code overall}, {@code unixReviewTime}) and
 * {@code meta_<Category>.json.gz} (JSON lines: {@code asin}, {@code title}, {@code brand}, {@code price},
 * {@code feature}[], {@code description}[], {@code category}[], {@code date}, {@code main_cat}, {@code rank}).
 *
 * <p>Timestamp: {@code unixReviewTime} in seconds (day granularity). Item fields (docs/model.md §2.4, Fashion):
 * {@code title}, {@code brand}, {@code price} (as written, e.g. {@code $12.99}), {@code categories},
 * {@code features}, {@code description} (lists joined with {@code "; "}), {@code date}, {@code main_category},
 * {@code sales_rank} (the {@code rank} text). Domain: inferred from the category name.
 */
final class Amazon2018Reader {
  static final String FORMAT = "amazon2018";

  private Amazon2018Reader() { }

  static RawData open(Path input, ReaderOptions options) throws IOException {
    AmazonLayout layout = AmazonLayout.find(input, "", "json", options);
    ReadStats stats = new ReadStats();
    InteractionSource interactions = JsonReviews.source(layout.reviews(), stats, options.lenient(),
        options.charset(), "reviewerID", "asin", "overall", "unixReviewTime", Timestamps::parseLong);
    ItemSource items = LineSources.items(layout.meta(), options.charsetOr(StandardCharsets.UTF_8), stats,
        options.lenient(), (line, no) -> item(line));
    return new RawData(FORMAT, interactions, items, layout.files(), options.domainOr(layout.inferredDomain()), stats);
  }

  static ItemRecord item(String line) throws BadRecord {
    ObjectNode o = JsonLines.object(line);
    String asin = LineSources.required("asin", FieldValues.text(o.get("asin")));
    Map<String, String> f = new LinkedHashMap<>();
    FieldValues.put(f, "title", FieldValues.text(o.get("title")));
    FieldValues.put(f, "brand", FieldValues.text(o.get("brand")));
    FieldValues.put(f, "price", FieldValues.text(o.get("price")));
    FieldValues.put(f, "categories", FieldValues.text(o.get("category")));
    FieldValues.put(f, "features", FieldValues.text(o.get("feature")));
    FieldValues.put(f, "description", FieldValues.text(o.get("description")));
    FieldValues.put(f, "date", FieldValues.text(o.get("date")));
    FieldValues.put(f, "main_category", FieldValues.text(o.get("main_cat")));
    FieldValues.put(f, "sales_rank", FieldValues.text(o.get("rank")));
    return new ItemRecord(asin, f);
  }
}
