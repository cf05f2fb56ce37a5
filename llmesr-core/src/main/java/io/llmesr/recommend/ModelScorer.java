package io.llmesr.recommend;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.llmesr.eval.Scorer;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceModel;
import java.util.Arrays;

/**
 * A trained {@link SequenceModel} as an evaluation {@link Scorer} and a top-K recommender. Evaluation mode (no
 * dropout, deterministic), users scored in chunks of {@code batchSize}, every chunk in its own {@link NDScope} and
 * sub-manager (native memory stays flat). The model input for a history is
 * {@link SequenceModel#predictionBatch} (BERT4Rec appends its mask token).
 *
 * <p>Rows are scored in order of input length (results come back in the caller's order), so each chunk holds users
 * of similar length: with dynamic length (masks) the chunk is padded only to its longest row, and without masks the
 * folded encoders compute only the chunk's window of real items (the same function as all L slots). A user's
 * scores therefore agree across chunkings up to float rounding (see {@code docs/training.md}); for transformers
 * that compute all L slots ({@code method.fold_padding=false}) they are identical ({@code ModelScorerTest}).
 */
public final class ModelScorer implements Scorer {
  /** Items scored per matrix product in full ranking. */
  public static final int ITEM_CHUNK = 8192;

  private final SequenceModel model;
  private final int batchSize;

  public ModelScorer(SequenceModel model, int batchSize) {
    if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1");
    this.model = model;
    this.batchSize = batchSize;
  }

  public SequenceModel model() {
    return model;
  }

  /** Users per {@link io.llmesr.eval.Evaluator} call for sampled protocols: large, so chunks can be length-sorted. */
  public static final int SAMPLED_EVAL_BATCH = 8192;

  /** The order in which rows are scored: by input length (stable). Results are returned in the caller's order. */
  private int[] order(int[][] inputs) {
    Integer[] o = new Integer[inputs.length];
    for (int i = 0; i < o.length; i++) o[i] = i;
    java.util.Arrays.sort(o, java.util.Comparator.comparingInt(i -> Math.min(inputs[i].length, model.spec().maxLen())));
    int[] out = new int[o.length];
    for (int i = 0; i < o.length; i++) out[i] = o[i];
    return out;
  }

  private static int[][] permute(int[][] a, int[] order) {
    int[][] out = new int[order.length][];
    for (int i = 0; i < order.length; i++) out[i] = a[order[i]];
    return out;
  }

  private static int[] permute(int[] a, int[] order) {
    if (a == null) return null;
    int[] out = new int[order.length];
    for (int i = 0; i < order.length; i++) out[i] = a[order[i]];
    return out;
  }

  private static float[][] unpermute(float[][] sorted, int[] order) {
    float[][] out = new float[sorted.length][];
    for (int i = 0; i < order.length; i++) out[order[i]] = sorted[i];
    return out;
  }

