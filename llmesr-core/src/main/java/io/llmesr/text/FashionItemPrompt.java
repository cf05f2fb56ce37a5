package io.llmesr.text;

/**
 * The paper's Fashion item prompt (docs/model.md §2.4, Amazon 2018 meta fields):
 * <pre>
 * line 1: "The fashion item has following attributes: \n name is {title}; brand is {brand}; score is {date}; price is {price}. \n"
 * line 2: "The item has following features: {f1; f2; ...; }. \n"      from feature (list)
 * line 3: "The item has following descriptions: {d1; d2; ...; }. \n"  from description (list)
 * </pre>
 * Line 1: a missing value, or one longer than 100 code points, reads {@code unknown} (the "100-char field
 * rule"). Lines 2 and 3 are omitted when the list is absent and cut to their first 2048 code points.
 * There is no whole-text cut for Fashion in the paper's notebook (that rule is Beauty's).
 *
 * <p>Lists come joined with {@code "; "} ({@code ItemRecord} convention); "each element followed by
 * {@code "; "}" is then the field value followed by {@code "; "}. The feature list is read from field
 * {@code features}, or {@code feature} (the raw 2018 key) when absent.
 */
final class FashionItemPrompt implements ItemPromptTemplate {
  @Override
  public String name() {
    return "llmesr-paper/fashion-item";
  }

  @Override
  public String definition() {
    return "llmesr-paper/fashion-item v1: attributes(title,brand,date,price; unknown if missing or >100)"
        + " + features(features|feature; cut 2048; omitted if absent) + descriptions(description; cut 2048; omitted if absent)";
  }

  @Override
  public String prompt(ItemText item) {
    StringBuilder sb = new StringBuilder();
    sb.append("The fashion item has following attributes: \n name is ").append(shortOrUnknown(item.get("title")))
        .append("; brand is ").append(shortOrUnknown(item.get("brand")))
        .append("; score is ").append(shortOrUnknown(item.get("date")))
        .append("; price is ").append(shortOrUnknown(item.get("price"))).append(". \n");
    String features = item.first("features", "feature");
    if (features != null) {
      sb.append(TextCuts.cutLine("The item has following features: " + features + "; . \n"));
    }
    String descriptions = item.get("description");
    if (descriptions != null) {
      sb.append(TextCuts.cutLine("The item has following descriptions: " + descriptions + "; . \n"));
    }
    return sb.toString();
  }

  static String shortOrUnknown(String v) {
    return v == null || TextCuts.length(v) > TextCuts.FIELD_LIMIT ? "unknown" : v;
  }
}
