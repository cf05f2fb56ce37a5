package io.llmesr.eval;

import io.llmesr.prepare.Dataset;
import java.util.Arrays;

/**
 * The 20/80 (Pareto) rule the paper uses to motivate its head/tail split (spec §2.8), computed on the dataset
 * at hand:
 *
 * <ul>
 *   <li><b>Items.</b> Rank the items that occur at least once by popularity (distinct users over all splits,
 *       {@link Dataset#itemPopularity()}), most popular first. The head is the top {@code ceil(0.2 * n)} of the
 *       {@code n} items; the threshold is the popularity of the least popular head item, so tail items are those
 *       with popularity strictly below it (ties at the threshold are head, so the head can hold slightly more
 *       than 20% of the items).</li>
 *   <li><b>Users.</b> Rank the users by the length of their test evaluation input (train + valid, i.e.
 *       {@code validEnd}), longest first. The head is the top {@code ceil(0.2 * U)}; the threshold is the input
 *       length of the least active head user; tail users are strictly below it.</li>
 * </ul>
 *
 * <p>On Amazon Beauty 2014 5-core (22,363 users, 12,101 items) this gives tail items below popularity ≈19 and
 * tail users below ≈10 interactions, so the tail holds roughly 80% of the items and users, as the paper
 * intends; the paper's own scripts instead hard-code 9/4 for Beauty (preset {@code paper-beauty}).
 */
final class ParetoThresholds {
  static final ThresholdRule RULE = ParetoThresholds::compute;

  /** Share of items / users that form the head. */
  static final double HEAD_SHARE = 0.2;

  private ParetoThresholds() {}

  static GroupThresholds compute(Dataset ds) {
    int[] pop = ds.itemPopularity();
    int[] present = Arrays.stream(pop, 1, pop.length).filter(p -> p > 0).toArray();
    int itemThreshold = headCut(present);
    int[] lengths = ds.validEnd().clone();
    int userThreshold = headCut(lengths);
    return new GroupThresholds(userThreshold, itemThreshold, "pareto");
  }

  /** The value of the least element of the top {@code ceil(20%)} of {@code values}; 0 when empty. */
  static int headCut(int[] values) {
    if (values.length == 0) return 0;
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    int head = (int) Math.ceil(HEAD_SHARE * sorted.length);
    return sorted[sorted.length - head];
  }
}
