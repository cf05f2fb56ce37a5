package io.llmesr.model.llmesr;

import java.util.Arrays;

/**
 * The distinct row indices among a batch's item ids, and for every id its position among them.
 *
 * <p>Why: the semantic view applies the adapter to LLM rows. The adapter has no dropout and no dependence on
 * position, so {@code Adapter(llm[s])} equals {@code Adapter(llm[unique])[inverse]}; computing it on the few
 * distinct items of a batch (Beauty: ~1k of 25,600 slots at L=200) instead of every slot is the same value
 * and gradient, at a fraction of the cost.
 *
 * @param unique  the distinct ids, ascending
 * @param inverse for every input id, its index into {@code unique} ({@code unique[inverse[i]] == ids[i]})
 */
record UniqueRows(long[] unique, long[] inverse) {

  /**
   * Computes the distinct ids of {@code ids}, all in {@code [0, rows)}.
   *
   * @throws IllegalArgumentException on an id outside the table
   */
  public static UniqueRows of(long[] ids, int rows) {
    int[] slot = new int[rows];
    Arrays.fill(slot, -1);
    int count = 0;
    for (long id : ids) {
      if (id < 0 || id >= rows) throw new IllegalArgumentException("item id " + id + " outside 0.." + (rows - 1));
      if (slot[(int) id] < 0) {
        slot[(int) id] = 0;
        count++;
      }
    }
    long[] unique = new long[count];
    int k = 0;
    for (int r = 0; r < rows; r++) {
      if (slot[r] >= 0) {
        slot[r] = k;
        unique[k++] = r;
      }
    }
    long[] inverse = new long[ids.length];
    for (int i = 0; i < ids.length; i++) inverse[i] = slot[(int) ids[i]];
    return new UniqueRows(unique, inverse);
  }

  /** Concatenation of several id arrays (e.g. inputs, positive and negative targets) for one shared pass. */
  public static long[] concat(long[]... parts) {
    int n = 0;
    for (long[] p : parts) n += p.length;
    long[] all = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
