package io.llmesr.text;

import java.util.List;

/**
 * The paper's user prompt (spec §2.5):
 * <pre>
 * "The user has visited following {noun}: \n{h} \nplease conclude the user's perference."
 * </pre>
 * where {@code h} is the name field of each training item (oldest first) followed by {@code ", "}; items
 * without that field are skipped; if {@code h} is longer than 8000 code points only its last 8000 are kept.
 * The paper spells "perference" and uses the noun "fashions" for both Fashion and Beauty; Yelp uses
 * "point of interests" and the item {@code name}. With {@code cutText} the final prompt is cut like the
 * item texts (longer than 4096 → first 4095; Beauty does this).
 *
 * <p>Note: the paper states Beauty "cuts the final prompt to 4095 chars"; we apply the same
 * "longer than 4096 → 4095" rule as for its item texts, so a prompt of exactly 4096 stays whole.
 */
public final class HistoryUserPrompt implements UserPromptTemplate {
  private final String name;
  private final String noun;
  private final String[] fields;
  private final boolean cutText;
  private final String closing;

  /**
   * @param name    template name for the manifest
   * @param noun    what the user visited ("fashions", "point of interests", "items")
   * @param fields  item fields tried in order for each history entry ("title"; "name")
   * @param cutText whether the whole prompt gets the 4096/4095 cut
   * @param closing the final sentence (the paper's "please conclude the user's perference.")
   */
  public HistoryUserPrompt(String name, String noun, List<String> fields, boolean cutText, String closing) {
    this.name = name;
    this.noun = noun;
    this.fields = fields.toArray(String[]::new);
    this.cutText = cutText;
    this.closing = closing;
  }

  /** The paper's closing sentence, typo included. */
  public static final String PAPER_CLOSING = "please conclude the user's perference.";

  /** Beauty: "fashions", titles, 4095 cut. */
  public static HistoryUserPrompt beauty() {
    return new HistoryUserPrompt("llmesr-paper/beauty-user", "fashions", List.of("title"), true, PAPER_CLOSING);
  }

  /** Fashion: "fashions", titles, no whole-text cut. */
  public static HistoryUserPrompt fashion() {
    return new HistoryUserPrompt("llmesr-paper/fashion-user", "fashions", List.of("title"), false, PAPER_CLOSING);
  }

  /** Yelp: "point of interests", names, no whole-text cut. */
  public static HistoryUserPrompt yelp() {
    return new HistoryUserPrompt("llmesr-paper/yelp-user", "point of interests", List.of("name"), false, PAPER_CLOSING);
  }

  /** Any other dataset: "items", title or else name, 4095 cut, correctly spelled closing. */
  public static HistoryUserPrompt generic() {
    return new HistoryUserPrompt("generic-user", "items", List.of("title", "name"), true,
        "please conclude the user's preference.");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String definition() {
    return name + " v1: noun=" + noun + "; fields=" + String.join(",", fields) + "; each + ', '; keep last 8000"
        + "; cutText=" + cutText + "; closing=" + closing;
  }

  @Override
  public String prompt(List<ItemText> history) {
    StringBuilder h = new StringBuilder();
    for (ItemText item : history) {
      String v = item.first(fields);
      if (v != null) h.append(v).append(", ");
    }
    String text = "The user has visited following " + noun + ": \n" + TextCuts.keepLastHistory(h.toString())
        + " \n" + closing;
    return cutText ? TextCuts.cutText(text) : text;
  }
}
