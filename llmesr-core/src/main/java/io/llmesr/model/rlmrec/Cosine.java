package io.llmesr.model.rlmrec;

import ai.djl.ndarray.NDArray;
import io.llmesr.model.Forward;

/** Row-wise cosine helpers of RLMRec's alignment terms (constants are {@link Forward#scalar}s, safe under autograd). */
final class Cosine {
  private static final float EPS = 1e-8f;

  private Cosine() { }

  /** Each row divided by its L2 norm (at least 1e-8): R×k → R×k. */
  static NDArray normalise(NDArray x, Forward fwd) {
    NDArray norm = x.square().sum(new int[] {1}, true).sqrt().maximum(fwd.scalar(EPS));
    return x.div(norm);
  }

  /** {@code cos(a_r, b_r)} of row-aligned {@code a}, {@code b} (R×k each) → R. */
  static NDArray rows(NDArray a, NDArray b, Forward fwd) {
    return normalise(a, fwd).mul(normalise(b, fwd)).sum(new int[] {1});
  }
}
