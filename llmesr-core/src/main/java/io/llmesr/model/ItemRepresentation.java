package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * What turns item ids into vectors: the encoder's input views and the candidate vectors that hidden states are
 * scored against (docs/model.md §3.1–3.3, §3.6).
 *
 * <ul>
 *   <li>Plain backbones ({@link IdEmbedding}): one view, one trainable {@code (N+2)×d} table; candidate vectors are
 *       its rows.</li>
 *   <li>LLM-ESR dual view (branch {@code llmesr}): two views, the collaborative id table (PCA-initialised) and
 *       {@code Adapter(frozen LLM table)}; candidate vectors are the <b>concatenation</b> {@code [id_j ; adapter(llm_j)]}
 *       (128-d, unscaled), so the score is the sum of the per-view dot products (docs/model.md §3.6).</li>
 * </ul>
 *
 * <p>Contract: {@link #inputViews} returns raw per-view vectors (no ×sqrt(d), no positions, no dropout: the
 * {@link SequenceEncoder} adds those because they belong to the backbone); {@link #candidates} and {@link #itemRange}
 * return vectors of width {@link #candidateDim()} {@code = views() * viewDim()}, which must equal the width of the
 * concatenated encoder outputs. All arrays are created within the caller's scope (see {@link Forward}).
 */
public interface ItemRepresentation {
  /** Number of views (streams run through the encoder): 1 for plain models, 2 for LLM-ESR. */
  int views();

  /** Width d of one view's vectors (the encoder's hidden size). */
  int viewDim();

  /** Width of candidate vectors and of the user representation: {@code views() * viewDim()}. */
  default int candidateDim() {
    return views() * viewDim();
  }

  /** Per view, the raw vectors of the batch's item slots: each B×T×d ({@code views()} arrays). */
  NDList inputViews(BatchArrays batch, Forward fwd);

  /** Candidate vectors for item ids of any shape S (int64): shape S×candidateDim. */
  NDArray candidates(NDArray ids, Forward fwd);

  /** Candidate vectors of the items with ids {@code from..to-1}: (to-from)×candidateDim (for full ranking). */
  NDArray itemRange(int from, int to, Forward fwd);

  /**
   * Width of the collaborative (id-table) part of a candidate vector: its first {@code collaborativeDim()} columns
   * (0 when there is no id table).
   */
  default int collaborativeDim() {
    return candidateDim();
  }

  /**
   * Declares that the parameters will not change any more (a served bundle): a representation may then precompute,
   * in {@code manager}, whatever depends on parameters only, and use it in forward passes that do not train.
   * Training after this call is an error the caller must avoid; the default does nothing.
   */
  default void freeze(NDManager manager) { }

  /** Whether {@link #newItems} reads LLM vectors (the representation has a semantic view). */
  default boolean readsLlmVectors() {
    return false;
  }

  /**
   * Candidate vectors of n items outside the trained tables (items added after training, docs/serving.md): from their
   * LLM vectors ({@code n×D}, used when {@link #readsLlmVectors()}) and their collaborative vectors
   * ({@code n×collaborativeDim()}, chosen by the caller, e.g. the PCA projection the id table was initialised
   * with): {@code n×candidateDim}. For a plain id table the collaborative vectors are the candidate vectors.
   */
  default NDArray newItems(NDArray llm, NDArray collaborative, Forward fwd) {
    return collaborative;
  }
}
