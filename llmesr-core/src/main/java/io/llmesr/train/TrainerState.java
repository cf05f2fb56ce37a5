package io.llmesr.train;

/**
 * The trainer's position, saved with every checkpoint next to parameters and optimiser moments. Random streams are
 * not stored as generator states: every stream is derived from (root seed, epoch[, step]) (see
 * {@link io.llmesr.model.Seeds}), so (seed, epoch, step) is the complete RNG state.
 *
 * @param epochsDone  epochs completed (the next epoch to run is {@code epochsDone + 1}, 1-based)
 * @param globalStep  optimiser steps taken so far
 * @param bestScore   best validation NDCG@10 so far (-Infinity before the first validation)
 * @param bestEpoch   epoch of the best score (0 = none)
 * @param badEpochs   early-stopping counter: epochs since the last strict improvement
 * @param stopped     early stopping has fired (or the epoch budget is used up)
 * @param seed        root seed
 */
public record TrainerState(int epochsDone, long globalStep, double bestScore, int bestEpoch, int badEpochs,
                           boolean stopped, long seed) {
  /** The state before the first epoch. */
  public static TrainerState initial(long seed) {
    return new TrainerState(0, 0, Double.NEGATIVE_INFINITY, 0, 0, false, seed);
  }
}
