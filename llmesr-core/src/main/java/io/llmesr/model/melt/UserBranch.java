package io.llmesr.model.melt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.AuxiliaryLoss;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.Seeds;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TrainingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MELT's user branch (Kim et al., SIGIR 2023): head users teach {@code W_U} how a short history's representation
 * relates to the representation of the whole history, and tail users' representations are enhanced with it.
 * <pre>
 *   training, per head user u of the batch (T = u's training part, δ = tail-user threshold):
 *     n ~ U{1 .. min(δ − 1, |T|)}                  a tail-sized length (at least 1)
 *     h_full = f(T),  h_short = f(last n items of T)   the backbone's user representation (train mode, gradients flow)
 *     L_u = mean_{u, j} w_u · (W_U·h_short − h_full)_j²        w_u: {@link Curriculum#userWeight}
 *     term = λ_U · L_u                                          (0 when the batch has no head user)
 *   inference, for a tail user (input shorter than δ):  u' = u + W_U·u   ({@link #enhance}); head users: u' = u
 * </pre>
 * f is the backbone's prediction input ({@link SequenceModel#predictionBatch}: BERT4Rec gets its mask token), so
 * {@code W_U} is trained on the kind of representation it is applied to.
 *
 * <p>Note: training maps the short representation itself onto the full one, inference adds the mapped vector to the
 * representation (a residual), as the authors' release does. The head users of a batch are its rows' users (each
 * user once per batch), so every head user takes part about once an epoch (twice for BERT4Rec's two examples); the
 * release draws head users from a loader of its own with the same effect. Draws come from the stream
 * {@code melt:user:EPOCH:STEP} of the root seed, so a resumed run repeats them.
 */
final class UserBranch implements AuxiliaryLoss {
  /** Name in logs and the metrics CSV. */
  static final String NAME = "user";
  /** The persisted tail-user threshold δ (1 float: tail when the input has fewer items). */
  static final String THRESHOLD = "melt.tail_user_below";

  private final BranchMap wU;
  private final NDArray threshold;
  private final float lambda;
  private final MeltGroups groups;
  private final Curriculum curriculum;
  private final long seed;
  private int epoch = 1;
  private int step;

  /**
   * Registers {@code melt.w_u.weight}, {@code melt.w_u.bias} and the persisted threshold in {@code store}.
   *
   * @param groups the training data's groups, or null when the model is loaded for inference (nothing to train)
   */
  UserBranch(ParameterStore store, int d, double lambda, MeltGroups groups, Curriculum curriculum) {
    this.wU = new BranchMap(store, "melt.w_u", d);
    float below = groups == null ? 0f : groups.thresholds().tailUserBelow();
    this.threshold = store.frozen(THRESHOLD, new float[] {below}, new Shape(1), true);
    this.lambda = (float) lambda;
    this.groups = groups;
    this.curriculum = curriculum;
    this.seed = store.seed();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The tail-user threshold δ the model was trained with (from the checkpoint when loaded). */
  int tailUserBelow() {
    return Math.round(threshold.toFloatArray()[0]);   // no NDArray is created (a long-lived array)
  }

  /** {@code u + W_U·u} for rows of {@code u} (B×d): the enhanced representation of tail users. */
  NDArray enhance(NDArray u) {
    return u.add(wU.apply(u));
  }

  @Override
  public void beforeEpoch(SequenceModel model, int epoch) {
    this.epoch = epoch;
    this.step = 0;
  }

  @Override
  public NDArray compute(SequenceModel model, TrainingBatch batch, BatchArrays input, Forward fwd) {
    if (groups == null) throw new IllegalStateException("MELT's user branch needs the training data");
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "melt:user:" + epoch + ":" + step++));
    List<Integer> heads = headUsers(batch.input().users());
    if (lambda == 0f || heads.isEmpty()) return fwd.scalar(0f);
    int maxLen = model.spec().maxLen();
    int below = groups.thresholds().tailUserBelow();
    int b = heads.size();
    int[][] full = new int[b][];
    int[][] shorter = new int[b][];
    int[] users = new int[b];
    float[] weights = new float[b];
    for (int r = 0; r < b; r++) {
      int u = heads.get(r);
      int[] t = groups.train(u);
      int n = 1 + rng.nextInt(Math.min(Math.max(1, below - 1), t.length));
      full[r] = t;
      shorter[r] = java.util.Arrays.copyOfRange(t, t.length - n, t.length);
      users[r] = u;
      weights[r] = (float) curriculum.userWeight(epoch, groups.userLength(u), below, maxLen);
    }
    NDArray hFull = model.encode(new BatchArrays(model.predictionBatch(full, users), fwd.manager()), fwd);
    NDArray hShort = model.encode(new BatchArrays(model.predictionBatch(shorter, users), fwd.manager()), fwd);
    return reconstruction(hShort, hFull, weights, fwd).mul(fwd.scalar(lambda));
  }

  /** {@code L_u = mean w · (W_U·hShort − hFull)²} (unweighted by λ_U). */
  NDArray reconstruction(NDArray hShort, NDArray hFull, float[] weights, Forward fwd) {
    return BranchMap.weightedSquaredError(wU.apply(hShort), hFull, weights, fwd);
  }

  /** The distinct head users among {@code rowUsers}, in row order. */
  private List<Integer> headUsers(int[] rowUsers) {
    List<Integer> out = new ArrayList<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int u : rowUsers) if (groups.isHeadUser(u) && seen.add(u)) out.add(u);
    return out;
  }
}
