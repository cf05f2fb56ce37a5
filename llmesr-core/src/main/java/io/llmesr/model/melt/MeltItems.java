package io.llmesr.model.melt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.ItemRepresentation;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;

/**
 * MELT's item representation: the plain backbone's id table ({@link IdEmbedding}, parameter {@code item_emb}) plus
 * the enhanced vectors of the tail items, which replace the tail items' rows wherever items are scored at inference:
 * <pre>
 *   training:   candidate(j) = item_emb[j]                                    (the plain backbone)
 *   inference:  candidate(j) = tail_item_emb[j]  if tail_items[j] = 1,  else item_emb[j]
 * </pre>
 * {@code tail_item_emb} ((N+2)×d) holds {@code W_I · mean_{S ∈ C_j} (f(S) + W_U f(S))} for the tail items j with
 * contexts ({@link MeltModel#refreshTailItems}), {@code tail_items} ((N+2)×1) marks them. Both are persisted, frozen
 * tensors ({@code melt.tail_item_emb}, {@code melt.tail_items}): a checkpoint holds the table that goes with its
 * parameters, and a loaded run needs no dataset. The selection is exact: a head item's vector is its id row, bit for
 * bit.
 *
 * <p>Note: input sequences always read the id table, so a head user's representation is the backbone's. MELT
 * enhances the tail items' embeddings; the authors' release writes the enhanced rows into the id table
 * at the start of every epoch (which also changes inputs and the next epoch's training); we keep the trained id rows
 * and score tail items with the enhanced ones.
 */
final class MeltItems implements ItemRepresentation {
  /** Name of the enhanced tail-item table. */
  static final String TAIL_TABLE = "melt.tail_item_emb";
  /** Name of the tail-item marks (1 = the row of {@link #TAIL_TABLE} replaces the id row at inference). */
  static final String TAIL_ITEMS = "melt.tail_items";

  private final IdEmbedding ids;
  private final NDArray table;
  private final NDArray tailTable;
  private final NDArray tailMarks;
  private final int dim;

  /**
   * @param ids       the id table (already registered)
   * @param tailItems the tail items whose rows are replaced at inference (ids in 1..N), empty when loading a run
   *                  (the checkpoint then sets the marks)
   */
  MeltItems(ParameterStore store, ModelSpec spec, IdEmbedding ids, int[] tailItems) {
    this.ids = ids;
    this.dim = spec.hiddenSize();
    this.table = store.get(IdEmbedding.TABLE).array();
    int rows = spec.itemRows();
    float[] marks = new float[rows];
    for (int i : tailItems) marks[i] = 1f;
    this.tailTable = store.frozen(TAIL_TABLE, new float[rows * dim], new Shape(rows, dim), true);
    this.tailMarks = store.frozen(TAIL_ITEMS, marks, new Shape(rows, 1), true);
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
    return ids.inputViews(batch, fwd);
  }

  @Override
  public NDArray candidates(NDArray idArray, Forward fwd) {
    if (fwd.training()) return ids.candidates(idArray, fwd);
    NDArray id = Ops.embedding(idArray, table);
    return NDArrays.where(marked(Ops.embedding(idArray, tailMarks), id, fwd), Ops.embedding(idArray, tailTable), id);
  }

  @Override
  public NDArray itemRange(int from, int to, Forward fwd) {
    NDIndex range = new NDIndex(from + ":" + to);
    if (fwd.training()) return table.get(fwd.manager(), range);
    NDArray id = table.get(fwd.manager(), range);
    return NDArrays.where(marked(tailMarks.get(fwd.manager(), range), id, fwd), tailTable.get(fwd.manager(), range), id);
  }

  /** The marks (S×1) as a boolean array of the candidates' shape (DJL's {@code where} does not broadcast). */
  private static NDArray marked(NDArray marks, NDArray like, Forward fwd) {
    return marks.gt(fwd.scalar(0.5f)).broadcast(like.getShape());
  }

  /**
   * Writes the enhanced vectors of {@code items} into the tail table, in place (the rows of other items keep their
   * values).
   *
   * @param rows {@code items.length × d}, row-major
   */
  void setTailRows(int[] items, float[] rows) {
    if (rows.length != items.length * dim) {
      throw new IllegalArgumentException(rows.length + " values for " + items.length + " rows of width " + dim);
    }
    float[] all = tailTable.toFloatArray();
    for (int k = 0; k < items.length; k++) System.arraycopy(rows, k * dim, all, items[k] * dim, dim);
    try (NDArray values = tailTable.getManager().create(all, tailTable.getShape())) {
      tailTable.subi(tailTable).addi(values);   // x − x + v == v exactly for finite x (as ParameterStore.load)
    }
  }

  /** The items marked as enhanced tail items (ascending). */
  int[] tailItems() {
    float[] m = tailMarks.toFloatArray();
    int n = 0;
    for (float v : m) if (v > 0.5f) n++;
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < m.length; i++) if (m[i] > 0.5f) out[k++] = i;
    return out;
  }
}
