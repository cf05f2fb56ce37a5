package io.llmesr.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * A recommendation loss: the part of the training loss that scores hidden states against items
 * (docs/training.md, "Training objectives"). Auxiliary terms (LLM-ESR's self-distillation, RLMRec-Con's alignment)
 * are added by the model, whatever the objective.
 *
 * <p>An objective sees only the {@link ScoredSlots} (hidden states of the slots with a target, their targets,
 * their sampled negatives) and the model's {@link Candidates}; it returns a scalar whose value is the loss and whose
 * gradient (one backward pass) is the loss's gradient. Every instance is immutable and may be shared by batches.
 */
public interface Objective {
  /** The {@code train.loss} name. */
  LossKind kind();

  /** Sampled negatives per target slot: k, or 0 when the objective scores the whole catalogue. */
  int negativesPerSlot();

  /** Whether the objective needs each negative's log proposal probability ({@link ScoredSlots#negativeLogProb}). */
  default boolean needsProposal() {
    return false;
  }

  /** The loss of the slots, a differentiable scalar (Σ over slots / the batch's denominator n). */
  NDArray loss(ScoredSlots slots, Candidates items);
}
