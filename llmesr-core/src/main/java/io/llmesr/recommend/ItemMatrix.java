package io.llmesr.recommend;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.llmesr.model.Forward;
import io.llmesr.model.SequenceModel;

/**
 * The candidate vectors of a trained model's items 1..N as one row-major {@code N×D} float array: what every score
 * is a dot product with ({@code score(u, j) = u · e_j}, docs/llmesr.md, "Fusion"). Computed once per load, so that a
 * request costs one sequence encoding and one matrix product.
 */
final class ItemMatrix {
  /** Items per engine call when computing the matrix. */
  static final int CHUNK = 8192;

  private ItemMatrix() { }

  /** Rows = items 1..N (row 0 of the result is item 1), {@code model.items().candidateDim()} columns. */
  static float[] compute(SequenceModel model) {
    int n = model.spec().numItems();
    int d = model.items().candidateDim();
    float[] out = new float[n * d];
    for (int from = 1; from <= n; from += CHUNK) {
      int to = Math.min(n + 1, from + CHUNK);
      try (NDManager m = model.parameters().manager().newSubManager(); NDScope scope = new NDScope()) {
        float[] rows = model.items().itemRange(from, to, new Forward(m, false)).toFloatArray();
        System.arraycopy(rows, 0, out, (from - 1) * d, rows.length);
      }
    }
    return out;
  }
}
