package io.llmesr.text;

/**
 * The paper's Beauty item prompt (docs/model.md §2.4, {@code data/beauty/get_item_embedding.ipynb}):
 * <pre>
 * line 1: "The beauty item has following attributes: \n name is {title}; brand is {brand}; price is {price}. \n"
 * line 2: "The item has following features: {c1; c2; ...; }. \n"   (cut to 2048; omitted without categories)
 * line 3: "The item has following descriptions: {description}. \n"
 * </pre>
 * Missing title, brand, price or description read {@code unknown}. The concatenation is cut to its first
 * 4095 code points when it is longer than 4096.
 *
 * <p>Categories: the paper takes {@code categories[0]} of the Amazon 2014 meta record (the first category
 * path) and writes each element followed by {@code "; "}. Readers put that list in the {@code categories}
 * field joined with {@code "; "}, so the line is the field value followed by {@code "; "}.
 *
 * <p>Note: the paper has no rule for an item without any meta record (its notebook assumes one exists);
 * such items get the dataset's fallback prompt instead, see {@link PromptSet#fallbackItemPrompt}.
 */
final class BeautyItemPrompt implements ItemPromptTemplate {
  @Override
  public String name() {
    return "llmesr-paper/beauty-item";
  }

  @Override
  public String definition() {
    return "llmesr-paper/beauty-item v1: attributes(title,brand,price; unknown) + features(categories; cut 2048)"
        + " + descriptions(description; unknown); cut >4096 to 4095";
  }

  @Override
  public String prompt(ItemText item) {
    StringBuilder sb = new StringBuilder();
    sb.append("The beauty item has following attributes: \n name is ").append(orUnknown(item.get("title")))
        .append("; brand is ").append(orUnknown(item.get("brand")))
        .append("; price is ").append(orUnknown(item.get("price"))).append(". \n");
    String categories = item.get("categories");
    if (categories != null) {
      sb.append(TextCuts.cutLine("The item has following features: " + categories + "; . \n"));
    }
    sb.append("The item has following descriptions: ").append(orUnknown(item.get("description"))).append(". \n");
    return TextCuts.cutText(sb.toString());
  }

  static String orUnknown(String v) {
    return v == null ? "unknown" : v;
  }
}
