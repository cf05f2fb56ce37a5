package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.model.Backbone;
import io.llmesr.model.Forward;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.LossTerms;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.rlmrec.ContrastiveAlignment;
import io.llmesr.model.rlmrec.RlmRecConModelFactory;
import io.llmesr.prepare.Dataset;
import io.llmesr.recommend.LoadedRun;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import io.llmesr.train.TinyData;
import io.llmesr.train.Trainer;
import java.nio.charset.StandardCharsets;
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

/** Method {@code rlmrec-con}: the plain backbone plus RLMRec's contrastive alignment with the LLM item table. */
class RlmRecConTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir Path tmp;

  private static RunConfig config(Path dataDir, Backbone backbone, int epochs, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.epochs", Integer.toString(epochs), "train.seed", "5",
        "train.lr", "0.005", "model.dropout", "0.1", "train.eval_batch_size", "32"));
    o.putAll(extra);
    return RunConfig.resolve(Preset.PAPER, backbone, RlmRecConModelFactory.METHOD, dataDir, o);
  }

  /** −log softmax_k(a_j·b_k / tau)[j], averaged over j, for unit rows. */
  private static double reference(double[][] za, double[][] zb, double tau) {
    double sum = 0;
    for (int j = 0; j < za.length; j++) {
      double denom = 0;
      double pos = 0;
      for (int k = 0; k < zb.length; k++) {
        double s = (za[j][0] * zb[k][0] + za[j][1] * zb[k][1]) / tau;
        denom += Math.exp(s);
        if (k == j) pos = s;
      }
      sum += Math.log(denom) - pos;
    }
    return sum / za.length;
  }

  @Test
  void infoNceOfThreeTwoDimensionalItemsMatchesTheHandComputedValue() {
    // a = e rows, b = f(s) rows; cosine normalises: a → (1,0), (0,1), (1,1)/√2; b → (1,0), (0,1), (−1,0)
    float[] a = {1, 0, 0, 1, 1, 1};
    float[] b = {1, 0, 0, 2, -3, 0};
    double r = Math.sqrt(0.5);
    // by hand, tau = 1: row 0: −1 + log(e + 1 + 1/e); row 1: −1 + log(1 + e + 1); row 2: r + log(2e^r + e^−r)
    double byHand = ((-1 + Math.log(Math.E + 1 + 1 / Math.E)) + (-1 + Math.log(2 + Math.E))
        + (r + Math.log(2 * Math.exp(r) + Math.exp(-r)))) / 3;
    assertThat(byHand).isCloseTo(reference(new double[][] {{1, 0}, {0, 1}, {r, r}},
        new double[][] {{1, 0}, {0, 1}, {-1, 0}}, 1), within(1e-12));
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ea = m.create(a, new ai.djl.ndarray.types.Shape(3, 2));
      NDArray eb = m.create(b, new ai.djl.ndarray.types.Shape(3, 2));
      Forward fwd = new Forward(m, false);
      assertThat(ContrastiveAlignment.infoNce(ea, eb, 1f, fwd).getFloat()).isCloseTo((float) byHand, within(1e-5f));
      // tau = 0.2 scales the similarities by 5
      double tau02 = reference(new double[][] {{1, 0}, {0, 1}, {r, r}}, new double[][] {{1, 0}, {0, 1}, {-1, 0}}, 0.2);
      assertThat(ContrastiveAlignment.infoNce(ea, eb, 0.2f, fwd).getFloat()).isCloseTo((float) tau02, within(1e-4f));
      // two items aligned exactly: −log(e^(1/τ) / (e^(1/τ) + e^0)) = log(1 + e^(−1/τ))
      NDArray two = m.create(new float[] {2, 0, 0, 5}, new ai.djl.ndarray.types.Shape(2, 2));
      assertThat(ContrastiveAlignment.infoNce(two, two, 0.5f, fwd).getFloat())
          .isCloseTo((float) Math.log(1 + Math.exp(-2)), within(1e-6f));
    }
  }

  @Test
  void theTermIsBetaTimesInfoNceOfTheBatchItemsIdEmbeddingsAndTheirMappedLlmRows() {
    // N = 3 items, d = 2, D = 2; the batch holds items 1 and 3 (input), 2 (target): all three
    int n = 3;
    ModelSpec spec = new ModelSpec(Backbone.GRU4REC, n, 2, 4, 1, 1, 0f, io.llmesr.model.Masking.NONE, false);
    float[] llm = {0, 0, 1, 0, 0.5f, -1, -2, 3};
    try (SequenceModel model = RlmRecConModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), 3),
        false, llm, 2, 0.3, 0.5)) {
      ParameterStore store = model.parameters();
      assertThat(store.all().stream().map(ParameterStore.Param::name).toList()).endsWith("rlmrec.mlp0.weight",
          "rlmrec.mlp0.bias", "rlmrec.mlp1.weight", "rlmrec.mlp1.bias");
      assertThat(store.get(FrozenItemTable.NAME).trainable()).isFalse();
      assertThat(store.get(FrozenItemTable.NAME).persisted()).isFalse();
      float[] e = store.get(IdEmbedding.TABLE).array().toFloatArray();
      float[] w0 = store.get("rlmrec.mlp0.weight").array().toFloatArray();   // H×D, H = (2+2)/2 = 2
      float[] b0 = store.get("rlmrec.mlp0.bias").array().toFloatArray();
      float[] w1 = store.get("rlmrec.mlp1.weight").array().toFloatArray();   // d×H
      float[] b1 = store.get("rlmrec.mlp1.bias").array().toFloatArray();
      double[][] za = new double[n][];
      double[][] zb = new double[n][];
      for (int j = 1; j <= n; j++) {
        double[] s = {llm[2 * j], llm[2 * j + 1]};
        double[] h = new double[2];
        for (int i = 0; i < 2; i++) {
          h[i] = w0[2 * i] * s[0] + w0[2 * i + 1] * s[1] + b0[i];
          if (h[i] < 0) h[i] *= 0.01;
        }
        double[] f = new double[2];
        for (int i = 0; i < 2; i++) f[i] = w1[2 * i] * h[0] + w1[2 * i + 1] * h[1] + b1[i];
        za[j - 1] = unit(new double[] {e[2 * j], e[2 * j + 1]});
        zb[j - 1] = unit(f);
      }
      double expected = 0.3 * reference(za, zb, 0.5);
      SequenceBatch in = SequenceBatch.leftPadded(new int[][] {{1, 3}, {3}}, new int[] {0, 1}, 4);
      TrainingBatch batch = new TrainingBatch(in, new int[] {2, 2}, new int[] {1, 3}, true);
      try (NDManager m = store.manager().newSubManager()) {
        LossTerms terms = model.loss(batch, new Forward(m, true));
        assertThat(terms.parts()).containsKeys("rec", ContrastiveAlignment.NAME);
        assertThat(terms.parts().get(ContrastiveAlignment.NAME).getFloat()).isCloseTo((float) expected, within(1e-5f));
        assertThat(terms.total().getFloat()).isCloseTo(terms.parts().get("rec").getFloat()
            + (float) expected, within(1e-5f));
      }
    }
  }

  private static boolean allFinite(float[] a) {
    for (float v : a) if (!Float.isFinite(v)) return false;
    return true;
  }

  private static double[] unit(double[] x) {
    double norm = Math.sqrt(x[0] * x[0] + x[1] * x[1]);
    return new double[] {x[0] / norm, x[1] / norm};
  }

  @Test
  void everyBackboneBuildsAndOneStepLeavesEveryParameterFinite() throws Exception {
    Dataset ds = TinyData.chain(30, 40, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    for (Backbone b : Backbone.values()) {
      RunConfig c = config(dir, b, 1, Map.of());
      ModelSpec spec = c.model().toSpec(ds.numItems());
      try (SequenceModel m = ModelBuilder.build(c, spec, NDManager.newBaseManager(), Optional.of(ds));
           SequenceModel plain = PlainModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), 5), true)) {
        // the plain model's parameters first, same names and shapes, then the MLP
        List<String> names = m.parameters().persistedParams().stream().map(ParameterStore.Param::name).toList();
        List<String> plainNames = plain.parameters().persistedParams().stream().map(ParameterStore.Param::name).toList();
        assertThat(names.subList(0, plainNames.size())).as(b.id()).isEqualTo(plainNames);
        assertThat(names.subList(plainNames.size(), names.size())).containsExactly("rlmrec.mlp0.weight",
            "rlmrec.mlp0.bias", "rlmrec.mlp1.weight", "rlmrec.mlp1.bias");
        assertThat(m.parameters().get("rlmrec.mlp0.weight").array().getShape().getShape()).containsExactly(20, 24);
        TrainingBatch batch = LlmEsrFixtures.trainingBatch(ds, spec, LlmEsrFixtures.firstUsers(8), 11);
        float[] llmBefore = m.parameters().get(FrozenItemTable.NAME).array().toFloatArray();
        ParameterStore store = m.parameters();
        List<Float> values = new ArrayList<>();
        try (NDManager sub = store.manager().newSubManager(); NDScope scope = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          scope.suppressNotUsedWarning();
          LossTerms terms = m.loss(batch, new Forward(sub, true));
          values.add(terms.parts().get(ContrastiveAlignment.NAME).getFloat());
          values.add(terms.total().getFloat());
          gc.backward(terms.total());
        }
        assertThat(values).as(b.id()).allSatisfy(v -> assertThat(v).isFinite().isPositive());
        for (ParameterStore.Param p : store.trainableParams()) {
          try (NDArray g = p.array().getGradient(); NDArray step = g.mul(0.05f)) {
            assertThat(allFinite(g.toFloatArray())).as(b.id() + " grad " + p.name()).isTrue();
            p.array().subi(step);
          }
          assertThat(allFinite(p.array().toFloatArray())).as(b.id() + " " + p.name()).isTrue();
        }
        // the MLP receives a gradient; the LLM table is frozen
        assertThat(store.get(FrozenItemTable.NAME).array().toFloatArray()).isEqualTo(llmBefore);
      }
    }
  }

  @Test
  void trainsEndToEndRecordsTheLlmTableAndLoadsForServing() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    Path run = tmp.resolve("run");
    RunConfig c = config(dir, Backbone.SASREC, 2, Map.of("method.beta", "0.5", "method.tau", "0.1"));
    assertThat(RunConfig.fromMap(c.toMap())).isEqualTo(c);
    assertThat(c.model().options().get(RlmRecConModelFactory.BETA)).isEqualTo(0.5);
    Trainer.Result r = new Trainer(c, ds, new RunDirectory(run), LlmEsrTrainingTest.validator(ds)).withoutTest()
        .run(false, "test");
    assertThat(r.epochsDone()).isEqualTo(2);
    assertThat(new RunDirectory(run).readConfig()).isEqualTo(c);
    assertThat(Files.readString(run.resolve(RunDirectory.PROVENANCE), StandardCharsets.UTF_8))
        .contains("method.llm_item_table").contains(EmbeddingLayout.items(dir).getFileName().toString());
    for (double loss : LlmEsrTrainingTest.column(run, "loss")) assertThat(loss).isFinite().isPositive();
    try (LoadedRun loaded = LoadedRun.open(run)) {
      float[][] s = loaded.scorer(32).scoreCandidates(new int[] {0, 1}, new int[][] {ds.evalInput(0, false),
          ds.evalInput(1, false)}, new int[][] {{1, 2, 3}, {4, 5, 6}});
      assertThat(s).hasDimensions(2, 3);
      assertThat(s[0][0]).isFinite();
    }
  }

  @Test
  void isRegisteredAndRefusesBadOptionsNamingTheKey() {
    assertThat(ModelFactory.forMethod("rlmrec-con")).isInstanceOf(RlmRecConModelFactory.class);
    for (String[] bad : new String[][] {{"method.tau", "0"}, {"method.tau", "-1"}, {"method.tau", "x"},
        {"method.beta", "-0.1"}, {"method.beta", "Infinity"}}) {
      assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "rlmrec-con", Path.of("/d"),
          Map.of(bad[0], bad[1]))).as(bad[0] + "=" + bad[1]).hasMessageContaining("'" + bad[0] + "'");
    }
    RunConfig c = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "rlmrec-con", Path.of("/d"),
        Map.of("method.alpha", "0.1"));
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> ModelBuilder.build(c, c.model().toSpec(10), m, Optional.empty()))
          .hasMessageContaining("'alpha'");
    }
  }
}
