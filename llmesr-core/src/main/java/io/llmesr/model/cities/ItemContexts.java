package io.llmesr.model.cities;

import io.llmesr.prepare.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * CITIES' contexts of an item (Jang et al., ICDM 2020, §III): one per occurrence of the item in a user's
 * <b>training</b> part, the window of at most {@code contextLen} items that precede it, oldest first:
 * <pre>
 *   occurrence (u, t) with T_u[t] = j and t >= 1   →   context = T_u[max(0, t − contextLen) .. t − 1]
 * </pre>
 * An occurrence at t = 0 has no preceding item and gives no context. Validation and test items are never read (they
 * are the evaluation's targets).
 *
 * <p>Note: the authors' release reads windows on both sides of an occurrence (BERT4Rec-style); this port reads the
 * preceding window only, which is what every one of our backbones conditions on (SASRec/GRU4Rec predict the next
 * item from the items before it; BERT4Rec's prediction input is the history with the mask token appended).
 */
final class ItemContexts {
  private final int[][] sequences;
  private final long[][] occurrences;   // per item id: (u << 32 | t), in dataset order
  private final int contextLen;

  private ItemContexts(int[][] sequences, long[][] occurrences, int contextLen) {
    this.sequences = sequences;
    this.occurrences = occurrences;
    this.contextLen = contextLen;
  }

  /** The contexts of every item of {@code ds}, windows of at most {@code contextLen} items. */
  static ItemContexts of(Dataset ds, int contextLen) {
    if (contextLen < 1) throw new IllegalArgumentException("context length must be >= 1, got " + contextLen);
    int n = ds.numItems();
    int[][] seqs = new int[ds.numUsers()][];
    int[] counts = new int[n + 1];
    for (int u = 0; u < seqs.length; u++) {
      seqs[u] = ds.train(u);
      for (int t = 1; t < seqs[u].length; t++) counts[seqs[u][t]]++;
    }
    long[][] occ = new long[n + 1][];
    for (int j = 0; j <= n; j++) occ[j] = new long[counts[j]];
    int[] fill = new int[n + 1];
    for (int u = 0; u < seqs.length; u++) {
      for (int t = 1; t < seqs[u].length; t++) {
        int j = seqs[u][t];
        occ[j][fill[j]++] = ((long) u << 32) | t;
      }
    }
    return new ItemContexts(seqs, occ, contextLen);
  }

  /** Number of contexts of item {@code item} (its occurrences after the first slot of a training part). */
  int count(int item) {
    return occurrences[item].length;
  }

  /** Context {@code k} of item {@code item} (0-based, dataset order). */
  int[] context(int item, int k) {
    long o = occurrences[item][k];
    int[] s = sequences[(int) (o >>> 32)];
    int t = (int) o;
    return Arrays.copyOfRange(s, Math.max(0, t - contextLen), t);
  }

  /** Every context of {@code item}, in dataset order. */
  int[][] all(int item) {
    int[][] out = new int[count(item)][];
    for (int k = 0; k < out.length; k++) out[k] = context(item, k);
    return out;
  }

  /**
   * {@code min(k, count(item))} distinct contexts of {@code item}, drawn uniformly without replacement (a partial
   * Fisher–Yates shuffle of the occurrence indices).
   */
  int[][] draw(int item, int k, SplittableRandom rng) {
    int n = count(item);
    int m = Math.min(k, n);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    int[][] out = new int[m][];
    for (int i = 0; i < m; i++) {
      int r = i + rng.nextInt(n - i);
      int tmp = idx[i];
      idx[i] = idx[r];
      idx[r] = tmp;
      out[i] = context(item, idx[i]);
    }
    return out;
  }
}
