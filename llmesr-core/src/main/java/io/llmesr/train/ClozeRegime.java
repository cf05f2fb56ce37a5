package io.llmesr.train;

import io.llmesr.prepare.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * BERT4Rec (docs/model.md §4.2, {@code BertRecTrainDatasetAllUser}): the dataset has <b>2 × users</b> examples per
 * epoch.
 * <ul>
 *   <li>Cloze copy of user u: every position of the whole training list T is chosen independently with probability
 *       {@code maskProb} (0.6); a chosen position becomes the mask token N+1 with probability 0.8, a uniform random
 *       item in [1, N] with 0.1, stays unchanged with 0.1; its label is the original item and it gets one negative
 *       not in T; unchosen positions have label 0.</li>
 *   <li>"Mask only the last" copy: T with only its last item replaced by the mask token (label = last item, one
 *       negative).</li>
 * </ul>
 * Then the last L tokens are kept (labels of dropped tokens are lost). Users with an empty training list are
 * skipped.
 */
final class ClozeRegime implements TrainingRegime {
  private final Dataset dataset;
  private final int maxLen;
  private final float maskProb;
  private final NegativeSampler negatives;

  public ClozeRegime(Dataset dataset, int maxLen, float maskProb) {
    if (!(maskProb > 0 && maskProb <= 1)) throw new IllegalArgumentException("mask probability must be in (0,1]");
    this.dataset = dataset;
    this.maxLen = maxLen;
    this.maskProb = maskProb;
    this.negatives = new NegativeSampler(dataset);
  }

  @Override
  public List<TrainingExample> examples(SplittableRandom rng) {
    int n = dataset.numItems();
    int maskToken = n + 1;
    List<TrainingExample> cloze = new ArrayList<>(dataset.numUsers());
    List<TrainingExample> last = new ArrayList<>(dataset.numUsers());
    for (int u = 0; u < dataset.numUsers(); u++) {
      int[] t = dataset.train(u);
      int m = t.length;
      if (m == 0) continue;
      int[] tokens = new int[m];
      int[] labels = new int[m];
      int[] negs = new int[m];
      for (int i = 0; i < m; i++) {
        double p = rng.nextDouble();
        if (p < maskProb) {
          double r = rng.nextDouble();
          if (r < 0.8) {
            tokens[i] = maskToken;
          } else if (r < 0.9) {
            tokens[i] = 1 + rng.nextInt(n);
          } else {
            tokens[i] = t[i];
          }
          labels[i] = t[i];
          negs[i] = negatives.draw(u, rng);
        } else {
          tokens[i] = t[i];
        }
      }
      cloze.add(keepLast(u, tokens, labels, negs));
      int[] lastTokens = t.clone();
      lastTokens[m - 1] = maskToken;
      int[] lastLabels = new int[m];
      int[] lastNegs = new int[m];
      lastLabels[m - 1] = t[m - 1];
      lastNegs[m - 1] = negatives.draw(u, rng);
      last.add(keepLast(u, lastTokens, lastLabels, lastNegs));
    }
    cloze.addAll(last);
    return cloze;
  }

  private TrainingExample keepLast(int u, int[] tokens, int[] labels, int[] negs) {
    int m = tokens.length;
    int k = Math.min(m, maxLen);
    return new TrainingExample(u, java.util.Arrays.copyOfRange(tokens, m - k, m),
        java.util.Arrays.copyOfRange(labels, m - k, m), java.util.Arrays.copyOfRange(negs, m - k, m));
  }

  @Override
  public boolean lastOnly() {
    return false;
  }
}
