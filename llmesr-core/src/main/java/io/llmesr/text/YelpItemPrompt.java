package io.llmesr.text;

/**
 * The paper's Yelp point-of-interest prompt (docs/model.md §2.4):
 * <pre>
 * "The point of interest has following attributes: \n name is {name}; category is {cats}; type is {type};
 *  open status is {open}; review count is {review_count}; city is {city}; average score is {stars}."
 * </pre>
 * (one line, no line break before {@code category}), where {@code {cats}} is each category followed by one
 * space. The open status is read from {@code open}, or {@code is_open} (the key of newer Yelp dumps).
 *
 * <p>Note: the notebook iterates {@code categories}; on the old Yelp dump that is a list, on newer dumps a
 * comma string, which Python would iterate character by character. We always treat it as a list (readers
 * give it joined with {@code "; "}). Missing fields read {@code unknown} (the notebook would raise).
 */
final class YelpItemPrompt implements ItemPromptTemplate {
  @Override
  public String name() {
    return "llmesr-paper/yelp-item";
  }

  @Override
  public String definition() {
    return "llmesr-paper/yelp-item v1: name, categories (each + ' '), type, open|is_open, review_count, city, stars; unknown if missing";
  }

  @Override
  public String prompt(ItemText item) {
    String cats = "unknown";
    String categories = item.get("categories");
    if (categories != null) {
      StringBuilder c = new StringBuilder();
      for (String e : ItemText.splitList(categories)) c.append(e).append(' ');
      cats = c.toString();
    }
    return "The point of interest has following attributes: \n name is " + unknown(item.get("name"))
        + "; category is " + cats
        + "; type is " + unknown(item.get("type"))
        + "; open status is " + unknown(item.first("open", "is_open"))
        + "; review count is " + unknown(item.get("review_count"))
        + "; city is " + unknown(item.get("city"))
        + "; average score is " + unknown(item.get("stars")) + ".";
  }

  private static String unknown(String v) {
    return v == null ? "unknown" : v;
  }
}
