package io.llmesr.model;

import ai.djl.ndarray.NDArray;

/**
 * The backbone's sequence encoder (docs/model.md §3.3–3.5), shared by all streams: LLM-ESR runs the same
 * instance on both views (one position table, one dropout, one set of blocks) unless an ablation separates them.
 *
 * <p>Two steps, because LLM-ESR's cross-attention sits between them:
 * <ol>
 *   <li>{@link #embedInput}: one view's raw vectors → the encoder input. Transformers (SASRec/BERT4Rec):
 *       {@code Dropout(view * sqrt(d) + pos_emb[positions])}; GRU4Rec: the view unchanged (padded slots zeroed
 *       when masking is on).</li>
 *   <li>{@link #encode}: encoder input B×T×d → hidden states B×T×d (transformer blocks + final LayerNorm, or
 *       the GRU outputs).</li>
 * </ol>
 * An encoder that is {@link #windowed()} lets the model compute only the window of slots holding real items
 * ({@link Window}); the padded slots left of the window are passed as a count ({@code folded}) and their hidden state
 * is {@link #paddingRow()}. Implementations: {@link TransformerEncoder}, {@link GruEncoder}.
 */
public interface SequenceEncoder {
  /** One view's raw item vectors (B×T×d) → encoder input (B×T×d). */
  NDArray embedInput(NDArray view, BatchArrays batch, Forward fwd);

  /** Encoder input (B×T×d) → hidden states (B×T×d) at every slot. */
  NDArray encode(NDArray input, BatchArrays batch, Forward fwd);

  /**
   * Hidden states of a window batch whose rows are preceded by {@code folded} padded slots that are not computed.
   * Only a {@link #windowed()} encoder accepts {@code folded > 0}.
   */
  default NDArray encode(NDArray input, BatchArrays batch, Forward fwd, int folded) {
    if (folded != 0) throw new IllegalArgumentException(getClass().getSimpleName() + " does not fold padding");
    return encode(input, batch, fwd);
  }

  /** Whether models may run this encoder on the window of real items ({@link Window}). */
  default boolean windowed() {
    return false;
  }

  /** The hidden state (d) of a padded slot outside the window; only for {@link #windowed()} encoders. */
  default NDArray paddingRow() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is not windowed");
  }
}
