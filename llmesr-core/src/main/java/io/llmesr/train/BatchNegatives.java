package io.llmesr.train;

import io.llmesr.model.Seeds;
import java.util.SplittableRandom;

/**
 * The k negatives per target slot of objectives other than the paper's (docs/training.md, "Training objectives"),
 * drawn when each batch is built, from the stream {@code epoch:<e>:negatives:<b>} of the root seed (so an epoch never
 * holds k × slots draws, and a resumed run draws the same ones). The paper's single uniform negative is drawn with
 * the training examples instead (as the reference does), so that {@code bce} keeps its numbers bit for bit; either
 * way the examples, BERT4Rec's masks and the batch order come from the epoch's sampling stream and are the same for
 * every objective.
 */
final class BatchNegatives {
  /** One batch's negatives, slot-major, and their log proposal probabilities (or null). */
  record Drawn(int[] items, float[] logProb) { }

  private final NegativeSampler sampler;
  private final int perSlot;
  private final boolean withLogProb;
  private final long rootSeed;
  private final int epoch;

  /**
   * @param sampler     the proposal distribution
   * @param perSlot     k (0: the objective draws none)
   * @param withLogProb whether to record {@code log Q_u(j)} of each negative
   * @param rootSeed    the run's seed
   * @param epoch       the epoch (1-based)
   */
  BatchNegatives(NegativeSampler sampler, int perSlot, boolean withLogProb, long rootSeed, int epoch) {
    if (perSlot < 0) throw new IllegalArgumentException("negatives per slot must be >= 0, got " + perSlot);
    this.sampler = sampler;
    this.perSlot = perSlot;
    this.withLogProb = withLogProb;
    this.rootSeed = rootSeed;
    this.epoch = epoch;
  }

  /**
   * The negatives of batch {@code index}: k for every slot with a target, 0 elsewhere.
   *
   * @param users   per row, the user index
   * @param targets per slot, the target (0 = none), {@code users.length × width} entries
   */
  Drawn draw(int index, int[] users, int[] targets) {
    int width = targets.length / users.length;
    int[] items = new int[targets.length * perSlot];
    float[] logProb = withLogProb ? new float[items.length] : null;
    if (perSlot == 0) return new Drawn(items, logProb);
    SplittableRandom rng = new SplittableRandom(Seeds.derive(rootSeed, "epoch:" + epoch + ":negatives:" + index));
    for (int s = 0; s < targets.length; s++) {
      if (targets[s] <= 0) continue;
      int u = users[s / width];
      for (int c = 0; c < perSlot; c++) {
        int item = sampler.draw(u, rng);
        items[s * perSlot + c] = item;
        if (logProb != null) logProb[s * perSlot + c] = (float) sampler.logProb(u, item);
      }
    }
    return new Drawn(items, logProb);
  }
}
