package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * The plain backbones' item representation: one trainable {@code (N+2)×d} table (row 0 padding, rows 1..N items,
 * row N+1 BERT4Rec's mask token), xavier-normal initialised over the whole table (docs/model.md §3.9).
 *
 * <p>Baselines may give the table's initial values instead ({@link #IdEmbedding(ParameterStore, ModelSpec, float[])},
 * e.g. method {@code llminit}: rows 1..N from the PCA of the LLM item table); the parameter is the same.
 *
 * <p>Note: no {@code padding_idx}: row 0 is trainable like the LLM-ESR tables (docs/model.md §3.1). For transformers
 * padded slots are zeroed by the encoder anyway; for GRU4Rec in the paper preset the GRU runs over row 0's vector.
 */
public final class IdEmbedding implements ItemRepresentation {
  /** Parameter name of the table. */
  public static final String TABLE = "item_emb";

  private final NDArray table;
  private final int dim;

  public IdEmbedding(ParameterStore store, ModelSpec spec) {
    this.dim = spec.hiddenSize();
    this.table = store.xavier(TABLE, spec.itemRows(), dim);
  }

  /**
   * The table with the given initial values ({@code (N+2)×d}, row-major) instead of xavier-normal.
   *
   * @throws IllegalArgumentException if {@code init} does not hold {@code (N+2)×d} values
   */
  public IdEmbedding(ParameterStore store, ModelSpec spec, float[] init) {
    this.dim = spec.hiddenSize();
    this.table = store.trainable(TABLE, init, new ai.djl.ndarray.types.Shape(spec.itemRows(), dim));
  }

  @Override
  public int views() {
    return 1;
  }

  @Override
  public int viewDim() {
    return dim;
  }

  @Override
  public NDList inputViews(BatchArrays batch, Forward fwd) {
    return new NDList(Ops.embedding(batch.items(), table));
  }

  @Override
  public NDArray candidates(NDArray ids, Forward fwd) {
    return Ops.embedding(ids, table);
  }

  @Override
  public NDArray itemRange(int from, int to, Forward fwd) {
    return table.get(new NDIndex(from + ":" + to));
  }
}
