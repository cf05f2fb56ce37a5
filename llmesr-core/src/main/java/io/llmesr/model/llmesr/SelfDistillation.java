package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.AuxiliaryLoss;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TrainingBatch;
import java.util.logging.Logger;

/**
 * Retrieval-augmented self-distillation (docs/model.md §3.8):
 * <pre>
 *   u = model.encode(batch input)           a second, separate forward pass (fresh dropout), gradients flow
 *   t = mean over the N similar users s of  model.encode(training input of s)[detached]
 *   term = alpha · MSE(u, t)                MSE averaged over B × D elements (D = 128 with both views)
 * </pre>
 * Teacher modes ({@link TeacherMode}): {@code batch} runs the model in train mode on the B×N similar users'
 * sequences every batch (the paper); {@code cached} refreshes every user's representation once per epoch in
 * evaluation mode ({@link #beforeEpoch}) and averages the cached rows.
 *
 * <p>The teacher never carries a gradient: it is computed with PyTorch's gradient recording off, then copied out
 * of the engine and back as a plain constant ({@link UserRepresentations}).
 */
public final class SelfDistillation implements AuxiliaryLoss {
  private static final Logger LOG = Logger.getLogger(SelfDistillation.class.getName());

  private final float alpha;
  private final TeacherMode mode;
  private final TeacherSequences sequences;
  private float[] cachedTargets;   // U × D, mean of the similar users' cached representations
  private int cachedEpoch = -1;

  public SelfDistillation(double alpha, TeacherMode mode, TeacherSequences sequences) {
    if (!(alpha > 0)) throw new IllegalArgumentException("self-distillation needs alpha > 0, got " + alpha);
    this.alpha = (float) alpha;
    this.mode = mode;
    this.sequences = sequences;
  }

  @Override
  public String name() {
    return "sd";
  }

  public TeacherMode mode() {
    return mode;
  }

  public float alpha() {
    return alpha;
  }

  /** The epoch whose start last refreshed the cached teacher (-1 when never). */
  public int cachedEpoch() {
    return cachedEpoch;
  }

  @Override
  public NDArray compute(SequenceModel model, TrainingBatch batch, BatchArrays input, Forward fwd) {
    return term(model, input, teacher(model, batch.input().users(), fwd), fwd);
  }

  /** The student pass is back-propagated on its own, after the recommendation pass. */
  @Override
  public boolean ownBackward() {
    return true;
  }

  /** The teacher targets of the batch's users ({@link #teacher}). */
  @Override
  public NDArray prepare(SequenceModel model, TrainingBatch batch, Forward fwd) {
    return teacher(model, batch.input().users(), fwd);
  }

  @Override
  public NDArray compute(SequenceModel model, TrainingBatch batch, BatchArrays input, NDArray teacher, Forward fwd) {
    return term(model, input, teacher, fwd);
  }

  /**
   * {@code alpha · MSE(u, t)} with {@code u} a fresh forward pass of {@code input} (the student) and {@code t} the
   * given teacher targets (B×D constants, from {@link #teacher}).
   */
  public NDArray term(SequenceModel model, BatchArrays input, NDArray teacher, Forward fwd) {
    NDArray student = model.encode(input, fwd);                         // second forward pass, B×D
    // alpha as an array of this step's manager, not mul(Number) (freed too early for autograd, see Forward)
    return student.sub(teacher).square().mean().mul(fwd.manager().create(alpha));
  }

  /** The teacher targets of {@code users} (B×D, no gradient), in {@code fwd.manager()}. */
  public NDArray teacher(SequenceModel model, int[] users, Forward fwd) {
    int dim = model.representationDim();
    float[] t;
    if (mode == TeacherMode.CACHED) {
      if (cachedTargets == null) refresh(model, 0);
      t = new float[users.length * dim];
      for (int b = 0; b < users.length; b++) {
        System.arraycopy(cachedTargets, checkUser(users[b]) * dim, t, b * dim, dim);
      }
    } else {
      int n = sequences.perUser();
      int[][] seqs = new int[users.length * n][];
      int[] owners = new int[users.length * n];
      for (int b = 0; b < users.length; b++) {
        int[] sim = sequences.similar(checkUser(users[b]));
        for (int k = 0; k < n; k++) {
          seqs[b * n + k] = sequences.input(sim[k]);
          owners[b * n + k] = sim[k];
        }
      }
      float[] reps = UserRepresentations.compute(model, seqs, owners, fwd.training(), fwd.manager());
      t = meanOfGroups(reps, users.length, n, dim);
    }
    return fwd.manager().create(t, new Shape(users.length, dim));
  }

  /** Cached mode: recomputes every user's representation (evaluation mode) and the per-user teacher means. */
  @Override
  public void beforeEpoch(SequenceModel model, int epoch) {
    if (mode == TeacherMode.CACHED) refresh(model, epoch);
  }

  private void refresh(SequenceModel model, int epoch) {
    long start = System.nanoTime();
    int u = sequences.numUsers();
    int n = sequences.perUser();
    int dim = model.representationDim();
    int[] ids = new int[u];
    for (int i = 0; i < u; i++) ids[i] = i;
    float[] reps;
    try (NDManager m = model.parameters().manager().newSubManager()) {
      reps = UserRepresentations.compute(model, sequences.inputs(), ids, false, m);
    }
    float[] targets = new float[u * dim];
    float inv = 1f / n;
    for (int i = 0; i < u; i++) {
      for (int s : sequences.similar(i)) {
        for (int j = 0; j < dim; j++) targets[i * dim + j] += reps[s * dim + j];
      }
      for (int j = 0; j < dim; j++) targets[i * dim + j] *= inv;
    }
    cachedTargets = targets;
    cachedEpoch = epoch;
    LOG.info(() -> String.format("cached teacher: %d users refreshed in %.1f s (epoch %d)", u,
        (System.nanoTime() - start) / 1e9, epoch));
  }

  private int checkUser(int user) {
    if (user < 0 || user >= sequences.numUsers()) {
      throw new IllegalArgumentException("self-distillation needs the user index of every training row, got " + user);
    }
    return user;
  }

  /** Row-major {@code (groups·n) × dim} → {@code groups × dim} means over consecutive groups of n rows. */
  static float[] meanOfGroups(float[] rows, int groups, int n, int dim) {
    float[] out = new float[groups * dim];
    float inv = 1f / n;
    for (int g = 0; g < groups; g++) {
      for (int k = 0; k < n; k++) {
        int off = (g * n + k) * dim;
        for (int j = 0; j < dim; j++) out[g * dim + j] += rows[off + j];
      }
      for (int j = 0; j < dim; j++) out[g * dim + j] *= inv;
    }
    return out;
  }
}
