package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ItemRepresentation;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;

/**
 * LLM-ESR's dual-view item representation (docs/model.md §3.1–3.3, §3.6).
 *
 * <ul>
 *   <li><b>Collaborative view</b>: a trainable {@code M×d} table {@code id_item_emb} ({@code M = N+2}), rows 1..N
 *       initialised from the d-dimensional PCA of the LLM item table, rows 0 and N+1 zeros, all rows trainable (no
 *       padding_idx). Ablation {@code random-id-init}: xavier-normal over the whole table instead.</li>
 *   <li><b>Semantic view</b>: {@code Adapter(llm_item_emb[s])} with the frozen LLM table ({@link FrozenItemTable})
 *       and the {@link SemanticAdapter}; padding and mask rows map to the adapter's bias.</li>
 * </ul>
 * Input views are raw vectors (the encoder adds ×sqrt(d), positions and dropout for SASRec/BERT4Rec, nothing for
 * GRU4Rec, docs/model.md §3.3). Candidate vectors are the unscaled concatenation
 * {@code e_j = [id_emb_j ; Adapter(llm_j)]} (2d = 128 in the paper), so a score is the sum of the per-view dot products
 * (docs/model.md §3.6). Under {@code no-co-view} / {@code no-se-view} only the remaining view exists and vectors have d
 * features.
 *
 * <p>The adapter is applied to the distinct items of each call only ({@link UniqueRows}) and the result indexed
 * back: the same values and gradients as applying it to every slot, at the cost of the batch's distinct items.
 */
public final class DualViewItems implements ItemRepresentation {
  /** Name of the collaborative table in the parameter store. */
  public static final String ID_TABLE = "id_item_emb";

  private final NDArray idTable;            // null without the collaborative view
  private final FrozenItemTable llmTable;   // null without the semantic view
  private final SemanticAdapter adapter;    // null without the semantic view
  private final int dim;
  private final int rows;
  private NDArray frozenSemantic;           // Adapter(llm) for all rows once the parameters are frozen, else null

  /**
   * @param store   parameter store (registration order: id table, LLM table, adapter)
   * @param tables  the cached LLM tables
   * @param d       hidden size
   * @param options which views / adapter / initialisation (ablations)
   */
  public DualViewItems(ParameterStore store, LlmEsrTables tables, int d, LlmEsrOptions options) {
    this.dim = d;
    this.rows = tables.numItems() + 2;
    if (options.collaborativeView()) {
      if (options.has(Ablation.RANDOM_ID_INIT)) {
        idTable = store.xavier(ID_TABLE, rows, d);
      } else {
        idTable = store.trainable(ID_TABLE, pcaInit(tables, d), new Shape(rows, d));
      }
    } else {
      idTable = null;
    }
    if (options.semanticView()) {
      llmTable = new FrozenItemTable(store, tables.llmItems(), tables.llmDim());
      adapter = new SemanticAdapter(store, tables.llmDim(), d, !options.has(Ablation.ONE_LAYER_ADAPTER));
    } else {
      llmTable = null;
      adapter = null;
    }
  }

  /** Rows 1..N = PCA rows, rows 0 and N+1 = 0 (docs/model.md §3.1). */
  static float[] pcaInit(LlmEsrTables tables, int d) {
    if (tables.pcaItems() == null) {
      throw new IllegalArgumentException("the collaborative view is initialised from the PCA item table, which is"
          + " missing: run the pca step of the embed stage, or use --ablation random-id-init");
    }
    if (tables.pcaDim() != d) {
      throw new IllegalArgumentException("PCA item table has " + tables.pcaDim() + " columns but the hidden size is "
          + d + ": recompute the PCA with " + d + " components");
    }
    return idTableFromPca(tables.pcaItems(), tables.numItems(), d);
  }

