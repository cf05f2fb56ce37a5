package io.llmesr.model;

import ai.djl.ndarray.NDArray;

/**
 * The backbone's sequence encoder (docs/model.md §3.5), shared by all streams: LLM-ESR runs the same instance on both
 * views (one position table, one dropout, one set of blocks, docs/model.md §3.5).
 *
 * <p>Two steps, because LLM-ESR's cross-attention sits between them (docs/model.md §3.3–3.4):
 * <ol>
 *   <li>{@link #embedInput}: one view's raw vectors → the encoder input. Transformers (SASRec/BERT4Rec):
 *       {@code Dropout(view * sqrt(d) + pos_emb[positions])}; GRU4Rec: the view unchanged (padded slots zeroed
 *       when masking is on).</li>
 *   <li>{@link #encode}: encoder input B×T×d → hidden states B×T×d (transformer blocks + final LayerNorm, or
 *       the GRU outputs).</li>
 * </ol>
 * Implementations: {@link TransformerEncoder}, {@link GruEncoder}.
 */
public interface SequenceEncoder {
  /** One view's raw item vectors (B×T×d) → encoder input (B×T×d). */
  NDArray embedInput(NDArray view, BatchArrays batch, Forward fwd);

  /** Encoder input (B×T×d) → hidden states (B×T×d) at every slot. */
  NDArray encode(NDArray input, BatchArrays batch, Forward fwd);
}
