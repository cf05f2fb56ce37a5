package io.llmesr.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amazon Reviews 2023 (Hou et al., McAuley Lab): {@code <Category>.jsonl.gz} (JSON lines: {@code user_id},
 * {@code parent_asin}, {@code rating}, {@code timestamp} in milliseconds) and {@code meta_<Category>.jsonl.gz}
 * ({@code parent_asin}, {@code title}, {@code store}, {@code price}, {@code features}[], {@code description}[],
 * {@code categories}[], {@code main_category}, {@code average_rating}, {@code rating_number}).
 *
 * <p>Items are {@code parent_asin} (product families, as the 2023 benchmarks use), not the variant {@code asin}.
 * Timestamp: milliseconds floored to seconds, so that every Amazon release has epoch-second keys
 * ({@link Interaction}). Note: two reviews of one user in the same second then tie and keep file order.
 * Item fields: {@code title}, {@code brand} (from {@code store}), {@code price} (absent when {@code null} or
 * {@code "None"}), {@code categories}, {@code features}, {@code description} (lists joined with {@code "; "}),
 * {@code main_category}, {@code average_rating}, {@code rating_number}. Domain: inferred from the category name.
 */
final class Amazon2023Reader {
  static final String FORMAT = "amazon2023";

  private Amazon2023Reader() { }

  static RawData open(Path input, ReaderOptions options) throws IOException {
    AmazonLayout layout = AmazonLayout.find(input, "", "jsonl", options);
    ReadStats stats = new ReadStats();
    InteractionSource interactions = JsonReviews.source(layout.reviews(), stats, options.lenient(),
        options.charset(), "user_id", "parent_asin", "rating", "timestamp",
        (field, value) -> Timestamps.millisToSeconds(Timestamps.parseLong(field, value)));
    ItemSource items = LineSources.items(layout.meta(), options.charsetOr(StandardCharsets.UTF_8), stats,
        options.lenient(), (line, no) -> item(line));
    return new RawData(FORMAT, interactions, items, layout.files(), options.domainOr(layout.inferredDomain()), stats);
  }

  static ItemRecord item(String line) throws BadRecord {
    ObjectNode o = JsonLines.object(line);
    String id = LineSources.required("parent_asin", FieldValues.text(o.get("parent_asin")));
    Map<String, String> f = new LinkedHashMap<>();
    FieldValues.put(f, "title", FieldValues.text(o.get("title")));
    FieldValues.put(f, "brand", FieldValues.text(o.get("store")));
    JsonNode price = o.get("price");
    String p = FieldValues.text(price);
    if (p != null && !p.equals("None")) f.put("price", p);
    FieldValues.put(f, "categories", FieldValues.text(o.get("categories")));
    FieldValues.put(f, "features", FieldValues.text(o.get("features")));
    FieldValues.put(f, "description", FieldValues.text(o.get("description")));
    FieldValues.put(f, "main_category", FieldValues.text(o.get("main_category")));
    FieldValues.put(f, "average_rating", FieldValues.text(o.get("average_rating")));
    FieldValues.put(f, "rating_number", FieldValues.text(o.get("rating_number")));
    return new ItemRecord(id, f);
  }
}
