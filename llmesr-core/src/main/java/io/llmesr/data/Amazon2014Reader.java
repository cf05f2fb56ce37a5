package io.llmesr.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon Review Data 2014 (McAuley et al.): {@code reviews_<Category>[_5].json.gz} (JSON lines with
 * {@code reviewerID}, {@code asin}, {@code overall}, {@code unixReviewTime}) and {@code meta_<Category>.json.gz},
 * whose lines are Python dict literals (parsed by {@link PythonLiteral}; the paper's code uses {@code eval}).
 *
 * <p>Timestamp: {@code unixReviewTime}, seconds since the epoch at day granularity (many ties; stable sorting
 * keeps file order, docs/model.md §2.1). Item fields (docs/model.md §2.4, Beauty): {@code title}, {@code brand},
 * {@code price}, {@code categories} = {@code categories[0]} joined with {@code "; "}, {@code description},
 * {@code sales_rank} (the rank number of the first {@code salesRank} entry) and {@code sales_rank_category}
 * (its category). Domain: inferred from the category name ("beauty", "fashion"), else none.
 *
 * <p>Note: the meta files were written by Python 2, where a string without {@code u} prefix is a byte string
 * whose non-ASCII bytes appear as {@code \xhh} escapes of UTF-8 ({@code 'Caf\xc3\xa9'}). We decode those
 * bytes as UTF-8 ({@code Café}; {@link PythonLiteral#parse(String, boolean)}), whereas the paper's Python 3
 * {@code eval} yields mojibake ({@code CafÃ©}). Literals whose bytes are not valid UTF-8 keep their Python 3
 * meaning.
 */
final class Amazon2014Reader {
  static final String FORMAT = "amazon2014";

  private Amazon2014Reader() { }

  static RawData open(Path input, ReaderOptions options) throws IOException {
    AmazonLayout layout = AmazonLayout.find(input, "reviews_", "json", options);
    ReadStats stats = new ReadStats();
    InteractionSource interactions = JsonReviews.source(layout.reviews(), stats, options.lenient(),
        options.charset(), "reviewerID", "asin", "overall", "unixReviewTime", Timestamps::parseLong);
    ItemSource items = LineSources.items(layout.meta(), options.charsetOr(StandardCharsets.UTF_8), stats,
        options.lenient(), (line, no) -> item(line));
    return new RawData(FORMAT, interactions, items, layout.files(), options.domainOr(layout.inferredDomain()), stats);
  }

  /** One meta line → item record. */
  static ItemRecord item(String line) throws BadRecord {
    Map<Object, Object> d;
    try {
      d = PythonLiteral.parseDict(line, true);
    } catch (PythonLiteral.SyntaxException e) {
      throw new BadRecord(null, "bad python literal", "not a Python dict literal: " + e.getMessage());
    }
    Object asin = d.get("asin");
    if (!(asin instanceof String) || ((String) asin).isBlank()) throw BadRecord.missing("asin");
    Map<String, String> f = new LinkedHashMap<>();
    FieldValues.put(f, "title", FieldValues.text(d.get("title")));
    FieldValues.put(f, "brand", FieldValues.text(d.get("brand")));
    FieldValues.put(f, "price", FieldValues.text(d.get("price")));
    Object cats = d.get("categories");
    if (cats instanceof List<?> outer && !outer.isEmpty()) {
      Object first = outer.get(0);
      FieldValues.put(f, "categories", FieldValues.text(first instanceof List<?> ? first : outer));
    } else if (cats != null) {
      FieldValues.put(f, "categories", FieldValues.text(cats));
    }
    FieldValues.put(f, "description", FieldValues.text(d.get("description")));
    if (d.get("salesRank") instanceof Map<?, ?> rank && !rank.isEmpty()) {
      Map.Entry<?, ?> e = rank.entrySet().iterator().next();
      FieldValues.put(f, "sales_rank", FieldValues.text(e.getValue()));
      FieldValues.put(f, "sales_rank_category", FieldValues.text(e.getKey()));
    }
    return new ItemRecord((String) asin, f);
  }
}
