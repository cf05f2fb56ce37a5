package io.llmesr.eval;

import io.llmesr.prepare.Dataset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Head/tail thresholds of the grouped report (docs/model.md §2.8; docs/evaluation.md, "Head/tail groups").
 *
 * <ul>
 *   <li>A user is a <b>tail user</b> when the length of their evaluation input, after truncation to the
 *       model's max length L, is {@code < tailUserBelow}; a head user otherwise.</li>
 *   <li>A user's target is a <b>tail item</b> when its popularity (number of distinct users over train + valid +
 *       test, {@link Dataset#itemPopularity()}) is {@code < tailItemBelow}; a head item otherwise.</li>
 * </ul>
 *
 * <p>Named presets (the constants hard-coded in the paper's run scripts, docs/model.md §2.8): {@code paper-yelp} 12/13,
 * {@code paper-fashion} 3/4, {@code paper-beauty} 9/4 (user/item). The default, {@code pareto}, computes the
 * 20/80 rule on the dataset at hand ({@link ParetoThresholds}).
 *
 * @param tailUserBelow tail users have an evaluation input shorter than this
 * @param tailItemBelow tail items have a popularity lower than this
 * @param source        where the numbers come from ({@code paper-beauty}, {@code pareto}, {@code explicit}, ...)
 */
public record GroupThresholds(int tailUserBelow, int tailItemBelow, String source) implements ThresholdRule {

  private static final Pattern EXPLICIT =
      Pattern.compile("(?:user\\s*=\\s*)?(\\d+)\\s*[/,]\\s*(?:item\\s*=\\s*)?(\\d+)");

  public GroupThresholds {
    if (tailUserBelow < 0 || tailItemBelow < 0) {
      throw new IllegalArgumentException("thresholds must be >= 0, got user " + tailUserBelow + ", item " + tailItemBelow);
    }
    if (source == null || source.isBlank()) source = "explicit";
  }

  /** Yelp thresholds of the paper's scripts: tail user &lt; 12, tail item &lt; 13. */
  public static GroupThresholds paperYelp() {
    return new GroupThresholds(12, 13, "paper-yelp");
  }

  /** Fashion thresholds of the paper's scripts: tail user &lt; 3, tail item &lt; 4. */
  public static GroupThresholds paperFashion() {
    return new GroupThresholds(3, 4, "paper-fashion");
  }

  /** Beauty thresholds of the paper's scripts: tail user &lt; 9, tail item &lt; 4. */
  public static GroupThresholds paperBeauty() {
    return new GroupThresholds(9, 4, "paper-beauty");
  }

  /** The 20/80 rule computed on the dataset at hand (the default). */
  public static ThresholdRule pareto() {
    return ParetoThresholds.RULE;
  }

  /**
   * Parses a threshold setting: {@code pareto}, {@code paper-yelp}, {@code paper-fashion}, {@code paper-beauty},
   * or explicit numbers {@code USER/ITEM} (also {@code USER,ITEM} or {@code user=U,item=I}).
   */
  public static ThresholdRule parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "pareto":
        return pareto();
      case "paper-yelp":
        return paperYelp();
      case "paper-fashion":
        return paperFashion();
      case "paper-beauty":
        return paperBeauty();
      default:
        Matcher m = EXPLICIT.matcher(t);
        if (m.matches()) {
          return new GroupThresholds(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), "explicit");
        }
        throw new IllegalArgumentException("unknown thresholds '" + s
            + "' (expected pareto, paper-yelp, paper-fashion, paper-beauty or USER/ITEM such as 9/4)");
    }
  }

  @Override
  public GroupThresholds resolve(Dataset ds, int maxLen) {
    return this;
  }

  /** Whether a user whose (truncated) evaluation input has {@code inputLength} items is a tail user. */
  public boolean isTailUser(int inputLength) {
    return inputLength < tailUserBelow;
  }

  /** Whether a target item with popularity {@code popularity} is a tail item. */
  public boolean isTailItem(int popularity) {
    return popularity < tailItemBelow;
  }

  /**
   * Per item id, whether it is a tail item: {@code tail[j] = isTailItem(popularity[j])} for j = 1..N, index 0 (padding)
   * false. {@code popularity} as {@link Dataset#itemPopularity()}.
   */
  public boolean[] tailItems(int[] popularity) {
    boolean[] tail = new boolean[popularity.length];
    for (int j = 1; j < popularity.length; j++) tail[j] = isTailItem(popularity[j]);
    return tail;
  }

  @Override
  public String toString() {
    return "tail user < " + tailUserBelow + ", tail item < " + tailItemBelow + " (" + source + ")";
  }
}
