package io.llmesr.eval;

/**
 * What evaluation needs from a trained model, in plain arrays so that the evaluation code never depends on
 * the tensor engine. Implementations must be deterministic (evaluation mode: no dropout) and must give
 * each user's scores independently of which other users share the batch.
 */
public interface Scorer {
  /**
   * Scores of given candidates.
   *
   * @param users      user indices (some models, e.g. none in the paper, may use them; most ignore them)
   * @param inputs     per user, the evaluation input sequence, oldest first, item indices 1..N, unpadded
   * @param candidates per user, candidate item indices
   * @return per user, one score per candidate, higher is better
   */
  float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates);

  /**
   * Scores of every item 1..N.
   *
   * @return per user, an array of length N+1 whose entry 0 is ignored
   */
  float[][] scoreAll(int[] users, int[][] inputs);
}
