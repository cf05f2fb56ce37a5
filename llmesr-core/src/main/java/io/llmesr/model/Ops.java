package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The few tensor ops the models need beyond {@link NDArray}'s own methods, as static one-liners over DJL's
 * {@code NDArrayEx} (PyTorch's {@code torch::embedding}, {@code linear}, {@code layer_norm}, {@code dropout},
 * {@code gru}). Results land in the manager of the first argument (docs/engine.md, pitfall 1); callers run inside an
 * {@link ai.djl.ndarray.NDScope}.
 */
public final class Ops {
  private Ops() { }

  /** Rows of {@code table} for int64 {@code ids} of any shape → ids.shape × table.cols, dense gradient. */
  public static NDArray embedding(NDArray ids, NDArray table) {
    return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  /** {@code x·Wᵀ + b} over the last axis (W is out×in, as PyTorch); {@code b} may be null. */
  public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
  }

  /** LayerNorm over the last axis of width {@code gamma.size()} (docs/engine.md, pitfall 5: explicit shape). */
  public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
    return x.getNDArrayInternal().layerNorm(x, new Shape(gamma.getShape().size()), gamma, beta, eps).singletonOrThrow();
  }

  /** Inverted dropout with rate {@code p} in train mode; identity otherwise (or when p = 0). */
  public static NDArray dropout(NDArray x, float p, boolean training) {
    if (!training || p == 0f) return x;
    return x.getNDArrayInternal().dropout(x, p, true).singletonOrThrow();
  }

  /**
   * PyTorch's GRU (gate order r, z, n), one layer, batch-first, no biases: {@code params = [W_ih (3d×in), W_hh (3d×d)]}.
   *
   * @return the outputs at every step, B×T×d
   */
  public static NDArray gruNoBias(NDArray x, NDArray h0, NDArray wIh, NDArray wHh, boolean training) {
    NDList out = x.getNDArrayInternal().gru(x, h0, new NDList(wIh, wHh), false, 1, 0.0, training, false, true);
    return out.get(0);
  }

  /**
   * Closes {@code old} (unless it is {@code next} itself) and returns {@code next}: frees a large intermediate as soon
   * as its successor exists. Autograd keeps what the backward pass needs.
   */
  public static NDArray replace(NDArray old, NDArray next) {
    if (old != next) old.close();
    return next;
  }
}
