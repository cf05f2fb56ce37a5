package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The window of a left-padded batch: the trailing slots that hold every real item of the batch. A model with a
 * {@link SequenceEncoder#windowed() windowed} encoder computes only these slots; the padded slots left of the window
 * are folded into one attention key ({@link TransformerBlock}) and their hidden states filled in afterwards
 * ({@link #prependPadding}). At Beauty's median length of 6 out of L = 200 slots this removes nearly all the work.
 */
public final class Window {
  private Window() { }

  /**
   * The number of trailing slots that hold every real item of the batch, rounded up to a multiple of
   * {@link ModelSpec#LENGTH_MULTIPLE}, at least 1 and at most T.
   */
  public static int length(SequenceBatch b) {
    int t = b.length();
    int first = t;
    int[] ids = b.items();
    for (int r = 0; r < b.size() && first > 0; r++) {
      for (int s = 0; s < first; s++) {
        if (ids[r * t + s] != 0) {
          first = s;
          break;
        }
      }
    }
    int m = ModelSpec.LENGTH_MULTIPLE;
    return Math.min(t, ((Math.max(1, t - first) + m - 1) / m) * m);
  }

  /** The last {@code window} slots of every row. */
  public static SequenceBatch trim(SequenceBatch b, int window) {
    int t = b.length();
    int[] ids = new int[b.size() * window];
    int[] pos = new int[b.size() * window];
    for (int r = 0; r < b.size(); r++) {
      System.arraycopy(b.items(), r * t + t - window, ids, r * window, window);
      System.arraycopy(b.positions(), r * t + t - window, pos, r * window, window);
    }
    return new SequenceBatch(b.size(), window, ids, pos, b.users());
  }

  /** {@code outside} rows of {@code paddingRow} (width D) before the window states (B×T×D) → B×(outside+T)×D. */
  public static NDArray prependPadding(NDArray window, NDArray paddingRow, int outside, NDManager m) {
    if (outside == 0) return window;
    long b = window.getShape().get(0);
    long width = window.getShape().get(2);
    NDArray pad = m.zeros(new Shape(b, outside, width)).add(paddingRow.reshape(1, 1, width));
    return NDArrays.concat(new NDList(pad, window), 1);
  }
}
