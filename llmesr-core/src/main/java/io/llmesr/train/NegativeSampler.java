package io.llmesr.train;

import io.llmesr.model.loss.NegativeSampling;
import io.llmesr.prepare.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Training negatives (docs/model.md §4.3): items 1..N drawn from a proposal distribution, rejecting the user's
 * <b>training</b> items (validation and test items may be drawn). Each user's distinct training items are kept sorted
 * for a binary search.
 * <ul>
 *   <li>{@link NegativeSampling#UNIFORM} (the paper): {@code Q_u(j) = 1/(N − |S_u|)} for {@code j ∉ S_u}.</li>
 *   <li>{@link NegativeSampling#POP}: weights {@code w_j = c_j + 1}, {@code c_j} the item's occurrences in all users'
 *       training parts; {@code Q_u(j) = w_j / (W − Σ_{i ∈ S_u} w_i)}, {@code W = Σ_j w_j}.</li>
 * </ul>
 * Rejection sampling from the unrestricted distribution gives exactly {@code Q_u} ({@link #logProb}).
 */
final class NegativeSampler {
  private final int numItems;
  private final NegativeSampling distribution;
  private final int[][] seen;
  /** Popularity only: cumulative weights, {@code cumulative[j-1]} = w_1 + … + w_j, and per-user excluded weight. */
  private final long[] cumulative;
  private final long[] seenWeight;

  /** The paper's uniform sampler. */
  public NegativeSampler(Dataset dataset) {
    this(dataset, NegativeSampling.UNIFORM);
  }

  public NegativeSampler(Dataset dataset, NegativeSampling distribution) {
    this.numItems = dataset.numItems();
    this.distribution = distribution;
    this.seen = new int[dataset.numUsers()][];
    for (int u = 0; u < seen.length; u++) {
      seen[u] = Arrays.stream(dataset.train(u)).distinct().sorted().toArray();
      if (seen[u].length >= numItems) {
        throw new IllegalArgumentException("user " + u + " has trained on every item: no negative exists");
      }
    }
    if (distribution == NegativeSampling.POP) {
      long[] w = new long[numItems + 1];
      for (int j = 1; j <= numItems; j++) w[j] = 1;
      for (int u = 0; u < seen.length; u++) for (int item : dataset.train(u)) w[item]++;
      cumulative = new long[numItems];
      long sum = 0;
      for (int j = 1; j <= numItems; j++) {
        sum += w[j];
        cumulative[j - 1] = sum;
      }
      seenWeight = new long[seen.length];
      for (int u = 0; u < seen.length; u++) for (int item : seen[u]) seenWeight[u] += w[item];
    } else {
      cumulative = null;
      seenWeight = null;
    }
  }

  /** An item in 1..N not among user {@code u}'s training items, drawn from {@code Q_u}. */
  public int draw(int u, SplittableRandom rng) {
    int[] s = seen[u];
    while (true) {
      int item = distribution == NegativeSampling.POP ? popular(rng) : 1 + rng.nextInt(numItems);
      if (Arrays.binarySearch(s, item) < 0) return item;
    }
  }

  /** {@code log Q_u(item)} for an item not among user {@code u}'s training items. */
  public double logProb(int u, int item) {
    if (distribution == NegativeSampling.POP) {
      long w = cumulative[item - 1] - (item > 1 ? cumulative[item - 2] : 0);
      return Math.log(w) - Math.log(cumulative[numItems - 1] - seenWeight[u]);
    }
    return -Math.log(numItems - seen[u].length);
  }

  /** An item drawn proportionally to its weight (before rejection). */
  private int popular(SplittableRandom rng) {
    long r = rng.nextLong(cumulative[numItems - 1]);
    int i = Arrays.binarySearch(cumulative, r + 1);   // first index with cumulative >= r + 1
    if (i < 0) i = -i - 1;
    return i + 1;
  }
}
