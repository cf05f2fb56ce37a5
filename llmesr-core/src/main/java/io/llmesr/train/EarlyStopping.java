package io.llmesr.train;

/**
 * Early stopping as the official {@code EarlyStoppingNew} (docs/model.md §4.4): watch validation NDCG@10; a strictly
 * better score is an improvement (checkpoint saved, counter reset); otherwise ({@code score <= best}) the counter grows
 * by one, and training stops when it reaches {@code patience} (paper 20).
 */
public final class EarlyStopping {
  private final int patience;
  private double best;
  private int bestEpoch;
  private int counter;

  /** Starts from a saved state. */
  public EarlyStopping(int patience, double best, int bestEpoch, int counter) {
    if (patience < 1) throw new IllegalArgumentException("patience must be >= 1");
    this.patience = patience;
    this.best = best;
    this.bestEpoch = bestEpoch;
    this.counter = counter;
  }

  /** Records an epoch's score; returns whether it improved on the best (NaN never does). */
  public boolean update(int epoch, double score) {
    if (score > best) {
      best = score;
      bestEpoch = epoch;
      counter = 0;
      return true;
    }
    counter++;
    return false;
  }

  /** Whether the counter reached the patience. */
  public boolean shouldStop() {
    return counter >= patience;
  }

  /** Epochs without improvement after which training stops. */
  public int patience() {
    return patience;
  }

  public double best() {
    return best;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public int counter() {
    return counter;
  }
}
