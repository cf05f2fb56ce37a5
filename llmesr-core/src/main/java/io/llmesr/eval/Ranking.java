package io.llmesr.eval;

/**
 * Rank of the target among scored candidates, with <b>pessimistic</b> ties (docs/evaluation.md, "Metrics and ties"):
 *
 * <pre>rank = #{other candidates with score &gt; target score} + #{other candidates with score == target score}</pre>
 *
 * <p>The rank is 0-based (0 = the target is first). A tie therefore never helps the target, so a model that
 * gives every item the same score ranks the target last and scores HR@K = 0 (for K smaller than the number
 * of candidates) instead of the HR@K = 1 that position-based tie breaking can give.
 *
 * <p>Note: the official code ranks with a double {@code argsort}, which breaks ties by candidate position and
 * puts the target (position 0) first among equals — optimistic (docs/model.md §5.2). We deliberately differ.
 *
 * <p>NaN scores are an error (a diverged model must not be reported as a ranking).
 */
public final class Ranking {
  private Ranking() {}

  /**
   * Pessimistic rank of candidate 0 (the target) among {@code scores} (sampled protocol: {@code [target,
   * negatives...]}).
   *
   * @throws IllegalStateException if any score is NaN
   */
  public static int rankOfFirst(float[] scores, int user) {
    if (scores.length == 0) throw new IllegalArgumentException("no candidate scores for user " + user);
    float t = scores[0];
    if (Float.isNaN(t)) throw nan(user, "target");
    int rank = 0;
    for (int j = 1; j < scores.length; j++) {
      float s = scores[j];
      if (s >= t) {
        rank++;
      } else if (Float.isNaN(s)) {
        throw nan(user, "candidate " + j);
      }
    }
    return rank;
  }

  /**
   * Pessimistic rank of {@code target} among items 1..N of a full score row, skipping the items flagged in
   * {@code excluded} ({@code excluded[i] == stamp}); the target itself is never skipped.
   *
   * @param scores   length N+1; entry 0 ignored
   * @param excluded per item, the stamp of the user that excludes it
   * @param stamp    this user's stamp
   * @throws IllegalStateException if any score of items 1..N is NaN
   */
  public static int rankInFull(float[] scores, int target, int[] excluded, int stamp, int user) {
    float t = scores[target];
    if (Float.isNaN(t)) throw nan(user, "target item " + target);
    int rank = 0;
    for (int i = 1; i < scores.length; i++) {
      float s = scores[i];
      if (s >= t) {
        if (i != target && excluded[i] != stamp) rank++;
      } else if (Float.isNaN(s)) {
        throw nan(user, "item " + i);
      }
    }
    return rank;
  }

  /** HR@K of one user: 1 if {@code rank < k}, else 0. */
  public static double hit(int rank, int k) {
    return rank < k ? 1.0 : 0.0;
  }

  /** NDCG@K of one user with a single relevant item: {@code 1 / log2(rank + 2)} if {@code rank < k}, else 0. */
  public static double ndcg(int rank, int k) {
    return rank < k ? 1.0 / log2(rank + 2) : 0.0;
  }

  /** Reciprocal rank of one user over the whole candidate list: {@code 1 / (rank + 1)}. */
  public static double reciprocalRank(int rank) {
    return 1.0 / (rank + 1);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static IllegalStateException nan(int user, String what) {
    return new IllegalStateException("scorer returned NaN for user " + user + " (" + what
        + "); the model has probably diverged");
  }
}
