package io.llmesr.model.alphafuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ItemRepresentation;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;

/**
 * AlphaFuse's item representation (Hu et al., SIGIR 2025, §3): the frozen language embedding in the backbone's width
 * plus a trainable id embedding that lives only in the null-space coordinates.
 * <pre>
 *   L      = NullSpaceProjection.table(LLM)       (N+2)×d, frozen: d_s semantic coordinates, then d_n null ones
 *   I      = trainable (N+2)×d_n                   the id embeddings (no adapter, nothing else trainable)
 *   e_j    = L_j + [ 0_{d_s} ; I_j ]  =  [ L_j[:d_s] ; L_j[d_s:] + I_j ]
 * </pre>
 * {@code e_j} is both the input vector of item j and its candidate vector. Only {@code I} receives gradients, so the
 * semantic coordinates of every item stay those of its language embedding throughout training.
 *
 * <p>Parameters: {@link #LANGUAGE} (frozen, not persisted: recomputed from the LLM item table, whose SHA-256 the run's
 * provenance records) and {@link #ID_TABLE} (trainable, persisted), xavier-normal over the whole table like the plain
 * id table (docs/model.md §3.9), row 0 and row N+1 trainable as there.
 *
 * <p>Items added after training (serving) get {@code [L(x) ; 0]}: their language part from their LLM vector through the
 * same projection, no id part ({@link #newItems}), AlphaFuse's cold-start item.
 *
 * <p>Note: the paper initialises the id embeddings N(0, 1); this port uses the toolkit's xavier-normal for every id
 * table, so that AlphaFuse starts with the same id scale as the plain backbone.
 */
public final class AlphaFuseItems implements ItemRepresentation {
  /** Name of the frozen language part in the parameter store. */
  public static final String LANGUAGE = "alphafuse.language_emb";
  /** Name of the trainable null-space id table in the parameter store. */
  public static final String ID_TABLE = "alphafuse.id_emb";

  private final NullSpaceProjection projection;
  private final NDArray language;
  private final NDArray ids;
  private final int dim;
  private final int semanticDim;

  /**
   * @param projection the fitted decomposition ({@code projection.dim()} must be the hidden size)
   * @param llmRows    the LLM item table, {@code (N+1)×D} row-major, row 0 zeros
   */
  public AlphaFuseItems(ParameterStore store, ModelSpec spec, NullSpaceProjection projection, float[] llmRows) {
    if (projection.dim() != spec.hiddenSize()) {
      throw new IllegalArgumentException("projection width " + projection.dim() + " != hidden size " + spec.hiddenSize());
    }
    if (llmRows.length / projection.inputDim() + 1 != spec.itemRows()) {
      throw new IllegalArgumentException("LLM item table has " + (llmRows.length / projection.inputDim() - 1)
          + " items, the model " + spec.numItems());
    }
    this.projection = projection;
    this.dim = spec.hiddenSize();
    this.semanticDim = projection.semanticDim();
    this.language = store.frozen(LANGUAGE, projection.table(llmRows), new Shape(spec.itemRows(), dim), false);
    this.ids = store.xavier(ID_TABLE, spec.itemRows(), projection.nullDim());
  }

  /** The decomposition the language part comes from. */
  public NullSpaceProjection projection() {
    return projection;
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
    return new NDList(candidates(batch.items(), fwd));
  }

  @Override
  public NDArray candidates(NDArray itemIds, Forward fwd) {
    return fuse(Ops.embedding(itemIds, language), Ops.embedding(itemIds, ids));
  }

  @Override
  public NDArray itemRange(int from, int to, Forward fwd) {
    if (from < 0 || to > language.getShape().get(0) || from >= to) {
      throw new IllegalArgumentException("bad item range " + from + ".." + to);
    }
    NDManager m = fwd.manager();
    NDArray lang = language.get(m, new NDIndex(from + ":" + to));
    NDArray id = ids.get(new NDIndex(from + ":" + to));
    id.attach(m);
    return fuse(lang, id);
  }

  /** {@code [lang[..., :d_s] ; lang[..., d_s:] + id]}, in the manager of {@code lang}. */
  private NDArray fuse(NDArray lang, NDArray id) {
    NDArray semantic = lang.get(new NDIndex("..., :" + semanticDim));
    NDArray nulls = lang.get(new NDIndex("..., " + semanticDim + ":")).add(id);
    return NDArrays.concat(new NDList(semantic, nulls), -1);
  }

  /** No id-table columns of its own at the front: items added after training are placed by their LLM vector. */
  @Override
  public int collaborativeDim() {
    return 0;
  }

  @Override
  public boolean readsLlmVectors() {
    return true;
  }

  /** {@code [L(x) ; 0]}: the language part of each LLM vector (n×D → n×d), no id part. */
  @Override
  public NDArray newItems(NDArray llm, NDArray collaborative, Forward fwd) {
    int n = (int) llm.getShape().get(0);
    int in = projection.inputDim();
    if (llm.getShape().get(1) != in) {
      throw new IllegalArgumentException("LLM vectors have " + llm.getShape().get(1) + " dimensions, the model " + in);
    }
    float[] x = llm.toFloatArray();
    float[] out = new float[n * dim];
    for (int r = 0; r < n; r++) System.arraycopy(projection.project(x, r * in), 0, out, r * dim, dim);
    return fwd.manager().create(out, new Shape(n, dim));
  }
}