  /**
   * An {@code (N+2)×d} id table from a PCA item table ({@code (N+1)×d}, row 0 the zero padding row): rows 0..N
   * copied, row N+1 (BERT4Rec's mask row) zero. The collaborative view's and {@code llminit}'s initialisation.
   */
  static float[] idTableFromPca(float[] pcaRows, int numItems, int d) {
    if (pcaRows.length != (numItems + 1) * d) {
      throw new IllegalArgumentException("PCA table of " + pcaRows.length / d + " rows for " + numItems + " items");
    }
    float[] init = new float[(numItems + 2) * d];
    System.arraycopy(pcaRows, 0, init, 0, pcaRows.length);
    return init;
  }

  @Override
  public int views() {
    return (idTable != null ? 1 : 0) + (adapter != null ? 1 : 0);
  }

  @Override
  public int viewDim() {
    return dim;
  }

  /** The collaborative table (null under {@code no-co-view}). */
  public NDArray idTable() {
    return idTable;
  }

  /** The frozen LLM table (null under {@code no-se-view}). */
  public FrozenItemTable llmTable() {
    return llmTable;
  }

  /** The adapter (null under {@code no-se-view}). */
  public SemanticAdapter adapter() {
    return adapter;
  }

  @Override
  public NDList inputViews(BatchArrays batch, Forward fwd) {
    NDList out = new NDList(2);
    if (idTable != null) out.add(Ops.embedding(batch.items(), idTable));
    if (adapter != null) out.add(semantic(batch.items(), fwd));
    return out;
  }

  @Override
  public NDArray candidates(NDArray ids, Forward fwd) {
    if (idTable == null) return semantic(ids, fwd);
    NDArray id = Ops.embedding(ids, idTable);
    if (adapter == null) return id;
    return NDArrays.concat(new NDList(id, semantic(ids, fwd)), -1);
  }

  @Override
  public NDArray itemRange(int from, int to, Forward fwd) {
    if (from < 0 || to > rows || from >= to) throw new IllegalArgumentException("bad item range " + from + ".." + to);
    NDManager m = fwd.manager();
    NDArray sem = adapter == null ? null : adapter.apply(llmTable.range(from, to, m));
    if (idTable == null) return sem;
    NDArray id = idTable.get(new NDIndex(from + ":" + to));
    id.attach(m);
    return sem == null ? id : NDArrays.concat(new NDList(id, sem), -1);
  }

  @Override
  public int collaborativeDim() {
    return idTable == null ? 0 : dim;
  }

  @Override
  public boolean readsLlmVectors() {
    return adapter != null;
  }

  /**
   * Computes {@code Adapter(llm)} for every row once; {@link #semantic} then looks rows up in it. The adapter runs
   * in inference mode, which is what a forward pass that does not train computes anyway.
   */
  @Override
  public void freeze(NDManager manager) {
    if (adapter == null || frozenSemantic != null) return;
    NDArray table = adapter.apply(llmTable.range(0, rows, manager));
    table.attach(manager);
    frozenSemantic = table;
  }

  /** {@code [collaborative ; Adapter(llm)]} for items outside the tables (either part alone under an ablation). */
  @Override
  public NDArray newItems(NDArray llm, NDArray collaborative, Forward fwd) {
    NDArray sem = adapter == null ? null : adapter.apply(llm);
    if (idTable == null) return sem;
    return sem == null ? collaborative : NDArrays.concat(new NDList(collaborative, sem), -1);
  }

  /** {@link #semantic(NDArray, NDManager)}, looked up in the table {@link #freeze} computed when not training. */
  private NDArray semantic(NDArray ids, Forward fwd) {
    if (frozenSemantic != null && !fwd.training()) return Ops.embedding(ids, frozenSemantic);
    return semantic(ids, fwd.manager());
  }

  /**
   * {@code Adapter(llm[ids])} for int64 ids of any shape S → S×d, computed on the distinct ids only, in
   * {@code manager}.
   */
  public NDArray semantic(NDArray ids, NDManager manager) {
    UniqueRows u = UniqueRows.of(ids.toLongArray(), rows);
    NDArray adapted = adapter.apply(llmTable.rows(u.unique(), manager));        // U×d
    NDArray inverse = manager.create(u.inverse(), ids.getShape());
    return Ops.embedding(inverse, adapted);
  }
}
