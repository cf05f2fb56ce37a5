package io.llmesr.embed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The similar-users score matrix by PyTorch's CPU matrix product (DJL), block of query rows by block:
 * {@code S = A[q0:q1] · A^T} for the L2-normalised user matrix {@code A}; PyTorch's own top-k keeps
 * {@code k + 1 + TIE_MARGIN} candidates per row, which the Java heap orders exactly (score descending, then
 * lower index, the user itself excluded). Only when the last candidate ties the k-th kept score, so that
 * left-out users could rank in by index, is the whole row copied out and scanned: the result equals a
 * full scan of the same scores. Copying only the candidates instead of 256 × U scores per block made the
 * Beauty search about 1.2× faster with a quarter less memory ({@code docs/benchmarks/embeddings.md}).
 * Measured 5–15× faster than {@link SimilarUsers}' pure-Java kernel on this machine (see
 * {@code docs/benchmarks/embeddings.md}); its float sums run in the BLAS's own order, so a score may differ
 * from a plain loop's in the last bits, and ties between mathematically equal scores are only as exact as
 * the BLAS makes them.
 */
final class TorchSimilarityKernel {
  static final int QUERY_BLOCK = 256;
  /** Extra candidates taken from PyTorch's top-k beyond k + 1, so that boundary ties rarely need a full row. */
  static final int TIE_MARGIN = 8;

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
    // candidates per row fetched from PyTorch's top-k: k + the user itself + a margin for boundary ties
    int c = Math.min(rows, k + 1 + TIE_MARGIN);
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager m = engine.newBaseManager()) {
      NDArray all = m.create(a, new Shape(rows, dim));
      NDArray allT = all.transpose();
      SimilarUsers.TopK heap = new SimilarUsers.TopK(k);
      for (int q0 = from; q0 < to; q0 += QUERY_BLOCK) {
        int q1 = Math.min(to, q0 + QUERY_BLOCK);
        try (NDManager sub = m.newSubManager()) {
          NDArray q = all.get(q0 + ":" + q1);
          q.attach(sub);
          NDArray prod = q.matMul(allT);
          prod.attach(sub);
          NDList top = prod.topK(c, 1, true, true);
          top.attach(sub);
          float[] v = top.get(0).toFloatArray();
          long[] j = top.get(1).toLongArray();
          for (int i = q0; i < q1; i++) {
            heap.clear();
            int base = (i - q0) * c;
            for (int t = 0; t < c; t++) {
              if (j[base + t] != i) heap.offer(v[base + t], (int) j[base + t]);
            }
            if (c < rows && heap.worstScore() == v[base + c - 1]) {
              // a tie at the boundary: users with this score that PyTorch left out may have lower indices
              heap.clear();
              float[] row = prod.get(i - q0).toFloatArray();
              for (int u = 0; u < rows; u++) {
                if (u != i) heap.offer(row[u], u);
              }
            }
            heap.drainSorted(idx, sc, (i - from) * k);
          }
        }
      }
    }
  }
}
