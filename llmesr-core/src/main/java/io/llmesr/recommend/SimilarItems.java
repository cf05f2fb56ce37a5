package io.llmesr.recommend;

import io.llmesr.ann.Dot;
import io.llmesr.ann.HnswIndex;
import java.util.Arrays;

/**
 * Cosine scores of the trained items against a unit query, for {@link BundleRecommender#similar}: all of them
 * (exact), or, with a graph ({@link SimilarIndex}), only the HNSW search's {@code max(efSearch, k + 1)} candidates,
 * the others left at {@code -∞}. Every score that is filled is computed with {@link Dot} on the same unit vectors,
 * so a listed item has the exact scan's score, and the exact scan's order among the candidates (ties to the lower
 * index); the graph can only miss a neighbour. Items added after training are scored by the caller by a scan.
 */
final class SimilarItems {
  private final float[] unit;
  private final int n;
  private final int d;
  private final HnswIndex index;

  /**
   * @param unit N×D L2-normalised candidate vectors, row i−1 = item i (not copied, never changed)
   */
  SimilarItems(float[] unit, int n, int d, SimilarIndex choice) {
    this.unit = unit;
    this.n = n;
    this.d = d;
    if (choice.usesGraph(n) && n > 1) {
      float[][] rows = new float[n][];
      for (int i = 0; i < n; i++) rows[i] = Arrays.copyOfRange(unit, i * d, (i + 1) * d);
      this.index = HnswIndex.build(rows, d, choice.params(), Runtime.getRuntime().availableProcessors());
    } else {
      this.index = null;
    }
  }

  /** Whether an HNSW graph is used. */
  boolean indexed() {
    return index != null;
  }

  /**
   * Fills {@code row[1..N]}: item t's cosine with {@code v}, or {@code -∞} for a trained item that the graph search
   * did not return.
   *
   * @param k the neighbours wanted (the candidate list is at least {@code k + 1}, room for the query item itself)
   */
  void score(float[] v, int k, float[] row) {
    if (index != null) {
      int[] found = index.searcher().search(v, index.params().candidates(k));
      if (found.length >= Math.min(n, k + 1)) {
        Arrays.fill(row, 1, n + 1, Float.NEGATIVE_INFINITY);
        for (int o : found) row[o + 1] = Dot.dot(unit, o * d, v, 0, d);
        return;
      }
    }
    for (int t = 1; t <= n; t++) row[t] = Dot.dot(unit, (t - 1) * d, v, 0, d);
  }
}
