package io.llmesr.eval;

/**
 * The random baseline: the score of (user, item) is a uniform number in [0, 1) derived from a hash of
 * {@code (seed, user, item)} (SplitMix64 finaliser, top 24 bits), so it is reproducible for a seed and does not
 * depend on batching or call order. Expected HR@10 is 10/101 ≈ 0.099 under sampled100 and ≈ 10/N under full
 * ranking — a floor any trained model must clear.
 */
public final class RandomScorer implements Scorer {
  private final long seed;
  private final int numItems;

  /**
   * @param seed     seed of the scores
   * @param numItems N, the number of items (for {@link #scoreAll})
   */
  public RandomScorer(long seed, int numItems) {
    this.seed = seed;
    this.numItems = numItems;
  }

  /** The score of {@code item} for {@code user}. */
  public float score(int user, int item) {
    long h = SampledCandidates.mix(SampledCandidates.mix(seed * 0x9E3779B97F4A7C15L + user) + item);
    return (h >>> 40) * 0x1.0p-24f;
  }

  @Override
  public float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates) {
    float[][] out = new float[users.length][];
    for (int b = 0; b < users.length; b++) {
      int[] c = candidates[b];
      float[] row = new float[c.length];
      for (int j = 0; j < c.length; j++) row[j] = score(users[b], c[j]);
      out[b] = row;
    }
    return out;
  }

  @Override
  public float[][] scoreAll(int[] users, int[][] inputs) {
    float[][] out = new float[users.length][numItems + 1];
    for (int b = 0; b < users.length; b++) {
      for (int i = 1; i <= numItems; i++) out[b][i] = score(users[b], i);
    }
    return out;
  }
}
