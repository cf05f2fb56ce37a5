package io.llmesr.eval;

import io.llmesr.prepare.Dataset;

/**
 * The most-popular baseline: every user gets the same scores, the number of training interactions of each item
 * (repeats counted). Training popularity uses only the training parts {@code s[0, trainEnd)} of all users, so
 * neither validation nor test targets leak into the scores. Ties (items with equal counts) are ranked
 * pessimistically by the evaluator like any other ties.
 */
public final class PopularityScorer implements Scorer {
  private final float[] counts;

  /** A scorer with the given per-item scores (length N+1, entry 0 ignored). */
  public PopularityScorer(float[] counts) {
    this.counts = counts.clone();
  }

  /** Popularity = number of interactions in the training parts of all users. */
  public static PopularityScorer fromTraining(Dataset ds) {
    float[] c = new float[ds.numItems() + 1];
    for (int u = 0; u < ds.numUsers(); u++) {
      int[] s = ds.sequences()[u];
      for (int j = 0; j < ds.trainEnd()[u]; j++) c[s[j]]++;
    }
    return new PopularityScorer(c);
  }

  /** The score of item {@code i}. */
  public float score(int item) {
    return counts[item];
  }

  @Override
  public float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates) {
    float[][] out = new float[users.length][];
    for (int b = 0; b < users.length; b++) {
      int[] c = candidates[b];
      float[] row = new float[c.length];
      for (int j = 0; j < c.length; j++) row[j] = counts[c[j]];
      out[b] = row;
    }
    return out;
  }

  @Override
  public float[][] scoreAll(int[] users, int[][] inputs) {
    float[][] out = new float[users.length][];
    for (int b = 0; b < users.length; b++) out[b] = counts.clone();
    return out;
  }
}
