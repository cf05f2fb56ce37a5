package io.llmesr.prepare;

import io.llmesr.text.PromptDiversity;
import java.util.Arrays;
import java.util.Locale;

/**
 * The statistics {@code describe} prints and {@code prepare} stores as {@code stats.json}.
 *
 * <p>Definitions.
 * <ul>
 *   <li>{@code sparsity = 1 − interactions / (users · items)} (docs/model.md §6.3; repeats count as interactions).</li>
 *   <li>Distributions report min, max, mean and quantiles {@code p10 p25 p50 p75 p90 p99} by linear
 *       interpolation between order statistics (numpy's default: position {@code q·(n−1)}); the median is
 *       {@code p50}.</li>
 *   <li>Item popularity = distinct users per item over all splits (docs/model.md §2.8), items 1..N including
 *       zero-popularity ones.</li>
 *   <li>Gini of item popularity, values {@code x} sorted ascending, {@code i = 1..n}:
 *       {@code G = Σ (2i − n − 1) x_i / (n Σ x)}; 0 = all items equally popular, → 1 = one item has all.</li>
 *   <li>Groups: see {@link LongTailThresholds}. Users are counted among those with a test target;
 *       items both as catalogue items and as test targets (the latter are the item groups' sizes in
 *       evaluation).</li>
 * </ul>
 */
