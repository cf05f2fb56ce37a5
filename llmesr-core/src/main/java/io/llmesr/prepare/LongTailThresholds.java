package io.llmesr.prepare;

import java.util.Arrays;

/**
 * Head/tail thresholds for users and items, in the paper's form "tail if value {@code <} threshold"
 * (docs/model.md §2.8: {@code --ts_user}, {@code --ts_item}).
 *
 * <ul>
 *   <li>A user's value is the length of their <b>test evaluation input</b>: train + validation items,
 *       truncated to {@code maxLen} (= 200), i.e. total length − 1 under leave-one-out. Only users with a
 *       test target are evaluated and counted.</li>
 *   <li>An item's value is its <b>popularity</b>: the number of distinct users whose full sequence
 *       (train + valid + test) holds it ({@link Dataset#itemPopularity()}).</li>
 * </ul>
 *
 * <p>{@link #pareto} derives both thresholds from the data by the 20/80 rule the paper motivates its
 * split with: the <em>head</em> is the top 20 % by value. Precisely, sort the values descending, take the
 * value {@code v} at 1-based rank {@code ceil(0.2 · count)}, and set the threshold to {@code v}: head
 * = value {@code >= v}, tail = value {@code < v}. Ties at the cut all go to the head, so the head may hold
 * somewhat more than 20 %. On the 5-core Amazon Beauty (22,363 users, 12,101 items) this gives item
 * threshold 19 (2,525 head items, 20.9 %) and user threshold 9 (tail users have fewer than 9 input items,
 * i.e. fewer than 10 interactions) — the paper's hard-coded Beauty thresholds are 9 and 4 on its own 3/3
 * filtered data.
 *
 * @param userThreshold tail user if evaluation input length {@code < userThreshold}
 * @param itemThreshold tail item if popularity {@code < itemThreshold}
 * @param rule          how the thresholds were chosen ({@code "pareto-20/80"} or {@code "explicit"})
 */
public record LongTailThresholds(int userThreshold, int itemThreshold, String rule) {
  /** Share of users/items in the head under the 20/80 rule. */
  public static final double HEAD_SHARE = 0.2;
  /** Evaluation inputs are truncated to this many items (docs/model.md §2.3, §2.8). */
  public static final int MAX_LEN = 200;

  /** Thresholds given explicitly (e.g. the paper's Beauty 9 / 4). */
  public static LongTailThresholds explicit(int userThreshold, int itemThreshold) {
    return new LongTailThresholds(userThreshold, itemThreshold, "explicit");
  }

  /** The 20/80 thresholds of {@code d} with inputs truncated to {@link #MAX_LEN}. */
  public static LongTailThresholds pareto(Dataset d) {
    return pareto(d, MAX_LEN);
  }

  /** The 20/80 thresholds of {@code d} with inputs truncated to {@code maxLen}. */
  public static LongTailThresholds pareto(Dataset d, int maxLen) {
    int[] pop = d.itemPopularity();
    int[] itemValues = Arrays.copyOfRange(pop, 1, pop.length);
    return new LongTailThresholds(headCut(userInputLengths(d, maxLen)), headCut(itemValues), "pareto-20/80");
  }

  /** Test evaluation input lengths (truncated to {@code maxLen}) of the users that have a test target. */
  public static int[] userInputLengths(Dataset d, int maxLen) {
    int n = 0;
    for (int u = 0; u < d.numUsers(); u++) if (d.hasTest(u)) n++;
    int[] out = new int[n];
    int k = 0;
    for (int u = 0; u < d.numUsers(); u++) if (d.hasTest(u)) out[k++] = Math.min(d.validEnd()[u], maxLen);
    return out;
  }

  /** The value at 1-based rank {@code ceil(0.2 n)} in descending order (0 when empty). */
  static int headCut(int[] values) {
    if (values.length == 0) return 0;
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(HEAD_SHARE * sorted.length);
    return sorted[sorted.length - Math.max(1, rank)];
  }

  /** Whether a user with this evaluation input length is a tail user. */
  public boolean isTailUser(int evalInputLength) {
    return evalInputLength < userThreshold;
  }

  /** Whether an item with this popularity is a tail item. */
  public boolean isTailItem(int popularity) {
    return popularity < itemThreshold;
  }
}
