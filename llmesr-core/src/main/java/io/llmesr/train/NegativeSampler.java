package io.llmesr.train;

import io.llmesr.prepare.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Training negatives (docs/model.md §4.3): uniform over items 1..N, rejecting the user's <b>training</b> items
 * (validation and test items may be drawn). Each user's distinct training items are kept sorted for a binary
 * search.
 */
final class NegativeSampler {
  private final int numItems;
  private final int[][] seen;

  public NegativeSampler(Dataset dataset) {
    this.numItems = dataset.numItems();
    this.seen = new int[dataset.numUsers()][];
    for (int u = 0; u < seen.length; u++) {
      seen[u] = Arrays.stream(dataset.train(u)).distinct().sorted().toArray();
      if (seen[u].length >= numItems) {
        throw new IllegalArgumentException("user " + u + " has trained on every item: no negative exists");
      }
    }
  }

  /** A uniform item in 1..N not among user {@code u}'s training items. */
  public int draw(int u, SplittableRandom rng) {
    int[] s = seen[u];
    while (true) {
      int item = 1 + rng.nextInt(numItems);
      if (Arrays.binarySearch(s, item) < 0) return item;
    }
  }
}
