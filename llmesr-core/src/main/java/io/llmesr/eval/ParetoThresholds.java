package io.llmesr.eval;

import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.LongTailThresholds;

/**
 * The 20/80 (Pareto) rule the paper uses to motivate its head/tail split (docs/model.md §2.8), computed on the dataset
 * at hand by {@link LongTailThresholds#pareto(Dataset, int)} (the same numbers {@code prepare}/{@code describe}
 * print). For users and items alike: sort the values descending, take the value {@code v} at 1-based rank
 * {@code ceil(0.2 · count)} and use it as threshold, so head = value {@code >= v} (the top 20 %, plus any ties at
 * the cut) and tail = value {@code < v}.
 *
 * <ul>
 *   <li><b>Items.</b> Value = popularity, the number of distinct users over train + valid + test
 *       ({@link Dataset#itemPopularity()}), over all items 1..N.</li>
 *   <li><b>Users.</b> Value = length of the test evaluation input (train + valid) truncated to L, over the users
 *       that have a test target — the same quantity the tail-user test uses.</li>
 * </ul>
 *
 * <p>On Amazon Beauty 2014 5-core (22,363 users, 12,101 items) this gives tail items below popularity 19 and
 * tail users below 9 input items (fewer than 10 interactions), so the tail holds roughly 80 % of the items and
 * users as the paper intends; the paper's scripts instead hard-code 9/4 for Beauty (preset {@code paper-beauty}).
 */
final class ParetoThresholds {
  static final ThresholdRule RULE = ParetoThresholds::compute;

  private ParetoThresholds() {}

  static GroupThresholds compute(Dataset ds, int maxLen) {
    LongTailThresholds t = LongTailThresholds.pareto(ds, maxLen);
    return new GroupThresholds(t.userThreshold(), t.itemThreshold(), t.rule());
  }
}
