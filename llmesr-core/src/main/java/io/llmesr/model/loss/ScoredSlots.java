package io.llmesr.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The slots of a training batch that the recommendation loss scores: their hidden states, targets and sampled
 * negatives, and the loss's denominator n ({@code io.llmesr.model.TrainingBatch#lossDenominator}). Two layouts:
 * <ul>
 *   <li><b>masked</b> (exactly one negative per slot): every slot of the batch, S = B×T (or B when only the last slot
 *       is scored), with a 0/1 mask of the slots that have a target. This is the reference's arithmetic, kept bit for
 *       bit for the paper's loss.</li>
 *   <li><b>gathered</b> (k ≠ 1 negatives, or none): only the n slots that have a target, S = n, mask all ones. With
 *       k negatives per slot the candidate vectors are n×k×D instead of B×T×k×D.</li>
 * </ul>
 * Shapes: {@link #hidden()} S×D; {@link #positives()} int64 S; {@link #negatives()} int64 S when k = 1, S×k when
 * k &gt; 1, null when k = 0; {@link #negativeLogProb()} as the negatives, or null; {@link #mask()} float S.
 * Arrays are created in the forward's manager (closed by the caller after the backward pass).
 */
public final class ScoredSlots {
  private final NDArray hidden;
  private final NDArray positives;
  private final NDArray negatives;
  private final NDArray negativeLogProb;
  private final NDArray mask;
  private final NDArray inverseDenominator;
  private final int perSlot;
  private final int count;
  private final NDManager manager;

  private ScoredSlots(NDArray hidden, NDArray positives, NDArray negatives, NDArray negativeLogProb, NDArray mask,
                      int perSlot, int count, double denominator, NDManager manager) {
    this.hidden = hidden;
    this.positives = positives;
    this.negatives = negatives;
    this.negativeLogProb = negativeLogProb;
    this.mask = mask;
    this.perSlot = perSlot;
    this.count = count;
    this.manager = manager;
    this.inverseDenominator = manager.create((float) (1.0 / denominator));
  }

  /**
   * The scored slots of a batch.
   *
   * @param hidden          hidden states, one row per entry of {@code targets} (B×T×D, or B×D when only the last
   *                        slot is scored)
   * @param targets         positive item per slot, 0 = no target
   * @param negatives       k negatives per slot, slot-major ({@code targets.length × k} entries, 0 where the target
   *                        is 0); empty when k = 0
   * @param negativeLogProb log proposal probability of each negative (same layout), or null
   * @param denominator     n of the loss's means
   * @param manager         where to create the id and mask arrays
   */
  public static ScoredSlots of(NDArray hidden, int[] targets, int[] negatives, float[] negativeLogProb,
                               double denominator, NDManager manager) {
    int slots = targets.length;
    if (slots == 0 || negatives.length % slots != 0) {
      throw new IllegalArgumentException(negatives.length + " negatives for " + slots + " slots");
    }
    if (negativeLogProb != null && negativeLogProb.length != negatives.length) {
      throw new IllegalArgumentException(negativeLogProb.length + " log probabilities for " + negatives.length
          + " negatives");
    }
    int k = negatives.length / slots;
    Shape shape = hidden.getShape();
    long d = shape.get(shape.dimension() - 1);
    if (shape.size() != slots * d) throw new IllegalArgumentException("hidden " + shape + " for " + slots + " slots");
    int n = 0;
    for (int t : targets) if (t > 0) n++;
    if (k == 1) {
      Shape slotShape = shape.slice(0, shape.dimension() - 1);
      float[] valid = new float[slots];
      for (int i = 0; i < slots; i++) valid[i] = targets[i] > 0 ? 1f : 0f;
      return new ScoredSlots(hidden, manager.create(toLong(targets), slotShape),
          manager.create(toLong(negatives), slotShape),
          negativeLogProb == null ? null : manager.create(negativeLogProb, slotShape),
          manager.create(valid, slotShape), 1, n, denominator, manager);
    }
    long[] rows = new long[n];
    long[] pos = new long[n];
    long[] neg = new long[n * k];
    float[] logProb = negativeLogProb == null ? null : new float[n * k];
    for (int i = 0, j = 0; i < slots; i++) {
      if (targets[i] <= 0) continue;
      rows[j] = i;
      pos[j] = targets[i];
      for (int c = 0; c < k; c++) {
        neg[j * k + c] = negatives[i * k + c];
        if (logProb != null) logProb[j * k + c] = negativeLogProb[i * k + c];
      }
      j++;
    }
    NDArray flat = hidden.reshape(slots, d);
    // a row gather with a dense gradient (torch::embedding), as the models' item lookups (docs/engine.md, pitfall 2)
    NDArray idx = manager.create(rows);
    NDArray gathered = idx.getNDArrayInternal().embedding(idx, flat, SparseFormat.DENSE).singletonOrThrow();
    Shape negShape = new Shape(n, k);
    return new ScoredSlots(gathered, manager.create(pos), k == 0 ? null : manager.create(neg, negShape),
        logProb == null ? null : manager.create(logProb, negShape), manager.ones(new Shape(n)), k, n, denominator,
        manager);
  }

  /** Hidden states, S×D. */
  public NDArray hidden() {
    return hidden;
  }

  /** Target item ids, int64 S. */
  public NDArray positives() {
    return positives;
  }

  /** Negative item ids: int64 S (k = 1) or S×k; null when k = 0. */
  public NDArray negatives() {
    return negatives;
  }

  /** Log proposal probability of each negative, shaped as {@link #negatives()}, or null. */
  public NDArray negativeLogProb() {
    return negativeLogProb;
  }

  /** 1 for slots with a target, 0 otherwise, float S. */
  public NDArray mask() {
    return mask;
  }

  /** The mask shaped for {@link #negativeLogits}: S (k = 1) or S×1. */
  public NDArray negativeMask() {
    return perSlot == 1 ? mask : mask.expandDims(-1);
  }

  /** 1/n, a scalar. */
  public NDArray inverseDenominator() {
    return inverseDenominator;
  }

  /** k, the negatives per slot. */
  public int negativesPerSlot() {
    return perSlot;
  }

  /** The number of slots with a target. */
  public int count() {
    return count;
  }

  /** The forward's manager (ids, masks, constants). */
  public NDManager manager() {
    return manager;
  }

  /** A float32 constant that lives until the step's manager is closed (safe under autograd, unlike a number operand). */
  public NDArray scalar(float value) {
    return manager.create(value);
  }

  /** {@code s_pos = h · e_pos} per slot, S. */
  public NDArray positiveLogits(Candidates items) {
    int last = hidden.getShape().dimension() - 1;
    return hidden.mul(items.of(positives)).sum(new int[] {last});
  }

  /** {@code s_j = h · e_j} for each negative: S when k = 1, S×k when k &gt; 1. */
  public NDArray negativeLogits(Candidates items) {
    if (negatives == null) throw new IllegalStateException("no sampled negatives (k = 0)");
    if (perSlot == 1) {
      int last = hidden.getShape().dimension() - 1;
      return hidden.mul(items.of(negatives)).sum(new int[] {last});
    }
    return items.of(negatives).matMul(hidden.expandDims(-1)).squeeze(-1);   // (S×k×D)·(S×D×1) → S×k
  }

  /** {@code x} with one column per negative: S×1 when k = 1 (x is S), x itself when k &gt; 1. */
  public NDArray perNegative(NDArray x) {
    return perSlot == 1 ? x.expandDims(-1) : x;
  }

  private static long[] toLong(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }
}
