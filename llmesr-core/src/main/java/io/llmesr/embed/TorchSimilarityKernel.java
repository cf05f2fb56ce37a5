package io.llmesr.embed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The similar-users score matrix by PyTorch's CPU matrix product (DJL), block of query rows by block:
 * {@code S = A[q0:q1] · A^T} for the L2-normalised user matrix {@code A}, handed to Java top-K heaps.
 * Measured 5–15× faster than {@link SimilarUsers}' pure-Java kernel on this machine (see
 * {@code docs/benchmarks/embeddings.md}); its float sums run in the BLAS's own order, so a score may differ
 * from a plain loop's in the last bits, and ties between mathematically equal scores are only as exact as
 * the BLAS makes them.
 */
final class TorchSimilarityKernel {
  static final int QUERY_BLOCK = 256;

  private TorchSimilarityKernel() { }

  /** Whether the PyTorch engine can be loaded. */
  static boolean available() {
    try {
      return Engine.getEngine("PyTorch") != null;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Top-k neighbours of rows {@code [from, to)} of the normalised matrix {@code a} ({@code rows x dim}),
   * written at {@code (row - from) * k}.
   */
  static void topK(float[] a, int rows, int dim, int k, int from, int to, int[] idx, float[] sc) {
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager m = engine.newBaseManager()) {
      NDArray all = m.create(a, new Shape(rows, dim));
      NDArray allT = all.transpose();
      SimilarUsers.TopK heap = new SimilarUsers.TopK(k);
      for (int q0 = from; q0 < to; q0 += QUERY_BLOCK) {
        int q1 = Math.min(to, q0 + QUERY_BLOCK);
        float[] s;
        try (NDManager sub = m.newSubManager()) {
          NDArray q = all.get(q0 + ":" + q1);
          q.attach(sub);
          NDArray prod = q.matMul(allT);
          prod.attach(sub);
          s = prod.toFloatArray();
        }
        for (int i = q0; i < q1; i++) {
          heap.clear();
          int base = (i - q0) * rows;
          for (int j = 0; j < rows; j++) {
            if (j != i) heap.offer(s[base + j], j);
          }
          heap.drainSorted(idx, sc, (i - from) * k);
        }
      }
    }
  }
}
