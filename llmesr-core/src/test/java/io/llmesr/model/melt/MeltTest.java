package io.llmesr.model.melt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.model.Backbone;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.TrainingBatch;
import io.llmesr.prepare.Dataset;
import io.llmesr.recommend.LoadedRun;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import io.llmesr.train.Checkpoint;
import io.llmesr.train.TinyData;
import io.llmesr.train.Trainer;
import io.llmesr.train.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Method {@code melt}: MELT's branches train on head users and head items only, write enhanced embeddings into tail
 * items' rows only, enhance tail users only at inference, compute their terms as the formulas say, and the method
 * trains, resumes, checkpoints and loads on every backbone.
 */
class MeltTest {
  private static final int D = 4;
  private static final int L = 6;
  private static final long SEED = 5;

  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir Path tmp;

  /**
   * Five users over items 1..8 (train | valid | test):
   * u0 1 2 3 4 5 | 6 | 7;  u1 1 2 3 | 4 | 8;  u2 2 | 3 | 1;  u3 5 | 1 | 2;  u4 8 | 6 | 7.
   * Popularity: items 1, 2 → 4 users, 3 → 3, the others 2. With thresholds 4/3: head users u0, u1 (test inputs of
   * 6 and 4 items), tail users u2, u3, u4; head items 1, 2, 3, tail items 4..8. Contexts (what precedes an
   * occurrence in a training part): item 2 ← [1] (u0, u1), item 3 ← [1 2] (u0, u1), item 4 ← [1 2 3], item 5 ←
   * [1 2 3 4]; no other item has one. So the item branch reconstructs items 2 and 3, and enhances tail items 4, 5.
   */
  static Dataset handMade() {
    int[][] seqs = {{1, 2, 3, 4, 5, 6, 7}, {1, 2, 3, 4, 8}, {2, 3, 1}, {5, 1, 2}, {8, 6, 7}};
    List<String> users = new ArrayList<>();
    int[] trainEnd = new int[seqs.length];
    int[] validEnd = new int[seqs.length];
    for (int u = 0; u < seqs.length; u++) {
      users.add("u" + u);
      trainEnd[u] = seqs[u].length - 2;
      validEnd[u] = seqs[u].length - 1;
    }
    List<String> items = new ArrayList<>();
    items.add(null);
    for (int i = 1; i <= 8; i++) items.add("i" + i);
    return new Dataset("melt-hand", users, items, seqs, trainEnd, validEnd, null, null);
  }

  static ModelSpec spec(Backbone b) {
    return new ModelSpec(b, 8, D, L, 1, 1, 0f, Masking.NONE, false);
  }

