package io.llmesr.model;

import ai.djl.ndarray.NDList;

/**
 * An optional step between {@link SequenceEncoder#embedInput} and {@link SequenceEncoder#encode} that may combine
 * the views' streams. Plain models use {@link #IDENTITY}. LLM-ESR's two-way cross-attention (docs/model.md §3.4) is
 * one: {@code C_id = CA_llm2id(q = X_sem, kv = X_id)}, {@code C_sem = CA_id2llm(q = X_id, kv = X_sem)}; the mixed
 * streams <b>replace</b> the inputs (no residual).
 */
@FunctionalInterface
public interface StreamMixer {
  /** No mixing. */
  StreamMixer IDENTITY = (streams, batch, fwd) -> streams;

  /** Streams in view order (each B×T×d) → streams to encode, same count and order. */
  NDList mix(NDList streams, BatchArrays batch, Forward fwd);
}
