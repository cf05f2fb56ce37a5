package io.llmesr.embed;

import io.llmesr.ann.Dot;
import io.llmesr.ann.HnswIndex;

/**
 * Approximate similar users ({@code similar-users --index hnsw}): each user's {@code c} best candidates from an
 * {@link HnswIndex} over the L2-normalised user table ({@code c = max(efSearch, k + 1)}), rescored with {@link Dot}
 * and ordered by {@link SimilarUsers.TopK} exactly as the exact search orders a full row: cosine descending, ties to
 * the lower user index, the user itself excluded by index. A listed neighbour therefore has the exact search's score
 * bit for bit (its {@code java} kernel's), and the rank it has among the found candidates; what can differ from the
 * exact table is a neighbour the graph search did not reach. Each query scores a few thousand users (the graph's
 * search visits about {@code c} nodes per layer-0 expansion round, each with up to {@code 2M} links), so the total
 * grows about as {@code U log U} instead of {@code U²}.
 *
 * <p>Note: with an exact tie on the k-th score, the exact search keeps the lowest-index tied user of all; this one
 * keeps the lowest-index among the tied users it found.
 */
public final class HnswSimilarUsers {
  /** Users per unit of work handed to a thread. */
  private static final int CHUNK = 256;

  private HnswSimilarUsers() { }

  /**
   * Neighbours of every user.
   *
   * @param unit       the L2-normalised rows the index was built on ({@link #unitRows})
   * @param k          neighbours per user, at most {@code unit.length - 1}
   * @param candidates candidate list per query, at least {@code k + 1}
   */
  public static SimilarUsers.Result compute(float[][] unit, HnswIndex index, int k, int candidates, int threads) {
    return computeRange(unit, index, k, candidates, 0, unit.length, threads);
  }

  /** Like {@link #compute}, for users {@code [from, to)} only: row {@code r} of the result is user {@code from + r}. */
  public static SimilarUsers.Result computeRange(float[][] unit, HnswIndex index, int k, int candidates, int from, int to,
                                                 int threads) {
    int rows = unit.length;
    if (from < 0 || to > rows || from >= to) throw new IllegalArgumentException("bad user range [" + from + ", " + to + ")");
    if (k > rows - 1 || candidates < k + 1) {
      throw new IllegalArgumentException("need k <= users - 1 and candidates >= k + 1, got k " + k + ", candidates "
          + candidates + ", users " + rows);
    }
    int[] idx = new int[(to - from) * k];
    float[] sc = new float[(to - from) * k];
    int chunks = (to - from + CHUNK - 1) / CHUNK;
    ParallelChunks.run("similar-users-hnsw", threads, chunks, () -> {
      HnswIndex.Searcher searcher = index.searcher();
      SimilarUsers.TopK heap = new SimilarUsers.TopK(k);
      return c -> {
        for (int u = from + c * CHUNK, end = Math.min(to, u + CHUNK); u < end; u++) {
          heap.clear();
          for (int v : searcher.search(unit[u], candidates)) {
            if (v != u) heap.offer(Dot.dot(unit[u], unit[v]), v);
          }
          if (heap.size() < k) {
            // the graph search returned too few others (tiny or disconnected graph): complete by a scan
            heap.clear();
            for (int v = 0; v < rows; v++) if (v != u) heap.offer(Dot.dot(unit[u], unit[v]), v);
          }
          heap.drainSorted(idx, sc, (u - from) * k);
        }
      };
    });
    return new SimilarUsers.Result(to - from, k, idx, sc);
  }

  /** The L2-normalised rows of a user table ({@link SimilarUsers#normalise}), one array per user. */
  public static float[][] unitRows(float[] data, int rows, int dim) {
    return rows(SimilarUsers.normalise(data, rows, dim), rows, dim);
  }

  /** The rows of a flat row-major {@code rows × dim} matrix as separate arrays. */
  static float[][] rows(float[] flat, int rows, int dim) {
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) out[r] = java.util.Arrays.copyOfRange(flat, r * dim, (r + 1) * dim);
    return out;
  }
}