  static MeltModel model(Dataset ds, String thresholds, double lambdaU, double lambdaI, int eMax) {
    ModelSpec spec = spec(Backbone.SASREC);
    return MeltModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), SEED), false,
        ds == null ? null : MeltModelFactory.groups(ds, thresholds, L), lambdaU, lambdaI, eMax);
  }

  /** A training batch of the given users (the branches read only its rows' users and size). */
  static TrainingBatch batchOf(Dataset ds, int... users) {
    int[][] in = new int[users.length][];
    for (int r = 0; r < users.length; r++) in[r] = ds.train(users[r]);
    SequenceBatch b = SequenceBatch.leftPadded(in, users, L);
    return new TrainingBatch(b, new int[users.length], new int[users.length], true);
  }

  /** The backbone's representation f(S) of one history (evaluation mode; dropout 0 makes it train mode's too). */
  static float[] f(MeltModel m, int[] history) {
    try (NDManager sub = m.parameters().manager().newSubManager()) {
      SequenceBatch b = m.predictionBatch(new int[][] {history}, new int[] {-1});
      return m.backboneEncode(new BatchArrays(b, sub), new Forward(sub, false)).toFloatArray();
    }
  }

  static float[] param(SequenceModel m, String name) {
    return m.parameters().get(name).array().toFloatArray();
  }

  /** W·x + b with W row-major d×d. */
  static double[] affine(float[] w, float[] b, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = b[i];
      for (int j = 0; j < x.length; j++) y[i] += w[i * x.length + j] * x[j];
    }
    return y;
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }

  /** g(S) = f(S) + W_U·f(S): the context representation. */
  static double[] context(MeltModel m, int[] s) {
    double[] h = toDouble(f(m, s));
    double[] mapped = affine(param(m, "melt.w_u.weight"), param(m, "melt.w_u.bias"), h);
    for (int j = 0; j < h.length; j++) mapped[j] += h[j];
    return mapped;
  }

  static double squaredError(double[] a, float[] b, int offset) {
    double s = 0;
    for (int j = 0; j < a.length; j++) s += (a[j] - b[offset + j]) * (a[j] - b[offset + j]);
    return s;
  }

  static float term(MeltModel m, AuxiliaryLossCall call, TrainingBatch batch) {
    try (NDManager sub = m.parameters().manager().newSubManager()) {
      return call.apply(m, batch, new Forward(sub, true)).getFloat();
    }
  }

  @FunctionalInterface
  interface AuxiliaryLossCall {
    NDArray apply(MeltModel m, TrainingBatch batch, Forward fwd);
  }

  static NDArray userTerm(MeltModel m, TrainingBatch b, Forward fwd) {
    return m.userBranch().compute(m, b, new BatchArrays(b.input(), fwd.manager()), fwd);
  }

  static NDArray itemTerm(MeltModel m, TrainingBatch b, Forward fwd) {
    return m.itemBranch().compute(m, b, new BatchArrays(b.input(), fwd.manager()), fwd);
  }

  @Test
  void curriculumWeightsFollowTheSineSchedule() {
    Curriculum c = new Curriculum(10);
    // epoch 1: the shortest head (n = δ) weighs 0, the longest (n = n_max) 1
    assertThat(c.weight(1, 5, 5, 25)).isCloseTo(0, within(1e-12));
    assertThat(c.weight(1, 25, 5, 25)).isCloseTo(1, within(1e-12));
    // epoch e_max + 1 (progress 1): the other way round; beyond it nothing moves
    assertThat(c.weight(11, 5, 5, 25)).isCloseTo(1, within(1e-12));
    assertThat(c.weight(11, 25, 5, 25)).isCloseTo(0, within(1e-12));
    assertThat(c.weight(30, 25, 5, 25)).isCloseTo(0, within(1e-12));
    // epoch 6 (progress 0.5), halfway head: |sin(π/4 + π/4)| = 1; shortest head: sin(π/4)
    assertThat(c.weight(6, 15, 5, 25)).isCloseTo(1, within(1e-12));
    assertThat(c.weight(6, 5, 5, 25)).isCloseTo(Math.sqrt(0.5), within(1e-12));
    // users: length capped at L; items: n_max = δ + 50
    assertThat(c.userWeight(1, 300, 9, 200)).isCloseTo(1, within(1e-12));
    assertThat(c.itemWeight(1, 19 + 25, 19)).isCloseTo(Math.sin(Math.PI / 4), within(1e-12));
    assertThat(c.itemWeight(1, 1000, 19)).isCloseTo(1, within(1e-12));
    assertThatThrownBy(() -> new Curriculum(0)).hasMessageContaining("e_max");
  }

  @Test
  void reconstructionErrorAndGroupMeansOnHandComputedNumbers() {
    try (NDManager m = NDManager.newBaseManager()) {
      Forward fwd = new Forward(m, false);
      // pred − target = [0.5, 1], [2.5, 0]; weights 1, 0.5: (0.25 + 1)·1 + (6.25 + 0)·0.5 = 4.375 over 4 elements
      NDArray pred = m.create(new float[] {1.5f, 2, 2.5f, 0}, new Shape(2, 2));
      NDArray target = m.create(new float[] {1, 1, 0, 0}, new Shape(2, 2));
      assertThat(BranchMap.weightedSquaredError(pred, target, new float[] {1, 0.5f}, fwd).getFloat())
          .isCloseTo(1.09375f, within(1e-7f));
      // means of rows {0, 1} and {2}
      NDArray rows = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
      assertThat(ItemBranch.groupMeans(rows, new int[] {2, 1}, m).toFloatArray()).containsExactly(2, 3, 5, 6);
    }
    // W_U = [[1, 0], [0, 2]], b = [0.5, 0] maps h_short = [1, 1], [2, 0] to the pred above
    try (MeltModel model = MeltModelFactory.build(new ModelSpec(Backbone.GRU4REC, 3, 2, 4, 1, 1, 0f, Masking.NONE,
        false), new ParameterStore(NDManager.newBaseManager(), SEED), false, null, 1, 1, 10)) {
      set(model, "melt.w_u.weight", 1, 0, 0, 2);
      set(model, "melt.w_u.bias", 0.5f, 0);
      set(model, "melt.w_i.weight", 1, 0, 0, 2);
      set(model, "melt.w_i.bias", 0.5f, 0);
      try (NDManager m = model.parameters().manager().newSubManager()) {
        Forward fwd = new Forward(m, true);
        NDArray shortRep = m.create(new float[] {1, 1, 2, 0}, new Shape(2, 2));
        NDArray full = m.create(new float[] {1, 1, 0, 0}, new Shape(2, 2));
        float[] w = {1, 0.5f};
        assertThat(model.userBranch().reconstruction(shortRep, full, w, fwd).getFloat()).isCloseTo(1.09375f, within(1e-6f));
        assertThat(model.itemBranch().reconstruction(shortRep, full, w, fwd).getFloat()).isCloseTo(1.09375f, within(1e-6f));
        // u + W_U·u: [1, 1] → [2.5, 3]
        assertThat(model.userBranch().enhance(m.create(new float[] {1, 1}, new Shape(1, 2))).toFloatArray())
            .containsExactly(2.5f, 3f);
      }
    }
  }

  static void set(SequenceModel model, String name, float... values) {
    NDArray p = model.parameters().get(name).array();
    try (NDArray v = p.getManager().create(values, p.getShape())) {
      p.subi(p).addi(v);
    }
  }

  @Test
  void groupsAreTheEvaluationsHeadAndTailAndContextsPrecedeTheItem() {
    MeltGroups g = MeltModelFactory.groups(handMade(), "4/3", L);
    assertThat(g.isHeadUser(0)).isTrue();
    assertThat(g.isHeadUser(1)).isTrue();
    assertThat(g.isHeadUser(2) || g.isHeadUser(3) || g.isHeadUser(4)).isFalse();
    assertThat(g.headItems()).containsExactly(2, 3);
    assertThat(g.tailItems()).containsExactly(4, 5);
    assertThat(g.contexts(1)).isZero();
    assertThat(g.contexts(3)).isEqualTo(2);
    assertThat(g.context(3, 0)).containsExactly(1, 2);
    assertThat(g.context(5, 0)).containsExactly(1, 2, 3, 4);
    assertThat(g.contextUser(3, 1)).isEqualTo(1);
    // contexts keep the last L items
    assertThat(MeltModelFactory.groups(handMade(), "4/3", 2).context(5, 0)).containsExactly(3, 4);
  }

  @Test
  void userTermIsLambdaTimesTheWeightedReconstructionOfTheBatchsHeadUsers() {
    Dataset ds = handMade();
    // thresholds 2/3: every user is head, a tail-sized history has δ − 1 = 1 item, so h_short = f(last item)
    try (MeltModel m = model(ds, "2/3", 0.3, 0, 4)) {
      m.userBranch().beforeEpoch(m, 3);   // progress (3 − 1) / 4 = 0.5
      TrainingBatch batch = batchOf(ds, 0, 1, 2);
      float[] w = param(m, "melt.w_u.weight");
      float[] b = param(m, "melt.w_u.bias");
      double sum = 0;
      int[] u = {0, 1, 2};
      double[] position = {(6 - 2) / 4.0, (4 - 2) / 4.0, 0};   // (n − δ) / (L − δ), test inputs n = 6, 4, 2
      for (int r = 0; r < 3; r++) {
        int[] t = ds.train(u[r]);
        double[] pred = affine(w, b, toDouble(f(m, new int[] {t[t.length - 1]})));
        double weight = Math.abs(Math.sin(Math.PI / 4 + Math.PI / 2 * position[r]));
        sum += weight * squaredError(pred, f(m, t), 0);
      }
      double expected = 0.3 * sum / (3 * D);
      assertThat(term(m, MeltTest::userTerm, batch)).isCloseTo((float) expected, within(1e-5f));
    }
  }

  @Test
  void itemTermIsLambdaTimesTheWeightedReconstructionOfHeadItemsFromTheirContexts() {
    Dataset ds = handMade();
    try (MeltModel m = model(ds, "4/3", 0.2, 0.7, 4)) {
      m.itemBranch().beforeEpoch(m, 3);   // progress 0.5
      // all five users: ceil(2 head items · 5 rows / 5 users) = both head items in this step; each one's contexts
      // are equal, so any draw gives m_2 = g([1]), m_3 = g([1 2])
      TrainingBatch batch = batchOf(ds, 0, 1, 2, 3, 4);
      float[] w = param(m, "melt.w_i.weight");
      float[] b = param(m, "melt.w_i.bias");
      float[] e = param(m, IdEmbedding.TABLE);
      double w2 = Math.abs(Math.sin(Math.PI / 4 + Math.PI / 2 * (4 - 3) / 50.0));   // popularity 4, δ 3
      double w3 = Math.abs(Math.sin(Math.PI / 4));                                    // popularity 3 = δ
      double sum = w2 * squaredError(affine(w, b, context(m, new int[] {1})), e, 2 * D)
          + w3 * squaredError(affine(w, b, context(m, new int[] {1, 2})), e, 3 * D);
      double expected = 0.7 * sum / (2 * D);
      assertThat(term(m, MeltTest::itemTerm, batch)).isCloseTo((float) expected, within(1e-5f));
    }
  }

  @Test
  void branchesTouchOnlyHeadUsersAndHeadItemsInTraining() {
    Dataset ds = handMade();
    try (MeltModel m = model(ds, "4/3", 1, 1, 10)) {
      // tail users only: the user term is zero
      m.userBranch().beforeEpoch(m, 1);
      assertThat(term(m, MeltTest::userTerm, batchOf(ds, 2, 3, 4))).isZero();
      // tail users in the batch change nothing: the term is that of its head users (same draws)
      m.userBranch().beforeEpoch(m, 1);
      float mixed = term(m, MeltTest::userTerm, batchOf(ds, 0, 2, 1, 4));
      m.userBranch().beforeEpoch(m, 1);
      float headsOnly = term(m, MeltTest::userTerm, batchOf(ds, 0, 1));
      assertThat(mixed).isEqualTo(headsOnly).isPositive();
    }
    // gradients of the user term: nothing reaches the rows of items that only tail users' training parts hold
    // (8: u4; 6, 7: nobody's training part), nor W_I
    Map<String, float[]> g = gradients(model(ds, "4/3", 1, 0, 10), MeltTest::userTerm, batchOf(ds, 0, 1, 4));
    assertThat(row(g.get(IdEmbedding.TABLE), 8)).containsOnly(0f);
    assertThat(row(g.get(IdEmbedding.TABLE), 6)).containsOnly(0f);
    assertThat(row(g.get(IdEmbedding.TABLE), 5)).isNotEqualTo(new float[D]);   // in u0's training part
    assertThat(g.get("melt.w_u.weight")).isNotEqualTo(new float[D * D]);
    assertThat(g.get("melt.w_i.weight")).containsOnly(0f);
    // gradients of the item term: the reconstructed rows are head items 2 and 3; tail items 4..8 appear in no head
    // item's context and get nothing
    g = gradients(model(ds, "4/3", 0, 1, 10), MeltTest::itemTerm, batchOf(ds, 0, 1, 2, 3, 4));
    for (int i = 4; i <= 8; i++) assertThat(row(g.get(IdEmbedding.TABLE), i)).as("item " + i).containsOnly(0f);
    assertThat(row(g.get(IdEmbedding.TABLE), 2)).isNotEqualTo(new float[D]);
    assertThat(row(g.get(IdEmbedding.TABLE), 3)).isNotEqualTo(new float[D]);
    assertThat(g.get("melt.w_i.weight")).isNotEqualTo(new float[D * D]);
    // no head item at all (every item tail): the item term is zero
    try (MeltModel m = model(ds, "4/100", 0, 1, 10)) {
      assertThat(term(m, MeltTest::itemTerm, batchOf(ds, 0, 1, 2, 3, 4))).isZero();
    }
  }

  static float[] row(float[] table, int r) {
    return java.util.Arrays.copyOfRange(table, r * D, (r + 1) * D);
  }

  /** Gradients of every trainable parameter of one backward pass through {@code call}'s term (closes the model). */
  static Map<String, float[]> gradients(MeltModel m, AuxiliaryLossCall call, TrainingBatch batch) {
    try (m) {
      Map<String, float[]> out = new HashMap<>();
      try (NDManager sub = m.parameters().manager().newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        m.beforeEpoch(5);   // mid-curriculum: every head's weight is positive
        gc.backward(call.apply(m, batch, new Forward(sub, true)));
      }
      for (ParameterStore.Param p : m.parameters().trainableParams()) {
        try (NDArray grad = p.array().getGradient()) {
          out.put(p.name(), grad.toFloatArray());
        }
      }
      return out;
    }
  }

  @Test
  void tailItemsGetTheirEnhancedEmbeddingsAndAtInferenceOnlyTailUsersDifferFromThePlainBackbone() {
    Dataset ds = handMade();
    ModelSpec spec = spec(Backbone.SASREC);
    try (MeltModel m = model(ds, "4/3", 1, 1, 10);
         SequenceRecommender plain = PlainModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), 99),
             false)) {
      // tail items 4 and 5 have one context each: item_emb[4] ← W_I·g([1 2 3]), item_emb[5] ← W_I·g([1 2 3 4]),
      // both computed from the parameters before the write; no other row changes
      float[] wI = param(m, "melt.w_i.weight");
      float[] bI = param(m, "melt.w_i.bias");
      double[] e4 = affine(wI, bI, context(m, new int[] {1, 2, 3}));
      double[] e5 = affine(wI, bI, context(m, new int[] {1, 2, 3, 4}));
      float[] before = param(m, IdEmbedding.TABLE);
      m.beforeEpoch(1);
      float[] after = param(m, IdEmbedding.TABLE);
      assertThat(squaredError(e4, after, 4 * D)).isLessThan(1e-10);
      assertThat(squaredError(e5, after, 5 * D)).isLessThan(1e-10);
      for (int i = 0; i < spec.itemRows(); i++) {
        if (i != 4 && i != 5) assertThat(row(after, i)).as("row " + i).isEqualTo(row(before, i));
      }
      assertThat(m.tailUserBelow()).isEqualTo(4);

      for (ParameterStore.Param p : plain.parameters().persistedParams()) {
        set(plain, p.name(), param(m, p.name()));   // the same backbone parameters
      }
      int[][] histories = {{1, 2, 3, 4, 5}, {2, 3}};   // head user (5 items >= 4), tail user (2 < 4)
      long[] candidates = {1, 2, 3, 4, 5, 6};
      float[][] melt = scores(m, histories, candidates);
      float[][] base = scores(plain, histories, candidates);
      // head user: every score is the plain backbone's, bit for bit
      assertThat(melt[0]).isEqualTo(base[0]);
      assertThat(rangeScores(m, histories[0])).isEqualTo(rangeScores(plain, histories[0]));
      // tail user: u' = u + W_U·u against every candidate
      double[] u1 = toDouble(f(m, histories[1]));
      double[] enhanced = affine(param(m, "melt.w_u.weight"), param(m, "melt.w_u.bias"), u1);
      for (int j = 0; j < D; j++) enhanced[j] += u1[j];
      for (int k = 0; k < candidates.length; k++) {
        assertThat((double) melt[1][k]).isCloseTo(dot(enhanced, toDouble(row(after, (int) candidates[k]))),
            within(1e-4));
        assertThat(melt[1][k]).isNotEqualTo(base[1][k]);
      }
      // the checkpoint carries everything inference reads: a model built without data scores the same
      try (MeltModel loaded = model(null, null, 1, 1, 10)) {
        assertThat(loaded.tailUserBelow()).isZero();
        loaded.parameters().load(m.parameters().snapshot());
        assertThat(loaded.tailUserBelow()).isEqualTo(4);
        float[][] again = scores(loaded, histories, candidates);
        assertThat(again[0]).isEqualTo(melt[0]);
        assertThat(again[1]).isEqualTo(melt[1]);
      }
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  static float[][] scores(SequenceModel m, int[][] histories, long[] candidates) {
    try (NDManager sub = m.parameters().manager().newSubManager()) {
      SequenceBatch b = m.predictionBatch(histories, new int[] {-1, -1});
      long[] c = new long[histories.length * candidates.length];
      for (int r = 0; r < histories.length; r++) System.arraycopy(candidates, 0, c, r * candidates.length, candidates.length);
      NDArray s = m.scoreCandidates(new BatchArrays(b, sub), sub.create(c, new Shape(histories.length, candidates.length)),
          new Forward(sub, false));
      float[] flat = s.toFloatArray();
      float[][] out = new float[histories.length][];
      for (int r = 0; r < histories.length; r++) {
        out[r] = java.util.Arrays.copyOfRange(flat, r * candidates.length, (r + 1) * candidates.length);
      }
      return out;
    }
  }

  static float[] rangeScores(SequenceModel m, int[] history) {
    try (NDManager sub = m.parameters().manager().newSubManager()) {
      Forward fwd = new Forward(sub, false);
      NDArray u = m.encode(new BatchArrays(m.predictionBatch(new int[][] {history}, new int[] {-1}), sub), fwd);
      return m.scoreItemRange(u, 0, m.spec().itemRows(), fwd).toFloatArray();
    }
  }

  // ---- training through the run configuration -----------------------------------------------------------------

  static RunConfig config(Path dataDir, Backbone backbone, int epochs, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.epochs", Integer.toString(epochs), "train.seed", "5",
        "train.lr", "0.005", "model.dropout", "0.1", "train.eval_batch_size", "32"));
    o.putAll(extra);
    return RunConfig.resolve(Preset.PAPER, backbone, MeltModelFactory.METHOD, dataDir, o);
  }

  static Validator validator(Dataset ds) {
    EvalSpec spec = EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.VALID).withMaxLen(12).withSeed(7);
    return scorer -> {
      EvalReport r = new Evaluator().evaluate(ds, scorer, spec);
      return new Validator.Result(r.overall().hr(10), r.overall().ndcg(10), 0);
    };
  }

  static double[] column(Path run, String name) throws Exception {
    List<String> rows = Files.readAllLines(run.resolve(RunDirectory.METRICS));
    int c = List.of(rows.get(0).split(",")).indexOf(name);
    assertThat(c).as(name + " in " + rows.get(0)).isNotNegative();
    double[] out = new double[rows.size() - 1];
    for (int i = 1; i < rows.size(); i++) out[i - 1] = Double.parseDouble(rows.get(i).split(",")[c]);
    return out;
  }

  @Test
  void everyBackboneTrainsAnEpochWithFiniteLossesAndCheckpointsWhatInferenceReads() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 4, 14);
    Path dir = Files.createDirectories(tmp.resolve("data"));
    for (Backbone b : Backbone.values()) {
      Path run = tmp.resolve("run-" + b.id());
      Trainer.Result r = new Trainer(config(dir, b, 1, Map.of("method.thresholds", "6/2")), ds, new RunDirectory(run),
          validator(ds))
          .withoutTest().run(false, "test");
      assertThat(r.epochsDone()).isEqualTo(1);
      for (String c : new String[] {"loss", "loss_rec", "loss_user", "loss_item"}) {
        for (double v : column(run, c)) assertThat(v).as(b.id() + " " + c).isFinite();
      }
      assertThat(column(run, "loss_user")[0]).as(b.id()).isPositive();
      assertThat(column(run, "loss_item")[0]).as(b.id()).isPositive();
      Map<String, io.llmesr.model.TensorFile.Tensor> saved = Checkpoint.readParams(run.resolve("checkpoints/best"));
      assertThat(saved).containsKeys(IdEmbedding.TABLE, UserBranch.THRESHOLD, "melt.w_u.weight", "melt.w_i.weight");
      assertThat(saved.get(UserBranch.THRESHOLD).values()).containsExactly(6f);
      for (var t : saved.values()) {
        for (float v : t.values()) assertThat(v).as(b.id()).isFinite();
      }
    }
  }

  @Test
  void trainsEndToEndAndALoadedRunScoresWithTheCheckpointsTables() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 4, 14);
    Path dir = Files.createDirectories(tmp.resolve("data"));
    Path run = tmp.resolve("run");
    RunConfig c = config(dir, Backbone.SASREC, 2, Map.of("method.lambda_u", "0.5", "method.e_max", "3",
        "method.thresholds", "9/8"));
    assertThat(RunConfig.fromMap(c.toMap())).isEqualTo(c);
    assertThat(c.model().options().get(MeltModelFactory.LAMBDA_U)).isEqualTo(0.5);
    new Trainer(c, ds, new RunDirectory(run), validator(ds)).withoutTest().run(false, "test");
    try (LoadedRun loaded = LoadedRun.open(run)) {
      assertThat(loaded.model()).isInstanceOf(MeltModel.class);
      MeltModel m = (MeltModel) loaded.model();
      assertThat(m.tailUserBelow()).isEqualTo(9);
      float[][] s = loaded.scorer(32).scoreCandidates(new int[] {0, 1}, new int[][] {ds.evalInput(0, false),
          ds.evalInput(1, false)}, new int[][] {{1, 2, 3}, {4, 5, 6}});
      assertThat(s).hasDimensions(2, 3);
      for (float[] row : s) for (float v : row) assertThat(v).isFinite();
    }
  }

  @Test
  void resumeAfterOneEpochEqualsThreeUninterruptedBitForBit() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 4, 14);
    Path dir = Files.createDirectories(tmp.resolve("data"));
    Map<String, String> o = Map.of("method.thresholds", "6/2", "method.e_max", "3");
    for (Backbone b : new Backbone[] {Backbone.SASREC, Backbone.BERT4REC}) {
      Path straight = tmp.resolve("straight-" + b.id());
      Path resumed = tmp.resolve("resumed-" + b.id());
      new Trainer(config(dir, b, 3, o), ds, new RunDirectory(straight), validator(ds)).withoutTest().run(false, "t");
      new Trainer(config(dir, b, 1, o), ds, new RunDirectory(resumed), validator(ds)).withoutTest().run(false, "t");
      new Trainer(config(dir, b, 3, o), ds, new RunDirectory(resumed), validator(ds)).withoutTest().run(true, "t");
      for (String f : new String[] {"params.bin", "adam_m.bin", "adam_v.bin"}) {
        assertThat(Files.readAllBytes(resumed.resolve("checkpoints/last/" + f))).as(b.id() + " " + f)
            .isEqualTo(Files.readAllBytes(straight.resolve("checkpoints/last/" + f)));
      }
      assertThat(column(resumed, "loss_item")).isEqualTo(column(straight, "loss_item"));
      assertThat(column(resumed, "loss_user")).isEqualTo(column(straight, "loss_user"));
    }
  }

  @Test
  void isRegisteredAndRefusesBadOptionsNamingTheKey() {
    assertThat(ModelFactory.forMethod("melt")).isInstanceOf(MeltModelFactory.class);
    for (String[] bad : new String[][] {{"method.lambda_u", "-0.1"}, {"method.lambda_u", "x"},
        {"method.lambda_i", "Infinity"}, {"method.e_max", "0"}, {"method.e_max", "1.5"},
        {"method.thresholds", "sometimes"}, {"method.fold_padding", "maybe"}}) {
      assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "melt", Path.of("/d"),
          Map.of(bad[0], bad[1]))).as(bad[0] + "=" + bad[1]).hasMessageContaining("'" + bad[0] + "'");
    }
    RunConfig c = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "melt", Path.of("/d"), Map.of("method.alpha", "0.1"));
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> ModelBuilder.build(c, c.model().toSpec(10), m, Optional.empty()))
          .hasMessageContaining("'alpha'");
    }
  }
}
