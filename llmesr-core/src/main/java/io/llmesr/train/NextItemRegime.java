package io.llmesr.train;

import io.llmesr.prepare.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SASRec (docs/model.md §4.2, {@code Seq2SeqDatasetAllUser}): one example per user. With training list T (length m),
 * the input is the last ≤L items of {@code T[0..m-2]} and the target at each slot is the next item of T; one negative
 * per slot, not in T. A user with m = 1 gives an empty input and no loss.
 */
final class NextItemRegime implements TrainingRegime {
  private final Dataset dataset;
  private final int maxLen;
  private final NegativeSampler negatives;

  public NextItemRegime(Dataset dataset, int maxLen) {
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
      int k = Math.max(0, Math.min(m - 1, maxLen));
      int[] input = new int[k];
      int[] targets = new int[k];
      int[] negs = new int[k];
      int start = m - 1 - k;
      for (int i = 0; i < k; i++) {
        input[i] = t[start + i];
        targets[i] = t[start + i + 1];
        negs[i] = negatives.draw(u, rng);
      }
      out.add(new TrainingExample(u, input, targets, negs));
    }
    return out;
  }

  @Override
  public boolean lastOnly() {
    return false;
  }
}
