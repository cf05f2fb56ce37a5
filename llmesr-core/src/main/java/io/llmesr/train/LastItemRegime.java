package io.llmesr.train;

import io.llmesr.prepare.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GRU4Rec (docs/model.md §4.2, {@code SeqDatasetAllUser}): one example per user; input = the last ≤L items of T without
 * its last item, single target = the last item of T, one negative not in T. Only the last slot is scored
 * (docs/model.md §3.7). Users with an empty training list are skipped (nothing to predict).
 */
final class LastItemRegime implements TrainingRegime {
  private final Dataset dataset;
  private final int maxLen;
  private final NegativeSampler negatives;

  public LastItemRegime(Dataset dataset, int maxLen) {
    this.dataset = dataset;
    this.maxLen = maxLen;
    this.negatives = new NegativeSampler(dataset);
  }

  @Override
  public List<TrainingExample> examples(SplittableRandom rng) {
    List<TrainingExample> out = new ArrayList<>(dataset.numUsers());
    for (int u = 0; u < dataset.numUsers(); u++) {
      int[] t = dataset.train(u);
      int m = t.length;
      if (m == 0) continue;
      int k = Math.min(m - 1, maxLen);
      int[] input = java.util.Arrays.copyOfRange(t, m - 1 - k, m - 1);
      out.add(new TrainingExample(u, input, new int[] {t[m - 1]}, new int[] {negatives.draw(u, rng)}));
    }
    return out;
  }

  @Override
  public boolean lastOnly() {
    return true;
  }
}
