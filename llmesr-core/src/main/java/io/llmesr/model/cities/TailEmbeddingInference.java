package io.llmesr.model.cities;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.FinalPhase;
import io.llmesr.model.Forward;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.Seeds;
import io.llmesr.model.TensorFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * CITIES' second stage (Jang et al., ICDM 2020, §III) as a {@link FinalPhase}: with the backbone trained and frozen,
 * learn the {@link EmbeddingInference} function f on the <b>head</b> items, then <b>replace</b> the embeddings of the
 * <b>tail</b> items by f's output. With E the trained id table ({@link IdEmbedding#TABLE}), C_j a draw of at most K
 * contexts of item j ({@link ItemContexts}) and H the head items that have a context:
 * <pre>
 *   L(f)  = (1/|B|) Σ_{j ∈ B} || f(C_j) − E[j] ||²        over batches B of H, K contexts redrawn every epoch
 *   E'[j] = f(C_j)   for tail items j with a context      (C_j drawn once, K at most)
 *   E'[j] = E[j]     otherwise (head items, tail items without a context, padding row 0, mask row N+1)
 * </pre>
 * Head and tail are the evaluation's item groups ({@code eval.thresholds}, given by the trainer as
 * {@link Inputs#tailItems()}). E' is written into the model's id table, which serves both the encoder's input and the
 * candidate vectors, so the replacement holds at the input and in scoring, and checkpoints, {@code evaluate}, export
 * and serving see it like any trained table.
 *
 * <p>Randomness: the contexts of epoch e come from {@code Seeds.derive(seed, "cities:epoch:<e>")} (also the order of
 * the head items), the tail items' contexts from {@code "cities:infer"}, f's initial weights from the parameter names;
 * f runs without dropout. Given the trained table and the seed the phase is therefore deterministic.
 *
 * <p>Note: choices the paper leaves open or this port makes: the squared L2 distance summed over d and averaged over
 * the batch; Adam with the run's {@code train.lr}, betas and epsilon and {@code train.batch_size} items per batch;
 * f's blocks have the backbone's shape; a tail item that never occurs after the first slot of a training part (no
 * context) keeps its trained embedding; the contexts of tail items are read through the table before replacement (one
 * pass, no iteration); with no head item that has a context nothing is replaced.
 */
final class TailEmbeddingInference implements FinalPhase {
  /** Name in logs and in the best checkpoint's state. */
  static final String NAME = "cities";

  private final ParameterStore model;
  private final ModelSpec spec;
  private final int contexts;
  private final int contextLen;
  private final int epochs;

  private ItemContexts itemContexts;
  private NDArray frozen;
  private EmbeddingInference function;
  private int[] heads;
  private int[] tails;
  private long seed;
  private int batchSize;
  private int[] order;
  private int[][][] drawn;

  /**
   * @param model      the model's parameters (its id table is read and, at the end, rewritten)
   * @param contexts   K, contexts per item at most
   * @param contextLen L_c, items per context at most
   * @param epochs     epochs of f's training
   */
  TailEmbeddingInference(ParameterStore model, ModelSpec spec, int contexts, int contextLen, int epochs) {
    this.model = model;
    this.spec = spec;
    this.contexts = contexts;
    this.contextLen = contextLen;
    this.epochs = epochs;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int epochs() {
    return epochs;
  }

  @Override
  public ParameterStore begin(Inputs in) {
    if (in.dataset().numItems() != spec.numItems()) {
      throw new IllegalArgumentException("dataset has " + in.dataset().numItems() + " items, the model " + spec.numItems());
    }
    ParameterStore store = new ParameterStore(model.manager().newSubManager(), in.seed());
    float[] table = model.get(IdEmbedding.TABLE).array().toFloatArray();
    frozen = store.frozen("cities.item_emb", table, new Shape(spec.itemRows(), spec.hiddenSize()), false);
    function = new EmbeddingInference(store, spec, contextLen);
    itemContexts = ItemContexts.of(in.dataset(), contextLen);
    List<Integer> h = new ArrayList<>();
    List<Integer> t = new ArrayList<>();
    for (int j = 1; j <= spec.numItems(); j++) {
      if (itemContexts.count(j) == 0) continue;
      (in.tailItems()[j] ? t : h).add(j);
    }
    heads = h.stream().mapToInt(Integer::intValue).toArray();
    tails = t.stream().mapToInt(Integer::intValue).toArray();
    seed = in.seed();
    batchSize = in.batchSize();
    return store;
  }

  @Override
  public int beginEpoch(int epoch) {
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "cities:epoch:" + epoch));
    order = heads.clone();
    for (int i = order.length - 1; i > 0; i--) {
      int r = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[r];
      order[r] = tmp;
    }
    drawn = new int[order.length][][];
    for (int i = 0; i < order.length; i++) drawn[i] = itemContexts.draw(order[i], contexts, rng);
    return (order.length + batchSize - 1) / batchSize;
  }

  @Override
  public NDArray loss(int batch, NDManager manager) {
    int from = batch * batchSize;
    int to = Math.min(order.length, from + batchSize);
    long[] ids = new long[to - from];
    int[][][] c = new int[to - from][][];
    for (int i = from; i < to; i++) {
      ids[i - from] = order[i];
      c[i - from] = drawn[i];
    }
    Forward fwd = new Forward(manager, false);
    NDArray inferred = function.infer(frozen, c, contexts, fwd);
    return l2(inferred, Ops.embedding(manager.create(ids), frozen));
  }

  /** The training loss: {@code (1/B) Σ_j ||inferred_j − target_j||²} for B×d arrays, a scalar. */
  static NDArray l2(NDArray inferred, NDArray target) {
    return inferred.sub(target).square().sum(new int[] {1}).mean();
  }

  @Override
  public String end() {
    if (heads.length == 0) {
      return NAME + ": no head item has a context; the item table is left as trained";
    }
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "cities:infer"));
    int d = spec.hiddenSize();
    Map<String, TensorFile.Tensor> params = model.snapshot();
    float[] table = params.get(IdEmbedding.TABLE).values();
    for (int from = 0; from < tails.length; from += batchSize) {
      int to = Math.min(tails.length, from + batchSize);
      int[][][] c = new int[to - from][][];
      for (int i = from; i < to; i++) c[i - from] = itemContexts.draw(tails[i], contexts, rng);
      float[] rows;
      try (NDManager m = frozen.getManager().newSubManager(); NDScope scope = new NDScope()) {
        rows = function.infer(frozen, c, contexts, new Forward(m, false)).toFloatArray();
      }
      for (int i = from; i < to; i++) System.arraycopy(rows, (i - from) * d, table, tails[i] * d, d);
    }
    model.load(params);
    return String.format(Locale.ROOT, "%s: inferred the embeddings of %d tail items from at most %d contexts each"
        + " (f trained on %d head items)", NAME, tails.length, contexts, heads.length);
  }

  /** Head items that train f (those with a context), ascending; after {@link #begin}. */
  int[] headItems() {
    return heads.clone();
  }

  /** Tail items whose embedding is replaced (those with a context), ascending; after {@link #begin}. */
  int[] tailItems() {
    return tails.clone();
  }

  /** The inference function; after {@link #begin}. */
  EmbeddingInference function() {
    return function;
  }

  /** The frozen copy of the trained id table that f reads; after {@link #begin}. */
  NDArray frozenItems() {
    return frozen;
  }

  /** The item contexts; after {@link #begin}. */
  ItemContexts itemContexts() {
    return itemContexts;
  }
}
