package io.llmesr.model;

import java.util.Arrays;

/**
 * A batch of item sequences in the encoder's layout, in plain Java arrays (no engine): {@code B} rows of {@code T}
 * slots, <b>left-padded</b> with item 0, the most recent item in slot {@code T-1} (docs/model.md §2.3). Each slot
 * carries a position id: for a sequence of k kept items the positions are {@code [0]*(T-k) + [1..k]} (1 = oldest kept
 * item, 0 = padding), except where a caller supplies explicit positions (BERT4Rec's prediction input,
 * docs/model.md §3.6).
 *
 * <p>{@code T} is either the model's L (paper: always pad to 200) or, with masks, the longest sequence of the
 * batch rounded up (see {@link #paddedLength}).
 *
 * @param size      B
 * @param length    T
 * @param items     B*T item ids, row-major (0 = padding)
 * @param positions B*T position ids, row-major (0 = padding)
 * @param users     per row, the user index (0-based dataset order), or -1 when unknown (ad-hoc sequences)
 */
public record SequenceBatch(int size, int length, int[] items, int[] positions, int[] users) {
  public SequenceBatch {
    if (size < 1 || length < 1) throw new IllegalArgumentException("empty batch " + size + "x" + length);
    if (items.length != size * length || positions.length != size * length || users.length != size) {
      throw new IllegalArgumentException("batch arrays disagree with " + size + "x" + length);
    }
  }

  /** This batch stacked {@code times} times along the batch axis (rows {@code r}, {@code r+B}, ... are equal). */
  public SequenceBatch repeated(int times) {
    if (times < 1) throw new IllegalArgumentException("times must be >= 1, got " + times);
    int[] it = new int[items.length * times];
    int[] pos = new int[positions.length * times];
    int[] us = new int[users.length * times];
    for (int k = 0; k < times; k++) {
      System.arraycopy(items, 0, it, k * items.length, items.length);
      System.arraycopy(positions, 0, pos, k * positions.length, positions.length);
      System.arraycopy(users, 0, us, k * users.length, users.length);
    }
    return new SequenceBatch(size * times, length, it, pos, us);
  }

  /** Number of non-padding slots of row {@code b}. */
  public int realLength(int b) {
    int n = 0;
    for (int t = 0; t < length; t++) if (items[b * length + t] != 0) n++;
    return n;
  }

  /** Item id at row b, slot t. */
  public int item(int b, int t) {
    return items[b * length + t];
  }

  /**
   * The padded length to use for sequences whose longest has {@code longest} items: {@code maxLen} for fixed padding
   * (paper), otherwise {@code longest} rounded up to a multiple of {@code multiple}, capped at {@code maxLen} and at
   * least 1.
   */
  public static int paddedLength(int longest, int maxLen, boolean dynamic, int multiple) {
    if (!dynamic) return maxLen;
    int m = Math.max(1, multiple);
    int t = Math.max(1, ((longest + m - 1) / m) * m);
    return Math.min(t, maxLen);
  }

  /**
   * Builds a batch from sequences (oldest first). Each sequence keeps its last {@code length} items; positions are
   * 1..k right-aligned (docs/model.md §2.3).
   */
  public static SequenceBatch leftPadded(int[][] sequences, int[] users, int length) {
    int b = sequences.length;
    int[] items = new int[b * length];
    int[] pos = new int[b * length];
    for (int r = 0; r < b; r++) {
      int[] s = sequences[r];
      int k = Math.min(s.length, length);
      int off = r * length + (length - k);
      for (int i = 0; i < k; i++) {
        items[off + i] = s[s.length - k + i];
        pos[off + i] = i + 1;
      }
    }
    return new SequenceBatch(b, length, items, pos, users == null ? filled(b) : users.clone());
  }

  /**
   * Builds a batch from sequences with explicit positions (both oldest first, equal lengths). Each row keeps its
   * last {@code length} entries.
   */
  public static SequenceBatch withPositions(int[][] sequences, int[][] positions, int[] users, int length) {
    int b = sequences.length;
    int[] items = new int[b * length];
    int[] pos = new int[b * length];
    for (int r = 0; r < b; r++) {
      int[] s = sequences[r];
      int[] p = positions[r];
      if (p.length != s.length) throw new IllegalArgumentException("row " + r + ": positions and items differ in length");
      int k = Math.min(s.length, length);
      int off = r * length + (length - k);
      System.arraycopy(s, s.length - k, items, off, k);
      System.arraycopy(p, p.length - k, pos, off, k);
    }
    return new SequenceBatch(b, length, items, pos, users == null ? filled(b) : users.clone());
  }

  private static int[] filled(int b) {
    int[] u = new int[b];
    Arrays.fill(u, -1);
    return u;
  }
}
