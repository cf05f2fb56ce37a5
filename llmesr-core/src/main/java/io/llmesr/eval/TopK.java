package io.llmesr.eval;

import java.util.Arrays;

/**
 * The K best items of one full score row, as a recommender would show them: items 1..N by descending score,
 * skipping the items the evaluation excludes (the user's input history, {@link Ranking#rankInFull}); the
 * target is never skipped. Ties are broken by the lower item index, so lists are deterministic.
 *
 * <p>Note: {@link Ranking} ranks the target pessimistically among ties, while a list breaks ties by index; with
 * tied scores a list may therefore contain a target whose rank is beyond K. Trained models practically never
 * tie; the constant-score tests pin the rank rule, not this one.
 */
public final class TopK {
  private TopK() {}

  /**
   * Top {@code k} items of {@code scores} (length N+1, entry 0 ignored), best first; fewer when fewer items are
   * left after exclusion.
   *
   * @param excluded per item, the stamp of the user that excludes it
   * @param stamp    this user's stamp
   * @param target   the user's target (never excluded)
   */
  public static int[] select(float[] scores, int k, int[] excluded, int stamp, int target) {
    return select(scores, 0, scores.length - 1, k, excluded, stamp, target);
  }

  /**
   * As {@link #select(float[], int, int[], int, int)} for items {@code 1..count} whose scores lie in a larger array:
   * item {@code i}'s score is {@code scores[offset + i]} (e.g. one row of a row-major B×N score matrix with
   * {@code offset = r·N − 1}).
   */
  public static int[] select(float[] scores, int offset, int count, int k, int[] excluded, int stamp, int target) {
    int[] items = new int[k];
    float[] best = new float[k];
    int size = 0;
    for (int i = 1; i <= count; i++) {
      if (excluded[i] == stamp && i != target) continue;
      float s = scores[offset + i];
      // items arrive in ascending index, so an equal score never displaces an earlier item
      if (size == k && !(s > best[k - 1])) continue;
      int pos = size < k ? size++ : k - 1;
      while (pos > 0 && s > best[pos - 1]) {
        best[pos] = best[pos - 1];
        items[pos] = items[pos - 1];
        pos--;
      }
      best[pos] = s;
      items[pos] = i;
    }
    return size == k ? items : Arrays.copyOf(items, size);
  }
}
