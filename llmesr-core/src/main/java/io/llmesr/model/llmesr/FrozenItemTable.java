package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.ParameterStore;
import java.util.Arrays;

/**
 * The frozen LLM item table of the semantic view (docs/model.md §3.1 {@code llm_item_emb}): {@code M = N+2} rows of
 * width D, row 0 (padding) and row {@code N+1} (BERT4Rec's mask token) all zeros, rows 1..N the LLM embeddings.
 *
 * <p>Frozen means: registered in the model's {@link ParameterStore} as a frozen tensor, so it is not a trainable
 * parameter at all — no gradient is attached, the optimiser keeps no state for it, checkpoints do not store it (it
 * is re-read from the dataset's embedding files, whose SHA-256 the run provenance records).
 *
 * <p>Rows are gathered with {@link #rows}, which creates the result in the caller's per-batch manager (docs/engine.md,
 * pitfall 1: an op whose first operand is this long-lived table would otherwise land in the model manager).
 */
public final class FrozenItemTable {
  /** Name of the table in the parameter store. */
  public static final String NAME = "llm_item_emb";

  private final NDArray table;
  private final int rows;
  private final int dim;

  /**
   * @param store     the model's parameter store (owns the table)
   * @param llmItems  {@code (N+1) × D} row-major floats, row 0 zeros (as {@link LlmEsrTables#llmItems()})
   * @param dim       D
   */
  public FrozenItemTable(ParameterStore store, float[] llmItems, int dim) {
    if (dim < 1 || llmItems.length % dim != 0) throw new IllegalArgumentException("table is not a multiple of D=" + dim);
    this.dim = dim;
    this.rows = llmItems.length / dim + 1;                  // + the zero mask-token row N+1
    float[] withMask = Arrays.copyOf(llmItems, rows * dim);
    this.table = store.frozen(NAME, withMask, new Shape(rows, dim), false);
  }

  /** {@code M = N+2}. */
  public int rows() {
    return rows;
  }

  /** D. */
  public int dim() {
    return dim;
  }

  /** The whole table (frozen; for tests and inspection). */
  public NDArray array() {
    return table;
  }

  /** Rows {@code ids} (each in {@code 0..M-1}) as a {@code ids.length × D} array created in {@code manager}. */
  public NDArray rows(long[] ids, NDManager manager) {
    NDArray index = manager.create(ids);
    return table.get(manager, new NDIndex("{}", index));
  }

  /** Rows {@code from..to-1} as a {@code (to-from) × D} array created in {@code manager}. */
  public NDArray range(int from, int to, NDManager manager) {
    return table.get(manager, new NDIndex(from + ":" + to));
  }
}
