package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Engine arrays derived from one {@link SequenceBatch}, created lazily in the forward's manager and shared by every
 * stream that runs over the same batch (the dual-view model encodes the same batch twice).
 *
 * <ul>
 *   <li>{@link #items()}: int64 B×T item ids;</li>
 *   <li>{@link #positions()}: int64 B×T position ids;</li>
 *   <li>{@link #keep()}: float B×T×1, 1 for real slots and 0 for padding ({@code m} in docs/model.md §3.5);</li>
 *   <li>{@link #attentionMask(Masking)}: additive float mask, {@code null} for {@link Masking#NONE}, B×1×T for
 *       key padding, B×T×T for causal + key padding; masked entries are -1e9.</li>
 * </ul>
 */
public final class BatchArrays {
  /** Additive value for a masked attention logit (docs/engine.md, pitfall 4: not -inf, no NaN on full rows). */
  public static final float MASKED = -1e9f;

  private final SequenceBatch batch;
  private final NDManager manager;
  private NDArray items;
  private NDArray positions;
  private NDArray keep;
  private NDArray paddingMask;
  private NDArray causalMask;

  public BatchArrays(SequenceBatch batch, NDManager manager) {
    this.batch = batch;
    this.manager = manager;
  }

  public SequenceBatch batch() {
    return batch;
  }

  public NDManager manager() {
    return manager;
  }

  public int size() {
    return batch.size();
  }

  public int length() {
    return batch.length();
  }

  public NDArray items() {
    if (items == null) items = manager.create(toLong(batch.items()), new Shape(batch.size(), batch.length()));
    return items;
  }

  public NDArray positions() {
    if (positions == null) {
      positions = manager.create(toLong(batch.positions()), new Shape(batch.size(), batch.length()));
    }
    return positions;
  }

  public NDArray keep() {
    if (keep == null) {
      int[] ids = batch.items();
      float[] m = new float[ids.length];
      for (int i = 0; i < ids.length; i++) m[i] = ids[i] != 0 ? 1f : 0f;
      keep = manager.create(m, new Shape(batch.size(), batch.length(), 1));
    }
    return keep;
  }

  /** Additive attention mask for the given masking, or null when there is none. */
  public NDArray attentionMask(Masking masking) {
    switch (masking) {
      case NONE:
        return null;
      case PADDING:
        return paddingMask();
      case CAUSAL:
        if (causalMask == null) causalMask = buildCausal();
        return causalMask;
      default:
        throw new IllegalStateException(masking.toString());
    }
  }

  private NDArray paddingMask() {
    if (paddingMask == null) {
      int[] ids = batch.items();
      float[] m = new float[ids.length];
      for (int i = 0; i < ids.length; i++) m[i] = ids[i] != 0 ? 0f : MASKED;
      paddingMask = manager.create(m, new Shape(batch.size(), 1, batch.length()));
    }
    return paddingMask;
  }

  /** Causal (1×T×T: key k > query q masked) plus key padding (B×1×T), combined once into B×T×T. */
  private NDArray buildCausal() {
    int t = batch.length();
    float[] c = new float[t * t];
    for (int q = 0; q < t; q++) {
      for (int k = q + 1; k < t; k++) c[q * t + k] = MASKED;
    }
    try (NDArray causal = manager.create(c, new Shape(1, t, t))) {
      return paddingMask().add(causal);
    }
  }

  static long[] toLong(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }
}
