package io.llmesr.text;

import java.util.List;
import java.util.function.Function;

/**
 * The paper's user prompt (docs/prepare.md, "Prompts"; paper §3.1):
 * <pre>
 * "The user has visited following {noun}: \n{h} \nplease conclude the user's perference."
 * </pre>
 * where {@code h} is each training item's entry (oldest first) followed by {@code ", "}; items without an
 * entry are skipped; if {@code h} is longer than 8000 code points only its last 8000 are kept. With
 * {@code cutText} the final prompt is cut like the item texts (longer than 4096 → first 4095; Beauty does this).
 *
 * <p>An item's entry is, by template:
 * <ul>
 *   <li>the paper's Beauty and Fashion: the item's {@code title}; Yelp: its {@code name} (items without the
 *       field are skipped, as in the paper);</li>
 *   <li>generic: the item's {@linkplain ItemText#displayText() display text}: title, else name, else all its
 *       text fields, so a source whose items only have, say, a {@code text} field still gives every user a
 *       prompt of their own;</li>
 *   <li>with {@code --user-template}: that {@link FieldTemplate} filled with the item's fields (items that have
 *       none of its fields are skipped).</li>
 * </ul>
 * The paper spells "perference" and uses the noun "fashions" for both Fashion and Beauty; Yelp uses
 * "point of interests".
 *
 * <p>Note: the paper states Beauty "cuts the final prompt to 4095 chars"; we apply the same
 * "longer than 4096 → 4095" rule as for its item texts, so a prompt of exactly 4096 stays whole.
 */
public final class HistoryUserPrompt implements UserPromptTemplate {
  private final String name;
  private final String noun;
  private final String entryDefinition;
  private final Function<ItemText, String> entry;
  private final boolean cutText;
  private final String closing;

  private HistoryUserPrompt(String name, String noun, String entryDefinition, Function<ItemText, String> entry,
                            boolean cutText, String closing) {
    this.name = name;
    this.noun = noun;
    this.entryDefinition = entryDefinition;
    this.entry = entry;
    this.cutText = cutText;
    this.closing = closing;
  }

  /** A prompt whose entries are the first present field of {@code fields}. */
  private static HistoryUserPrompt ofFields(String name, String noun, List<String> fields, boolean cutText,
                                            String closing) {
    String[] f = fields.toArray(String[]::new);
    return new HistoryUserPrompt(name, noun, "fields=" + String.join(",", fields), item -> item.first(f), cutText,
        closing);
  }

  /** The paper's closing sentence, typo included. */
  public static final String PAPER_CLOSING = "please conclude the user's perference.";

  /** Beauty: "fashions", titles, 4095 cut. */
  public static HistoryUserPrompt beauty() {
    return ofFields("llmesr-paper/beauty-user", "fashions", List.of("title"), true, PAPER_CLOSING);
  }

  /** Fashion: "fashions", titles, no whole-text cut. */
  public static HistoryUserPrompt fashion() {
    return ofFields("llmesr-paper/fashion-user", "fashions", List.of("title"), false, PAPER_CLOSING);
  }

  /** Yelp: "point of interests", names, no whole-text cut. */
  public static HistoryUserPrompt yelp() {
    return ofFields("llmesr-paper/yelp-user", "point of interests", List.of("name"), false, PAPER_CLOSING);
  }

  /** Any other dataset: "items", each item's display text, 4095 cut, correctly spelled closing. */
  public static HistoryUserPrompt generic() {
    return new HistoryUserPrompt("generic-user", "items", "display text (title, else name, else all fields)",
        ItemText::displayText, true, "please conclude the user's preference.");
  }

  /**
   * This prompt with every history entry taken from {@code template} ({@code --user-template}) instead.
   *
   * @throws IllegalArgumentException when the template is malformed
   */
  public HistoryUserPrompt withEntryTemplate(String template) {
    FieldTemplate t = new FieldTemplate("user template", template);
    return new HistoryUserPrompt(name + "+template", noun, "template=" + template,
        item -> t.matchesAny(item) ? t.fill(item) : null, cutText, closing);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String definition() {
    return name + " v1: noun=" + noun + "; " + entryDefinition + "; each + ', '; keep last 8000"
        + "; cutText=" + cutText + "; closing=" + closing;
  }

  @Override
  public String prompt(List<ItemText> history) {
    StringBuilder h = new StringBuilder();
    for (ItemText item : history) {
      String v = entry.apply(item);
      if (v != null) h.append(v).append(", ");
    }
    String text = "The user has visited following " + noun + ": \n" + TextCuts.keepLastHistory(h.toString())
        + " \n" + closing;
    return cutText ? TextCuts.cutText(text) : text;
  }
}
