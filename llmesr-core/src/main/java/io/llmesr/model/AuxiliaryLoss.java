package io.llmesr.model;

import ai.djl.ndarray.NDArray;

/**
 * An extra training-loss term added to the recommendation loss, e.g. LLM-ESR's retrieval-augmented
 * self-distillation (docs/model.md §3.8): {@code alpha * MSE(u_student, mean_k u_teacher_k)} where the student is a
 * second forward pass of the batch ({@code model.encode(input, fwd)}, fresh dropout) and the teacher is the same model
 * run in train mode on the similar users' training sequences, then detached ({@code stopGradient}).
 *
 * <p>Extra per-batch inputs: the term gets the batch's user indices through {@code batch.input().users()} and builds
 * whatever else it needs (e.g. the similar users' sequences, with {@link SequenceBatch#leftPadded} and
 * {@code model.spec().paddedLength(...)}) itself, inside the caller's scope. It must create arrays in
 * {@code fwd.manager()} or as results of ops (closed by the caller's {@link ai.djl.ndarray.NDScope}).
 */
public interface AuxiliaryLoss {
  /** Short name used in logs and the metrics CSV (e.g. {@code "sd"}). */
  String name();

  /**
   * The weighted term (a scalar array).
   *
   * @param model the model being trained (to run extra forward passes)
   * @param batch the training batch
   * @param input the batch's input arrays (already built once for the recommendation loss)
   * @param fwd   forward context (training = true)
   */
  NDArray compute(SequenceModel model, TrainingBatch batch, BatchArrays input, Forward fwd);

  /**
   * Whether the term runs forward passes of its own that {@link SequenceRecommender#lossAndBackward} may
   * back-propagate separately, after the recommendation pass has been back-propagated and freed, so that peak
   * memory is the larger pass rather than their sum (gradients add up before the optimiser step: the same
   * gradient). Such a term is computed in two steps: {@link #prepare} before the recommendation pass, then
   * {@link #compute(SequenceModel, TrainingBatch, BatchArrays, NDArray, Forward)}. Default: false.
   */
  default boolean ownBackward() {
    return false;
  }

  /**
   * For an {@link #ownBackward()} term: what it needs that carries no gradient (e.g. the teacher targets), computed
   * before the recommendation pass, in {@code fwd.manager()}. Default: null.
   */
  default NDArray prepare(SequenceModel model, TrainingBatch batch, Forward fwd) {
    return null;
  }

  /** For an {@link #ownBackward()} term: the term given what {@link #prepare} returned. Default: {@link #compute}. */
  default NDArray compute(SequenceModel model, TrainingBatch batch, BatchArrays input, NDArray prepared, Forward fwd) {
    return compute(model, batch, input, fwd);
  }

  /**
   * Called by the trainer (through {@link SequenceModel#beforeEpoch}) before the first batch of every epoch, outside
   * any gradient recording, e.g. to refresh cached teacher representations. Default: nothing.
   *
   * @param model the model being trained
   * @param epoch the epoch about to start (1-based)
   */
  default void beforeEpoch(SequenceModel model, int epoch) { }
}
