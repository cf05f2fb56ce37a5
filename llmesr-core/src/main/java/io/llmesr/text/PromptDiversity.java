package io.llmesr.text;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How varied a dataset's prompts are, and whether they are varied enough to embed.
 *
 * <p>Every item and every user is meant to get a text of its own: the semantic view, the similar users and
 * the self-distillation teacher are only as informative as these texts. A source whose item text lives in a
 * field the template does not read, or that has no item text at all, silently produces one prompt for
 * everybody. {@link #problems} names such a collapse; {@code embed} refuses to encode it unless told to.
 *
 * @param items                number of item prompts
 * @param distinctItemPrompts  number of distinct item prompts
 * @param fallbackItemPrompts  items without any text ({@link PromptSet#fallbackItemPrompt}); {@code -1} if unknown
 * @param users                number of user prompts
 * @param distinctUserPrompts  number of distinct user prompts
 * @param emptyUserPrompts     users none of whose training items contributed to the prompt; {@code -1} if unknown
 * @param commonestUserPrompt  the most frequent user prompt
 * @param commonestUserCount   how many users have it
 */
public record PromptDiversity(int items, int distinctItemPrompts, long fallbackItemPrompts, int users,
                              int distinctUserPrompts, long emptyUserPrompts, String commonestUserPrompt,
                              int commonestUserCount) {
  /**
   * The smallest share of distinct prompts among items, and among users, that {@code embed} accepts; also the
   * largest share of items without text. Real catalogues sit near 1 (Amazon Beauty: items 0.99+, users
   * 0.99+); a collapse sits near 0.
   */
  public static final double MIN_DISTINCT_SHARE = 0.5;

  /**
   * Measures the prompts.
   *
   * @param itemPrompts     per item index (entry 0, the padding item, is skipped when {@code null})
   * @param userPrompts     per user index
   * @param emptyUserPrompt the prompt of a user whose history contributes nothing, or {@code null} if unknown
   */
  public static PromptDiversity of(List<String> itemPrompts, List<String> userPrompts, String emptyUserPrompt) {
    Map<String, Integer> itemCounts = new HashMap<>();
    int items = 0;
    long fallback = 0;
    for (String p : itemPrompts) {
      if (p == null) continue;
      items++;
      itemCounts.merge(p, 1, Integer::sum);
      if (PromptSet.isFallbackItemPrompt(p)) fallback++;
    }
    Map<String, Integer> userCounts = new HashMap<>();
    for (String p : userPrompts) userCounts.merge(p, 1, Integer::sum);
    String commonest = null;
    int commonestCount = 0;
    for (Map.Entry<String, Integer> e : userCounts.entrySet()) {
      if (e.getValue() > commonestCount) {
        commonest = e.getKey();
        commonestCount = e.getValue();
      }
    }
    long empty = emptyUserPrompt == null ? -1 : userCounts.getOrDefault(emptyUserPrompt, 0);
    return new PromptDiversity(items, itemCounts.size(), fallback, userPrompts.size(), userCounts.size(), empty,
        commonest, commonestCount);
  }

  /** Distinct item prompts over items (1 when there are none). */
  public double distinctItemShare() {
    return items == 0 ? 1 : (double) distinctItemPrompts / items;
  }

  /** Distinct user prompts over users (1 when there are none). */
  public double distinctUserShare() {
    return users == 0 ? 1 : (double) distinctUserPrompts / users;
  }

  /**
   * What makes these prompts unfit to embed, one sentence each with the fix; empty when they are fine.
   * Datasets with fewer than two items or users are never refused for that side.
   */
  public List<String> problems() {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    if (items >= 2 && fallbackItemPrompts > MIN_DISTINCT_SHARE * items) {
      out.add(String.format(Locale.ROOT, "%,d of %,d items (%.0f%%) have no text and got the fallback prompt"
          + " \"%s\": their LLM embeddings would encode only their ids. Give the source an item file or table"
          + " (docs/formats.md)", fallbackItemPrompts, items, 100.0 * fallbackItemPrompts / items,
          PromptSet.fallbackItemPrompt("<id>")));
    }
    if (items >= 2 && distinctItemShare() < MIN_DISTINCT_SHARE) {
      out.add(String.format(Locale.ROOT, "only %,d distinct item prompts for %,d items (%.1f%%): the item"
          + " template reads fields most items lack. Check the fields with 'llmesr describe' and pass"
          + " --item-template to prepare", distinctItemPrompts, items, 100.0 * distinctItemShare()));
    }
    if (users >= 2 && distinctUserShare() < MIN_DISTINCT_SHARE) {
      out.add(String.format(Locale.ROOT, "only %,d distinct user prompts for %,d users (%.1f%%); %,d users share"
          + " \"%s\". Users whose prompts list the same texts cannot be told apart; usually the user prompt reads a"
          + " field most items lack: prepare with --domain generic (each item's title, else name, else all its"
          + " fields) or --user-template \"{field}\"", distinctUserPrompts,
          users, 100.0 * distinctUserShare(), commonestUserCount, abbreviate(commonestUserPrompt)));
    }
    return out;
  }

  /** A few lines for {@code prepare} and {@code describe}. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "item prompts: %,d distinct of %,d (%.1f%%)", distinctItemPrompts, items,
        100.0 * distinctItemShare()));
    if (fallbackItemPrompts >= 0) sb.append(String.format(Locale.ROOT, ", %,d without text (fallback)", fallbackItemPrompts));
    sb.append(String.format(Locale.ROOT, "%nuser prompts: %,d distinct of %,d (%.1f%%)", distinctUserPrompts, users,
        100.0 * distinctUserShare()));
    if (emptyUserPrompts >= 0) sb.append(String.format(Locale.ROOT, ", %,d listing no item", emptyUserPrompts));
    if (commonestUserCount > 1) {
      sb.append(String.format(Locale.ROOT, "; commonest shared by %,d users", commonestUserCount));
    }
    return sb.toString();
  }

  private static String abbreviate(String s) {
    if (s == null) return "";
    String one = s.replace("\n", "\\n");
    return one.length() <= 120 ? one : one.substring(0, 117) + "...";
  }
}
