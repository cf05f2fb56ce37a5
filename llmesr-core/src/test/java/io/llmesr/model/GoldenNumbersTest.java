package io.llmesr.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.llmesr.model.llmesr.FrozenItemTable;
import io.llmesr.model.llmesr.LlmEsrModelFactory;
import io.llmesr.model.llmesr.LlmEsrOptions;
import io.llmesr.model.llmesr.LlmEsrTables;
import io.llmesr.model.llmesr.TeacherMode;
import io.llmesr.prepare.Dataset;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden numbers: our models, given the official implementation's parameters, reproduce its outputs on the tiny
 * fixture of {@code src/test/resources/golden/} (official code at commit e5dc388, PyTorch 1.13, CPU; see the README
 * there).
 *
 * <p>For each of the seven recorded models this builds ours in the paper preset with dropout 0 and the fixture's
 * shape (20 items, d 8, L 8, 2 blocks, 1 head), copies every official parameter into ours through
 * {@link OfficialNames} (our {@link ParameterStore#load} then rejects any parameter of ours left without a value), and
 * checks against the recorded numbers:
 * <ul>
 *   <li>the training loss of the model's fixture batch (LLM-ESR: recommendation loss + alpha 0.1 × the
 *       self-distillation MSE, the teacher being the mean of the two similar users' last-slot representations) and
 *       the recommendation loss alone, both through {@link SequenceModel#loss} and through the trainer's
 *       {@link SequenceModel#lossAndBackward};</li>
 *   <li>the 3×5 candidate scores of {@link SequenceModel#scoreCandidates} on {@link SequenceModel#predictionBatch};</li>
 *   <li>the user representation of {@link SequenceModel#encode}, where one is recorded (SASRec models).</li>
 * </ul>
 * Transformer models are checked twice: as the factories build them (windowed, padding folded, {@link Window}) and
 * with the literal all-slot computation of the same {@link TransformerEncoder}. At L = 8
 * every batch's window is the whole sequence, so folding itself is not exercised here ({@code FoldedPaddingTest}
 * covers it against the literal encoder).
 *
 * <p>The largest relative difference per model and output is printed once, after all models ran.
 */
class GoldenNumbersTest {
  /**
   * Largest accepted relative difference: float32 rounding. Our arithmetic runs in float32 (libtorch through DJL)
   * with a different operation order than the official code (e.g. the adapter's two layers collapsed into one
   * matrix, scaled queries), so results agree to a few units of float32's 6e-8 unit roundoff per operation, which
   * over the ~tens of chained operations of these models stays well below 1e-5. Differences are measured relative
   * to the largest magnitude of the compared output ({@link #relativeDifference}): a score that is the sum of large
   * terms of opposite sign carries the rounding error of those terms, not of its own small value. Do not loosen
   * this to make a test pass: a larger difference is a real disagreement.
   */
  static final double RELATIVE_TOLERANCE = 1e-5;

  /** Seed of the initialisers (irrelevant: every parameter is overwritten by the official values). */
  static final long SEED = 42;

  static final GoldenData DATA = GoldenData.load();

  /** model/variant → output → largest relative difference, for the summary. */
  static final Map<String, Map<String, Double>> DIFFERENCES = new TreeMap<>();

  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @AfterAll
  static void summary() {
    StringBuilder sb = new StringBuilder("Golden numbers: largest relative difference to the official outputs "
        + "(tolerance " + RELATIVE_TOLERANCE + ")\n");
    sb.append(String.format("%-28s %10s %10s %10s %10s %10s %10s%n", "model / variant", "loss", "rec_loss",
        "step_loss", "step_rec", "scores", "user_rep"));
    for (Map.Entry<String, Map<String, Double>> e : DIFFERENCES.entrySet()) {
      sb.append(String.format("%-28s", e.getKey()));
      for (String k : List.of("loss", "rec_loss", "step_loss", "step_rec", "scores", "user_rep")) {
        Double v = e.getValue().get(k);
        sb.append(String.format(" %10s", v == null ? "-" : String.format("%.2e", v)));
      }
      sb.append('\n');
    }
    System.out.print(sb);
  }

  /** The seven recorded models, and for transformers also the literal (unfolded) encoder. */
  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String name : DATA.models.keySet()) {
      out.add(Arguments.of(name, true));
      if (backbone(name).isTransformer()) out.add(Arguments.of(name, false));
    }
    return out;
  }

  static Backbone backbone(String model) {
    if (model.contains("sasrec")) return Backbone.SASREC;
    if (model.contains("bert4rec")) return Backbone.BERT4REC;
    if (model.contains("gru4rec")) return Backbone.GRU4REC;
    throw new IllegalArgumentException("unknown golden model " + model);
  }

  static boolean isLlmEsr(String model) {
    return model.startsWith("llmesr_");
  }

  @ParameterizedTest(name = "{0} (folded padding: {1})")
  @MethodSource("cases")
  void reproducesTheOfficialOutputs(String name, boolean foldPadding) {
    GoldenData.Model golden = DATA.model(name);
    GoldenData.Fixture fx = DATA.fixture;
    Backbone backbone = backbone(name);
    boolean llmesr = isLlmEsr(name);
    GoldenData.Batch batch = fx.batch(golden.batch());

    RunConfig cfg = config(backbone, llmesr, foldPadding);
    ModelSpec spec = cfg.model().toSpec(fx.items());
    assertThat(spec.masking()).isEqualTo(Masking.NONE);
    assertThat(spec.dynamicLength()).isFalse();
    assertThat(spec.dropout()).isZero();
    assertThat(spec.maskToken()).isEqualTo(fx.maskToken());

    try (SequenceModel model = build(spec, cfg, llmesr, foldPadding, batch)) {
      if (backbone.isTransformer()) assertThat(folds(model)).as("padding folded").isEqualTo(foldPadding);
      loadOfficialParameters(model, golden, backbone, llmesr);

      Map<String, Double> diffs = new LinkedHashMap<>();
      SoftAssertions soft = new SoftAssertions();
      int[] users = {0, 1, 2};
      TrainingBatch tb = trainingBatch(batch, users);
      NDManager root = model.parameters().manager();

      // training loss, as SequenceModel#loss computes it
      try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        LossTerms terms = model.loss(tb, new Forward(m, true));
        check(soft, diffs, "loss", new float[] {terms.total().getFloat()}, new double[] {golden.loss()});
        check(soft, diffs, "rec_loss", new float[] {terms.parts().get("rec").getFloat()},
            new double[] {golden.recommendationLoss()});
        assertThat(terms.parts().keySet()).containsExactlyElementsOf(llmesr ? List.of("rec", "sd") : List.of("rec"));
      }
      // the same through the trainer's path (LLM-ESR: teacher, recommendation pass and student pass back-propagated
      // separately)
      try (NDManager m = root.newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        LossTerms terms = model.lossAndBackward(tb, new Forward(m, true), gc);
        check(soft, diffs, "step_loss", new float[] {terms.total().getFloat()}, new double[] {golden.loss()});
        check(soft, diffs, "step_rec", new float[] {terms.parts().get("rec").getFloat()},
            new double[] {golden.recommendationLoss()});
      }

      // candidate scores and the user representation, in evaluation mode, on the model's own prediction input
      GoldenData.Batch next = fx.batch("next_item_batch");
      SequenceBatch pb = model.predictionBatch(histories(next), users);
      int[][][] expected = predictionInput(next, backbone, fx.maskToken());
      assertThat(rows(pb.items(), 3)).as("prediction input items").isEqualTo(expected[0]);
      assertThat(rows(pb.positions(), 3)).as("prediction input positions").isEqualTo(expected[1]);
      try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        Forward eval = new Forward(m, false);
        NDArray candidates = m.create(toLong(flatten(fx.candidates())), new Shape(3, fx.candidates()[0].length));
        float[] scores = model.scoreCandidates(new BatchArrays(pb, m), candidates, eval).toFloatArray();
        check(soft, diffs, "scores", scores, flatten(golden.scores()));
        NDArray u = model.encode(new BatchArrays(pb, m), eval);
        assertThat(u.getShape()).isEqualTo(new Shape(3, llmesr ? 2L * fx.hiddenSize() : fx.hiddenSize()));
        if (golden.userRepresentation() != null) {
          check(soft, diffs, "user_rep", u.toFloatArray(), flatten(golden.userRepresentation()));
        }
      }
      DIFFERENCES.put(name + (backbone.isTransformer() ? (foldPadding ? " / folded" : " / literal") : ""), diffs);
      soft.assertAll();
    }
  }

  // ---------------------------------------------------------------------------------------------- model building

  /** The paper preset with the fixture's shape and dropout 0 (LLM-ESR: the 2 similar users the fixture has). */
  static RunConfig config(Backbone backbone, boolean llmesr, boolean foldPadding) {
    GoldenData.Fixture fx = DATA.fixture;
    Map<String, String> o = new HashMap<>();
    o.put("model.hidden_size", Integer.toString(fx.hiddenSize()));
    o.put("model.max_len", Integer.toString(fx.maxLen()));
    o.put("model.blocks", "2");
    o.put("model.heads", "1");
    o.put("model.dropout", "0");
    if (llmesr) {
      o.put("method.sim_users", "2");
    } else if (!foldPadding) {
      o.put("method." + PlainModelFactory.FOLD_PADDING, "false");
    }
    return RunConfig.resolve(Preset.PAPER, backbone, llmesr ? "llmesr" : "plain", Path.of("golden-fixture"), o);
  }

  static SequenceModel build(ModelSpec spec, RunConfig cfg, boolean llmesr, boolean foldPadding,
                             GoldenData.Batch batch) {
    if (!llmesr) {
      return ModelFactory.forMethod("plain").create(new ModelFactory.Context(spec, NDManager.newBaseManager(), SEED,
          null, cfg.model().methodOptions(), Optional.empty()));
    }
    LlmEsrOptions options = LlmEsrModelFactory.parseOptions(cfg.model().methodOptions());
    // the paper's settings otherwise: alpha 0.1, per-batch teacher, 2 cross-attention heads, no ablation
    assertThat(options.alpha()).isEqualTo(0.1);
    assertThat(options.teacher()).isEqualTo(TeacherMode.BATCH);
    assertThat(options.crossHeads()).isEqualTo(2);
    assertThat(options.ablations()).isEmpty();
    assertThat(options.simUsers()).isEqualTo(2);
    Dataset ds = teacherDataset(batch);
    return LlmEsrModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), SEED), tables(ds.numUsers()),
        options, ds, foldPadding);
  }

  /** Whether the model's transformer encoder folds the padding (the factories' default). */
  static boolean folds(SequenceModel model) {
    return model.windowed();
  }

  /**
   * The fixture's item tables in our layout ((N+1) rows, row 0 zero; the model adds the zero mask-token row), and the
   * similar users: fixture user i (0..2) has users 3+2i and 4+2i of {@link #teacherDataset}.
   */
  static LlmEsrTables tables(int numUsers) {
    GoldenData.Fixture fx = DATA.fixture;
    float[][] llm = new float[fx.items() + 1][];
    float[][] pca = new float[fx.items() + 1][];
    llm[0] = new float[fx.llmDim()];
    pca[0] = new float[fx.hiddenSize()];
    for (int i = 0; i < fx.items(); i++) {
      llm[i + 1] = fx.llmItemTable()[i].clone();
      pca[i + 1] = fx.pcaItemTable()[i].clone();
    }
    int[][] similar = new int[numUsers][];
    for (int u = 0; u < numUsers; u++) similar[u] = u < 3 ? new int[] {3 + 2 * u, 4 + 2 * u} : new int[] {0, 1};
    return LlmEsrTables.of(llm, pca, similar);
  }

  /**
   * A dataset whose teacher inputs ({@link io.llmesr.model.llmesr.TeacherSequences}: a user's training part minus
   * its last item) are the fixture's similar-user sequences. Users 0..2 are the fixture's users (their training part:
   * the batch input and its last target; never a teacher here); users 3..8 are the similar users, each with its
   * {@code sim_seq} items followed by one item that the teacher input drops.
   */
  static Dataset teacherDataset(GoldenData.Batch b) {
    int n = DATA.fixture.items();
    List<int[]> seqs = new ArrayList<>();
    GoldenData.Batch next = DATA.fixture.batch("next_item_batch");
    for (int u = 0; u < 3; u++) {
      int[] in = nonZero(next.seq()[u]);
      int[] s = Arrays.copyOf(in, in.length + 1);
      s[in.length] = next.pos()[u * next.length() + next.length() - 1];
      seqs.add(s);
    }
    int[][] simItems = new int[6][];
    for (int u = 0; u < 3; u++) {
      for (int k = 0; k < 2; k++) {
        int[] items = nonZero(b.simSeq()[u][k]);
        simItems[2 * u + k] = items;
        int[] s = Arrays.copyOf(items, items.length + 1);
        s[items.length] = 1;
        seqs.add(s);
      }
    }
    // the teacher batches these left-padded with positions 1..k (SequenceBatch.leftPadded): that is the fixture
    SequenceBatch padded = SequenceBatch.leftPadded(simItems, null, DATA.fixture.maxLen());
    int[][] fixtureSeq = new int[6][];
    int[][] fixturePos = new int[6][];
    for (int u = 0; u < 3; u++) {
      for (int k = 0; k < 2; k++) {
        fixtureSeq[2 * u + k] = b.simSeq()[u][k];
        fixturePos[2 * u + k] = b.simPositions()[u][k];
      }
    }
    assertThat(rows(padded.items(), 6)).isEqualTo(fixtureSeq);
    assertThat(rows(padded.positions(), 6)).isEqualTo(fixturePos);

    int users = seqs.size();
    List<String> userIds = new ArrayList<>();
    List<String> itemIds = new ArrayList<>();
    itemIds.add(null);
    for (int i = 1; i <= n; i++) itemIds.add("item" + i);
    int[][] sequences = new int[users][];
    int[] trainEnd = new int[users];
    for (int u = 0; u < users; u++) {
      userIds.add("user" + u);
      sequences[u] = seqs.get(u);
      trainEnd[u] = sequences[u].length;   // everything is training data: no validation or test item
    }
    return new Dataset("golden-fixture", userIds, itemIds, sequences, trainEnd, trainEnd.clone(), null, null);
  }

  /**
   * Copies every official parameter into ours through {@link OfficialNames}: each official tensor is either mapped
   * (then loaded with {@link ParameterStore#load}, which fails on any persisted parameter of ours left without a
   * value), or the frozen LLM table (compared: ours is built from the fixture), or listed as taking no part.
   */
  static void loadOfficialParameters(SequenceModel model, GoldenData.Model golden, Backbone backbone,
                                     boolean llmesr) {
    ParameterStore store = model.parameters();
    Map<String, String> names = OfficialNames.map(backbone, llmesr, model.spec().numBlocks());
    Set<String> unused = OfficialNames.unused(backbone, llmesr);
    Set<String> seen = new LinkedHashSet<>();
    Map<String, TensorFile.Tensor> saved = new LinkedHashMap<>();
    for (Map.Entry<String, GoldenData.Tensor> e : golden.parameters().entrySet()) {
      String official = e.getKey();
      GoldenData.Tensor t = e.getValue();
      seen.add(official);
      if (unused.contains(official)) continue;
      if (llmesr && official.equals(OfficialNames.LLM_TABLE)) {
        ParameterStore.Param ours = store.get(FrozenItemTable.NAME);
        assertThat(ours.array().getShape().getShape()).isEqualTo(t.shape());
        assertThat(ours.array().toFloatArray()).as("frozen LLM table").isEqualTo(t.floats());
        continue;
      }
      String ours = names.get(official);
      assertThat(ours).as("official parameter %s has no counterpart in our model", official).isNotNull();
      saved.put(ours, new TensorFile.Tensor(OfficialNames.ourShape(official, t.shape()), t.floats()));
    }
    assertThat(seen).as("official parameters named in the map but absent from " + golden.name())
        .containsAll(names.keySet()).containsAll(unused);
    store.load(saved);
    for (Map.Entry<String, TensorFile.Tensor> e : saved.entrySet()) {
      assertThat(store.get(e.getKey()).array().toFloatArray()).as(e.getKey()).isEqualTo(e.getValue().values());
    }
  }

  // ----------------------------------------------------------------------------------------------------- inputs

  /** The fixture batch as our training batch (users 0..2: the rows the similar-user table is indexed by). */
  static TrainingBatch trainingBatch(GoldenData.Batch b, int[] users) {
    SequenceBatch in = new SequenceBatch(b.size(), b.length(), flatten(b.seq()), flatten(b.positions()), users);
    return new TrainingBatch(in, b.pos(), b.neg(), b.lastOnly());
  }

  /** Each user's history: the real items of the fixture's next-item input, oldest first. */
  static int[][] histories(GoldenData.Batch next) {
    int[][] h = new int[next.size()][];
    for (int u = 0; u < h.length; u++) h[u] = nonZero(next.seq()[u]);
    return h;
  }

  /**
   * The official prediction input built from the fixture as the README describes: the next-item input as it is;
   * for BERT4Rec the mask token appended with the next position, then the first slot dropped. {items, positions}.
   */
  static int[][][] predictionInput(GoldenData.Batch next, Backbone backbone, int maskToken) {
    int b = next.size();
    int t = next.length();
    int[][] items = new int[b][];
    int[][] pos = new int[b][];
    for (int u = 0; u < b; u++) {
      if (backbone != Backbone.BERT4REC) {
        items[u] = next.seq()[u].clone();
        pos[u] = next.positions()[u].clone();
      } else {
        items[u] = new int[t];
        pos[u] = new int[t];
        System.arraycopy(next.seq()[u], 1, items[u], 0, t - 1);
        System.arraycopy(next.positions()[u], 1, pos[u], 0, t - 1);
        items[u][t - 1] = maskToken;
        pos[u][t - 1] = next.positions()[u][t - 1] + 1;
      }
    }
    return new int[][][] {items, pos};
  }

  // --------------------------------------------------------------------------------------------------- numbers

  /**
   * {@code max_i |ours_i − golden_i| / max_i |golden_i|}: the largest difference relative to the output's magnitude
   * (for a scalar, the plain relative difference).
   */
  static double relativeDifference(float[] ours, double[] golden) {
    if (ours.length != golden.length) throw new IllegalArgumentException(ours.length + " vs " + golden.length + " values");
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < ours.length; i++) {
      if (!Float.isFinite(ours[i])) return Double.POSITIVE_INFINITY;
      diff = Math.max(diff, Math.abs(ours[i] - golden[i]));
      scale = Math.max(scale, Math.abs(golden[i]));
    }
    return scale == 0 ? diff : diff / scale;
  }

  private static void check(SoftAssertions soft, Map<String, Double> diffs, String what, float[] ours,
                            double[] golden) {
    double r = relativeDifference(ours, golden);
    diffs.put(what, r);
    soft.assertThat(r).as("%s: relative difference (ours %s, official %s)", what, Arrays.toString(ours),
        Arrays.toString(golden)).isLessThanOrEqualTo(RELATIVE_TOLERANCE);
  }

  static int[] nonZero(int[] a) {
    return Arrays.stream(a).filter(x -> x != 0).toArray();
  }

  static int[] flatten(int[][] a) {
    return Arrays.stream(a).flatMapToInt(Arrays::stream).toArray();
  }

  static double[] flatten(double[][] a) {
    return Arrays.stream(a).flatMapToDouble(Arrays::stream).toArray();
  }

  static int[][] rows(int[] flat, int rows) {
    int cols = flat.length / rows;
    int[][] out = new int[rows][];
    for (int r = 0; r < rows; r++) out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
    return out;
  }

  static long[] toLong(int[] a) {
    return Arrays.stream(a).asLongStream().toArray();
  }
}
