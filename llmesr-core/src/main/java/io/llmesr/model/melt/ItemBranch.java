package io.llmesr.model.melt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.AuxiliaryLoss;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.Seeds;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TrainingBatch;
import java.util.SplittableRandom;

/**
 * MELT's item branch (Kim et al., SIGIR 2023): head items teach {@code W_I} how an item's embedding relates to the
 * representations of the sequences it follows (its contexts, {@link MeltGroups}), and tail items get enhanced
 * embeddings from their contexts.
 * <pre>
 *   context representation   c(S) = f(S) + W_U·f(S)               the user branch's enhancement ({@link UserBranch#enhance})
 *   training, per head item i of the step (δ = tail-item threshold):
 *     n ~ U{1 .. min(δ − 1, |C_i|)} contexts drawn from C_i without replacement   (a tail-sized sample, at least 1)
 *     m_i = mean of c(S) over the drawn contexts          (train mode, gradients flow into encoder, W_U, W_I, item_emb[i])
 *     L_i = mean_{i, j} w_i · (W_I·m_i − item_emb[i])_j²   w_i: {@link Curriculum#itemWeight}
 *     term = λ_I · L_i
 *   start of every epoch, for a tail item j with contexts:  item_emb[j] ← W_I · mean_{S ∈ C_j} c(S)
 *                                                     (evaluation mode, all contexts: {@link MeltModel#refreshTailItems})
 * </pre>
 * The reconstructed rows are head items only; a tail item's id row gets a gradient from this term only where it occurs
 * inside a head item's context (as an input of f).
 *
 * <p>Head items per step: a per-epoch shuffle of the head items (stream {@code melt:items:EPOCH}) is walked
 * {@code ceil(|H| · B / U)} items a step (B the step's rows, U the users), so one epoch covers the head items about
 * once (BERT4Rec, two examples per user: twice), as the release's head-item loader does. Context draws come from the
 * stream {@code melt:item:EPOCH:STEP}.
 *
 * <p>Note: the release uses {@code f(S) + W_U·f(S)} for the contexts in training but {@code f(S)} alone when it
 * computes the tail items' embeddings; we use the same context representation in both, so that {@code W_I} is applied
 * to what it was trained on.
 */
final class ItemBranch implements AuxiliaryLoss {
  /** Name in logs and the metrics CSV. */
  static final String NAME = "item";

  private final BranchMap wI;
  private final UserBranch user;
  private final float lambda;
  private final MeltGroups groups;
  private final Curriculum curriculum;
  private final long seed;
  private int epoch = 1;
  private int step;
  private int[] order = new int[0];
  private int cursor;

  /**
   * Registers {@code melt.w_i.weight} and {@code melt.w_i.bias} in {@code store}.
   *
   * @param groups the training data's groups, or null when the model is loaded for inference
   */
  ItemBranch(ParameterStore store, int d, double lambda, UserBranch user, MeltGroups groups, Curriculum curriculum) {
    this.wI = new BranchMap(store, "melt.w_i", d);
    this.user = user;
    this.lambda = (float) lambda;
    this.groups = groups;
    this.curriculum = curriculum;
    this.seed = store.seed();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void beforeEpoch(SequenceModel model, int epoch) {
    this.epoch = epoch;
    this.step = 0;
    this.cursor = 0;
    if (groups == null) return;
    order = groups.headItems().clone();
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "melt:items:" + epoch));
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  @Override
  public NDArray compute(SequenceModel model, TrainingBatch batch, BatchArrays input, Forward fwd) {
    if (groups == null) throw new IllegalStateException("MELT's item branch needs the training data");
    if (order.length == 0 && groups.headItems().length > 0) beforeEpoch(model, epoch);
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "melt:item:" + epoch + ":" + step++));
    if (lambda == 0f || order.length == 0) return fwd.scalar(0f);
    int count = (int) Math.min(order.length,
        Math.max(1, Math.ceil(order.length * (double) batch.input().size() / groups.numUsers())));
    int[] items = new int[count];
    for (int k = 0; k < count; k++) {
      items[k] = order[cursor];
      cursor = (cursor + 1) % order.length;
    }
    int below = groups.thresholds().tailItemBelow();
    int[][] drawn = new int[count][];
    float[] weights = new float[count];
    int total = 0;
    for (int k = 0; k < count; k++) {
      int c = groups.contexts(items[k]);
      drawn[k] = sample(c, 1 + rng.nextInt(Math.min(Math.max(1, below - 1), c)), rng);
      total += drawn[k].length;
      weights[k] = (float) curriculum.itemWeight(epoch, groups.popularity(items[k]), below);
    }
    int[][] seqs = new int[total][];
    int[] owners = new int[total];
    int[] sizes = new int[count];
    int r = 0;
    for (int k = 0; k < count; k++) {
      sizes[k] = drawn[k].length;
      for (int c : drawn[k]) {
        seqs[r] = groups.context(items[k], c);
        owners[r++] = groups.contextUser(items[k], c);
      }
    }
    NDArray h = model.encode(new BatchArrays(model.predictionBatch(seqs, owners), fwd.manager()), fwd);
    NDArray means = groupMeans(user.enhance(h), sizes, fwd.manager());
    NDArray targets = model.items().candidates(fwd.manager().create(toLong(items)), fwd);   // id rows (training)
    return reconstruction(means, targets, weights, fwd).mul(fwd.scalar(lambda));
  }

  /** {@code L_i = mean w · (W_I·means − targets)²} (unweighted by λ_I). */
  NDArray reconstruction(NDArray means, NDArray targets, float[] weights, Forward fwd) {
    return BranchMap.weightedSquaredError(wI.apply(means), targets, weights, fwd);
  }

  /** {@code W_I·m} for rows of {@code m}: the enhanced embeddings of tail items from their context means. */
  NDArray reconstruct(NDArray means) {
    return wI.apply(means);
  }

  /**
   * Means of consecutive groups of rows: {@code rows} is (Σ sizes)×d, the result (groups)×d, computed as one product
   * with a constant averaging matrix (so gradients reach every row).
   */
  static NDArray groupMeans(NDArray rows, int[] sizes, NDManager manager) {
    int total = 0;
    for (int s : sizes) total += s;
    float[] avg = new float[sizes.length * total];
    int off = 0;
    for (int g = 0; g < sizes.length; g++) {
      for (int k = 0; k < sizes[g]; k++) avg[g * total + off + k] = 1f / sizes[g];
      off += sizes[g];
    }
    return manager.create(avg, new Shape(sizes.length, total)).matMul(rows);
  }

  /** {@code n} distinct indices of {@code 0..size-1} (partial Fisher–Yates), in draw order. */
  static int[] sample(int size, int n, SplittableRandom rng) {
    int[] idx = new int[size];
    for (int i = 0; i < size; i++) idx[i] = i;
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(size - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return java.util.Arrays.copyOf(idx, n);
  }

  private static long[] toLong(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }
}
