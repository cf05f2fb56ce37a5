package io.llmesr.model;

import ai.djl.ndarray.NDManager;

/**
 * The context of one forward pass.
 *
 * <p>Memory rule (engine notes pitfall 1): every forward runs inside an {@link ai.djl.ndarray.NDScope} opened by the
 * caller (trainer step, scorer batch), so every intermediate array, including results of ops whose first operand is
 * a long-lived parameter, is closed when the scope closes. Arrays created from Java data go to {@link #manager()}
 * (a per-batch sub-manager, also closed by the caller).
 *
 * @param manager  where to create per-batch arrays (ids, masks)
 * @param training train mode: dropout active. Evaluation mode must be deterministic.
 */
public record Forward(NDManager manager, boolean training) {
  public Forward {
    if (manager == null) throw new IllegalArgumentException("manager is required");
  }
}