  @Override
  public float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates) {
    int[] o = order(inputs);
    return unpermute(scoreCandidatesInOrder(permute(users, o), permute(inputs, o), permute(candidates, o)), o);
  }

  private float[][] scoreCandidatesInOrder(int[] users, int[][] inputs, int[][] candidates) {
    int n = inputs.length;
    float[][] out = new float[n][];
    for (int start = 0; start < n; ) {
      int end = Math.min(n, start + batchSize);
      int c = candidates[start].length;
      // rows of a chunk must have the same number of candidates; cut the chunk where that changes
      for (int i = start + 1; i < end; i++) {
        if (candidates[i].length != c) {
          end = i;
          break;
        }
      }
      int b = end - start;
      long[] ids = new long[b * c];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < c; j++) {
          int item = candidates[start + i][j];
          checkItem(item);
          ids[i * c + j] = item;
        }
      }
      try (NDManager bm = model.parameters().manager().newSubManager(); NDScope scope = new NDScope()) {
        BatchArrays arrays = batchArrays(users, inputs, start, end, bm);
        NDArray cand = bm.create(ids, new Shape(b, c));
        float[] flat = model.scoreCandidates(arrays, cand, new Forward(bm, false)).toFloatArray();
        for (int i = 0; i < b; i++) out[start + i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
      }
      start = end;
    }
    return out;
  }

  @Override
  public float[][] scoreAll(int[] users, int[][] inputs) {
    int[] o = order(inputs);
    return unpermute(scoreAllInOrder(permute(users, o), permute(inputs, o)), o);
  }

  private float[][] scoreAllInOrder(int[] users, int[][] inputs) {
    int n = inputs.length;
    int numItems = model.spec().numItems();
    float[][] out = new float[n][];
    for (int start = 0; start < n; start += batchSize) {
      int end = Math.min(n, start + batchSize);
      int b = end - start;
      for (int i = 0; i < b; i++) {
        out[start + i] = new float[numItems + 1];
        out[start + i][0] = Float.NEGATIVE_INFINITY;
      }
      try (NDManager bm = model.parameters().manager().newSubManager(); NDScope scope = new NDScope()) {
        Forward fwd = new Forward(bm, false);
        NDArray u = model.encode(batchArrays(users, inputs, start, end, bm), fwd);
        for (int from = 1; from <= numItems; from += ITEM_CHUNK) {
          int to = Math.min(numItems + 1, from + ITEM_CHUNK);
          try (NDScope inner = new NDScope()) {
            float[] flat = model.scoreItemRange(u, from, to, fwd).toFloatArray();
            int w = to - from;
            for (int i = 0; i < b; i++) System.arraycopy(flat, i * w, out[start + i], from, w);
          }
        }
      }
    }
    return out;
  }

  /** Top-K result for one history: items (best first) and their scores. */
  public record TopK(int[] items, float[] scores) { }

  /**
   * The {@code k} best items after {@code history} (oldest first), scored chunk by chunk with a running top-K;
   * items in {@code exclude} (e.g. the history itself) are skipped. Ties keep the smaller item id first.
   */
  public TopK topK(int[] history, int k, int[] exclude) {
    int numItems = model.spec().numItems();
    if (k < 1) throw new IllegalArgumentException("k must be >= 1");
    for (int item : history) checkItem(item);
    boolean[] skip = new boolean[numItems + 1];
    if (exclude != null) for (int e : exclude) if (e >= 1 && e <= numItems) skip[e] = true;
    int[] bestItems = new int[0];
    float[] bestScores = new float[0];
    try (NDManager bm = model.parameters().manager().newSubManager(); NDScope scope = new NDScope()) {
      Forward fwd = new Forward(bm, false);
      SequenceBatch sb = model.predictionBatch(new int[][] {history}, new int[] {-1});
      NDArray u = model.encode(new BatchArrays(sb, bm), fwd);
      for (int from = 1; from <= numItems; from += ITEM_CHUNK) {
        int to = Math.min(numItems + 1, from + ITEM_CHUNK);
        float[] s;
        try (NDScope inner = new NDScope()) {
          s = model.scoreItemRange(u, from, to, fwd).toFloatArray();
        }
        // merge the chunk into the running top-K (plain Java: K is small)
        int[] mergedItems = Arrays.copyOf(bestItems, bestItems.length + s.length);
        float[] mergedScores = Arrays.copyOf(bestScores, bestScores.length + s.length);
        int m = bestItems.length;
        for (int j = 0; j < s.length; j++) {
          int item = from + j;
          if (skip[item]) continue;
          mergedItems[m] = item;
          mergedScores[m] = s[j];
          m++;
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        final float[] ms = mergedScores;
        final int[] mi = mergedItems;
        Arrays.sort(order, (a, b2) -> ms[a] != ms[b2] ? Float.compare(ms[b2], ms[a]) : Integer.compare(mi[a], mi[b2]));
        int keep = Math.min(k, m);
        bestItems = new int[keep];
        bestScores = new float[keep];
        for (int i = 0; i < keep; i++) {
          bestItems[i] = mi[order[i]];
          bestScores[i] = ms[order[i]];
        }
      }
    }
    return new TopK(bestItems, bestScores);
  }

  private BatchArrays batchArrays(int[] users, int[][] inputs, int start, int end, NDManager bm) {
    int[][] hist = Arrays.copyOfRange(inputs, start, end);
    for (int[] h : hist) for (int item : h) checkItem(item);
    int[] us = users == null ? null : Arrays.copyOfRange(users, start, end);
    return new BatchArrays(model.predictionBatch(hist, us), bm);
  }

  private void checkItem(int item) {
    if (item < 1 || item > model.spec().numItems()) {
      throw new IllegalArgumentException("item index " + item + " outside 1.." + model.spec().numItems());
    }
  }
}