public record DatasetDescription(String name, long users, long items, long interactions, double sparsity,
                                 Distribution sequenceLength, Distribution itemPopularity,
                                 long itemsWithZeroPopularity, double giniItemPopularity,
                                 SplitStats train, SplitStats valid, SplitStats test,
                                 Groups explicitGroups, Groups paretoGroups, PromptDiversity prompts) {

  /** A numeric distribution summary. */
  public record Distribution(long count, double min, double p10, double p25, double median, double p75,
                             double p90, double p99, double max, double mean) {
    static Distribution of(int[] values) {
      if (values.length == 0) return new Distribution(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      int[] s = values.clone();
      Arrays.sort(s);
      double sum = 0;
      for (int v : s) sum += v;
      return new Distribution(s.length, s[0], quantile(s, 0.10), quantile(s, 0.25), quantile(s, 0.5),
          quantile(s, 0.75), quantile(s, 0.90), quantile(s, 0.99), s[s.length - 1], sum / s.length);
    }
  }

  /**
   * One split part.
   *
   * @param users         users whose part is non-empty
   * @param interactions  interactions in the part
   * @param distinctItems distinct items in the part
   */
  public record SplitStats(long users, long interactions, long distinctItems) { }

  /**
   * Head/tail group sizes under one pair of thresholds.
   *
   * @param thresholds       the thresholds
   * @param evaluatedUsers   users with a test target
   * @param tailUsers        evaluated users with input length {@code < userThreshold}
   * @param headUsers        the other evaluated users
   * @param tailItems        catalogue items with popularity {@code < itemThreshold}
   * @param headItems        the other catalogue items
   * @param tailTestTargets  evaluated users whose test target is a tail item
   * @param headTestTargets  evaluated users whose test target is a head item
   * @param tailInteractionShare share of all interactions that fall on tail items
   */
  public record Groups(LongTailThresholds thresholds, long evaluatedUsers, long tailUsers, long headUsers,
                       long tailItems, long headItems, long tailTestTargets, long headTestTargets,
                       double tailInteractionShare) { }

  /** Statistics of {@code d}; {@code explicit} may be {@code null}. */
  public static DatasetDescription of(Dataset d, LongTailThresholds explicit) {
    return of(d, explicit, null);
  }

  /**
   * Statistics of {@code d}.
   *
   * @param explicit        explicit head/tail thresholds, or {@code null}
   * @param emptyUserPrompt the dataset's collapsed user prompt ({@link DatasetManifest.PromptInfo}), or
   *                        {@code null} when unknown
   */
  public static DatasetDescription of(Dataset d, LongTailThresholds explicit, String emptyUserPrompt) {
    int u = d.numUsers();
    int n = d.numItems();
    int[] lengths = new int[u];
    for (int i = 0; i < u; i++) lengths[i] = d.sequences()[i].length;
    int[] pop = d.itemPopularity();
    int[] itemPop = Arrays.copyOfRange(pop, 1, pop.length);
    long zero = 0;
    for (int p : itemPop) if (p == 0) zero++;
    long inter = d.numInteractions();
    double sparsity = u == 0 || n == 0 ? 1.0 : 1.0 - (double) inter / ((double) u * n);
    return new DatasetDescription(d.name(), u, n, inter, sparsity, Distribution.of(lengths),
        Distribution.of(itemPop), zero, gini(itemPop), part(d, 0), part(d, 1), part(d, 2),
        explicit == null ? null : groups(d, explicit), groups(d, LongTailThresholds.pareto(d)),
        d.itemPrompts() == null || d.userPrompts() == null ? null
            : PromptDiversity.of(d.itemPrompts(), d.userPrompts(), emptyUserPrompt));
  }

  /** Gini coefficient of non-negative values (0 for an empty or all-zero array). */
  public static double gini(int[] values) {
    int n = values.length;
    if (n == 0) return 0;
    int[] s = values.clone();
    Arrays.sort(s);
    double total = 0;
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      total += s[i];
      weighted += (2.0 * (i + 1) - n - 1) * s[i];
    }
    return total == 0 ? 0 : weighted / (n * total);
  }

  /** Linear-interpolation quantile of ascending values. */
  static double quantile(int[] ascending, double q) {
    double pos = q * (ascending.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, ascending.length - 1);
    return ascending[lo] + (pos - lo) * (ascending[hi] - ascending[lo]);
  }

  private static SplitStats part(Dataset d, int which) {
    long users = 0;
    long inter = 0;
    boolean[] seen = new boolean[d.numItems() + 1];
    long distinct = 0;
    for (int u = 0; u < d.numUsers(); u++) {
      int[] s = d.sequences()[u];
      int from = which == 0 ? 0 : which == 1 ? d.trainEnd()[u] : d.validEnd()[u];
      int to = which == 0 ? d.trainEnd()[u] : which == 1 ? d.validEnd()[u] : s.length;
      if (to > from) users++;
      inter += to - from;
      for (int j = from; j < to; j++) {
        if (!seen[s[j]]) {
          seen[s[j]] = true;
          distinct++;
        }
      }
    }
    return new SplitStats(users, inter, distinct);
  }

  /** Group sizes of {@code d} under thresholds {@code t}. */
  public static Groups groups(Dataset d, LongTailThresholds t) {
    int[] pop = d.itemPopularity();
    long evaluated = 0;
    long tailUsers = 0;
    long tailTargets = 0;
    for (int u = 0; u < d.numUsers(); u++) {
      if (!d.hasTest(u)) continue;
      evaluated++;
      if (t.isTailUser(Math.min(d.validEnd()[u], LongTailThresholds.MAX_LEN))) tailUsers++;
      if (t.isTailItem(pop[d.testTarget(u)])) tailTargets++;
    }
    long tailItems = 0;
    for (int i = 1; i < pop.length; i++) if (t.isTailItem(pop[i])) tailItems++;
    long tailInter = 0;
    long total = 0;
    for (int[] s : d.sequences()) {
      for (int item : s) {
        total++;
        if (t.isTailItem(pop[item])) tailInter++;
      }
    }
    return new Groups(t, evaluated, tailUsers, evaluated - tailUsers, tailItems, d.numItems() - tailItems,
        tailTargets, evaluated - tailTargets, total == 0 ? 0 : (double) tailInter / total);
  }

  /** This description as pretty-printed JSON (one object; {@code users}, {@code items}, {@code interactions} at top level). */
  public String toJson() {
    try {
      return Json.PRETTY.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The human-readable table {@code describe} prints. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    String f = "%-34s %s%n";
    sb.append(String.format(Locale.ROOT, f, "dataset", name));
    sb.append(String.format(Locale.ROOT, f, "users", String.format(Locale.ROOT, "%,d", users)));
    sb.append(String.format(Locale.ROOT, f, "items", String.format(Locale.ROOT, "%,d", items)));
    sb.append(String.format(Locale.ROOT, f, "interactions", String.format(Locale.ROOT, "%,d", interactions)));
    sb.append(String.format(Locale.ROOT, f, "sparsity", String.format(Locale.ROOT, "%.6f", sparsity)));
    sb.append(String.format(Locale.ROOT, f, "sequence length", dist(sequenceLength)));
    sb.append(String.format(Locale.ROOT, f, "item popularity (distinct users)", dist(itemPopularity)));
    sb.append(String.format(Locale.ROOT, f, "items with popularity 0", String.format(Locale.ROOT, "%,d", itemsWithZeroPopularity)));
    sb.append(String.format(Locale.ROOT, f, "Gini of item popularity", String.format(Locale.ROOT, "%.4f", giniItemPopularity)));
    sb.append(String.format(Locale.ROOT, f, "train", part(train)));
    sb.append(String.format(Locale.ROOT, f, "valid", part(valid)));
    sb.append(String.format(Locale.ROOT, f, "test", part(test)));
    if (explicitGroups != null) appendGroups(sb, f, "explicit", explicitGroups);
    appendGroups(sb, f, "20/80", paretoGroups);
    if (prompts != null) {
      String[] lines = prompts.summary().split("\n");
      for (String line : lines) {
        int colon = line.indexOf(": ");
        sb.append(String.format(Locale.ROOT, f, line.substring(0, colon), line.substring(colon + 2)));
      }
      for (String problem : prompts.problems()) sb.append(String.format(Locale.ROOT, f, "WARNING", problem));
    }
    return sb.toString();
  }

  private static void appendGroups(StringBuilder sb, String f, String label, Groups g) {
    LongTailThresholds t = g.thresholds();
    sb.append(String.format(Locale.ROOT, f, "groups (" + label + ")",
        String.format(Locale.ROOT, "tail user: input length < %d; tail item: popularity < %d", t.userThreshold(), t.itemThreshold())));
    sb.append(String.format(Locale.ROOT, f, "  users tail / head",
        String.format(Locale.ROOT, "%,d / %,d  (%.1f%% tail of %,d evaluated)", g.tailUsers(), g.headUsers(),
            pct(g.tailUsers(), g.evaluatedUsers()), g.evaluatedUsers())));
    sb.append(String.format(Locale.ROOT, f, "  items tail / head",
        String.format(Locale.ROOT, "%,d / %,d  (%.1f%% tail; tail items hold %.1f%% of interactions)", g.tailItems(),
            g.headItems(), pct(g.tailItems(), g.tailItems() + g.headItems()), 100 * g.tailInteractionShare())));
    sb.append(String.format(Locale.ROOT, f, "  test targets tail / head item",
        String.format(Locale.ROOT, "%,d / %,d", g.tailTestTargets(), g.headTestTargets())));
  }

  private static double pct(long a, long b) {
    return b == 0 ? 0 : 100.0 * a / b;
  }

  private static String dist(Distribution d) {
    return String.format(Locale.ROOT, "min %s, p25 %s, median %s, mean %.2f, p75 %s, p90 %s, p99 %s, max %s",
        num(d.min()), num(d.p25()), num(d.median()), d.mean(), num(d.p75()), num(d.p90()), num(d.p99()), num(d.max()));
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String part(SplitStats s) {
    return String.format(Locale.ROOT, "%,d interactions, %,d users, %,d distinct items", s.interactions(), s.users(),
        s.distinctItems());
  }
}
