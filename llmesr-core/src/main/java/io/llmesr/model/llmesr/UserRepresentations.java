package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceModel;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Last-position representations {@code u = H[:, T-1, :]} of many sequences, computed without recording gradients
 * (the self-distillation teacher is detached, docs/model.md §3.8), in memory-bounded chunks.
 *
 * <p>Memory: inside one training step every intermediate array lives until the step's scope closes; the teacher
 * alone runs the model on B×N sequences (1,280 at B=128, N=10), so each chunk runs in its own {@link NDScope} and
 * its result is copied out before the scope closes. A chunk holds at most {@link #TOKEN_BUDGET} slots
 * (rows × padded length). Rows are grouped by length, so with per-batch dynamic length
 * ({@link io.llmesr.model.ModelSpec#dynamicLength()}) short sequences are encoded at short lengths.
 */
public final class UserRepresentations {
  /** Slots (rows × window length) per chunk: 128 × 200, one paper-sized batch. */
  public static final int TOKEN_BUDGET = 128 * 200;
  /** Rows per chunk at most (bounds the padded id arrays of short sequences). */
  public static final int MAX_ROWS = 2048;

  private UserRepresentations() { }

  /**
   * Representations of {@code sequences} (oldest first, unpadded; the last L items are kept).
   *
   * @param model     the model
   * @param sequences the input sequences
   * @param users     per sequence, its user index (for the batch record)
   * @param training  train mode (dropout active) or evaluation mode
   * @param manager   a manager for per-chunk arrays (each chunk uses and closes a sub-manager of it)
   * @return row-major {@code sequences.length × model.representationDim()} floats
   */
  public static float[] compute(SequenceModel model, int[][] sequences, int[] users, boolean training,
                                NDManager manager) {
    int n = sequences.length;
    int dim = model.representationDim();
    int maxLen = model.spec().maxLen();
    float[] out = new float[n * dim];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Integer.compare(Math.min(sequences[a].length, maxLen), Math.min(sequences[b].length, maxLen)));
    // windowed models compute only the window of real slots (see SequenceRecommender#hiddenStates)
    boolean windowed = model.windowed();
    int start = 0;
    while (start < n) {
      // rows sorted by length: the chunk's padded length and its window (the real slots, which is what the
      // transformer models compute on) are those of its last, longest row
      int end = start;
      int t = 1;
      while (end < n && end - start < MAX_ROWS) {
        int len = Math.min(sequences[order[end]].length, maxLen);
        int padded = model.spec().paddedLength(len);
        int window = ((Math.max(1, len) + ModelSpec.LENGTH_MULTIPLE - 1) / ModelSpec.LENGTH_MULTIPLE) * ModelSpec.LENGTH_MULTIPLE;
        int cost = windowed ? Math.min(window, padded) : padded;
        if (end > start && (long) (end - start + 1) * cost > TOKEN_BUDGET) break;
        t = padded;
        end++;
      }
      int rows = end - start;
      int[][] chunk = new int[rows][];
      int[] chunkUsers = new int[rows];
      for (int r = 0; r < rows; r++) {
        chunk[r] = sequences[order[start + r]];
        chunkUsers[r] = users[order[start + r]];
      }
      float[] reps = encodeChunk(model, SequenceBatch.leftPadded(chunk, chunkUsers, t), training, manager);
      for (int r = 0; r < rows; r++) System.arraycopy(reps, r * dim, out, order[start + r] * dim, dim);
      start = end;
    }
    return out;
  }

  private static float[] encodeChunk(SequenceModel model, SequenceBatch batch, boolean training, NDManager parent) {
    return withoutGradients(() -> {
      try (NDManager m = parent.newSubManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray u = model.encode(new BatchArrays(batch, m), new Forward(m, training));
        return u.stopGradient().toFloatArray();
      }
    });
  }

  /** Runs {@code body} with PyTorch's gradient recording off, restoring the previous mode afterwards. */
  public static <T> T withoutGradients(Supplier<T> body) {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return body.get();
    } finally {
      JniUtils.setGradMode(previous);
    }
  }
}
