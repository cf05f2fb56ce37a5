package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The context of one forward pass.
 *
 * <p>Memory rule (docs/engine.md, pitfall 1): every forward runs inside an {@link ai.djl.ndarray.NDScope} opened by the
 * caller (trainer step, scorer batch), so every intermediate array, including results of ops whose first operand is
 * a long-lived parameter, is closed when the scope closes. Arrays created from Java data go to {@link #manager()}
 * (a per-batch sub-manager, also closed by the caller).
 *
 * <p><b>Never use {@code NDArray.mul(Number)}, {@code add(Number)} etc. in a differentiated computation.</b> DJL's
 * PyTorch engine turns the number into a scalar tensor that shares memory with a Java direct buffer
 * ({@code from_blob}) and closes it right after the op; autograd keeps that tensor for the backward pass, which then
 * reads freed memory (measured: sporadic NaN losses after a few steps, depending on GC timing). Use
 * {@link #scalar(float)}, which lives in this forward's manager until the caller closes it after backward.
 *
 * @param manager  where to create per-batch arrays (ids, masks, scalars); closed after the backward pass
 * @param training train mode: dropout active. Evaluation mode must be deterministic.
 */
public record Forward(NDManager manager, boolean training) {
  public Forward {
    if (manager == null) throw new IllegalArgumentException("manager is required");
  }

  /** A float32 scalar array that stays alive for the whole step (safe to multiply into differentiated arrays). */
  public NDArray scalar(float value) {
    return manager.create(value);
  }
}
