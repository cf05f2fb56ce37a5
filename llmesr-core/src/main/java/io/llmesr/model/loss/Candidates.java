package io.llmesr.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * The model's candidate vectors as the objectives see them: the vectors hidden states are scored against
 * ({@code io.llmesr.model.ItemRepresentation#candidates} and {@code #itemRange}; for LLM-ESR the concatenation
 * {@code [id_j ; Adapter(llm_j)]}), differentiable with respect to the model's parameters.
 */
public interface Candidates {
  /** Candidate vectors of int64 item ids of any shape S: S×D. */
  NDArray of(NDArray ids);

  /** Candidate vectors of the items {@code from..to-1}: (to-from)×D. */
  NDArray range(int from, int to);
}
