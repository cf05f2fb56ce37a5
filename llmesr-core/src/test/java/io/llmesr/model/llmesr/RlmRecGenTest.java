package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.model.Backbone;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.LossTerms;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.rlmrec.GenerativeAlignment;
import io.llmesr.model.rlmrec.RlmRecGenModelFactory;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method {@code rlmrec-gen}: the plain backbone plus RLMRec's masked reconstruction of the LLM item embeddings. */
class RlmRecGenTest {
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
    return RunConfig.resolve(Preset.PAPER, backbone, RlmRecGenModelFactory.METHOD, dataDir, o);
  }

  @Test
  void meanCosineDistanceOfToyRowsMatchesTheHandComputedValue() {
    try (NDManager m = NDManager.newBaseManager()) {
      Forward fwd = new Forward(m, false);
      // cos((1,0),(2,0)) = 1, cos((1,1),(−1,1)) = 0, cos((3,4),(4,3)) = 24/25: mean of 1 − cos = (0 + 1 + 0.04) / 3
      NDArray a = m.create(new float[] {1, 0, 1, 1, 3, 4}, new Shape(3, 2));
      NDArray b = m.create(new float[] {2, 0, -1, 1, 4, 3}, new Shape(3, 2));
      assertThat(GenerativeAlignment.meanCosineDistance(a, b, fwd).getFloat()).isCloseTo(1.04f / 3, within(1e-6f));
      // opposite rows: 1 − (−1) = 2; scale does not matter
      NDArray c = m.create(new float[] {0.5f, -2}, new Shape(1, 2));
      NDArray e = m.create(new float[] {-5, 20}, new Shape(1, 2));
      assertThat(GenerativeAlignment.meanCosineDistance(c, e, fwd).getFloat()).isCloseTo(2f, within(1e-6f));
    }
  }

  private static double[] unit(double[] x) {
    double n = 0;
    for (double v : x) n += v * v;
    n = Math.sqrt(n);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) out[i] = x[i] / n;
    return out;
  }

  @Test
  void theTermReconstructsTheMaskedItemsLlmRowsFromTheHiddenStatesOfTheMaskedSequence() {
    // N = 3 items, d = 2, D = 2, no dropout; batch rows [0, 1, 3] and [2, 3, 1] (T = 3); slots of items 3 and 2 masked
    int n = 3;
    ModelSpec spec = new ModelSpec(Backbone.GRU4REC, n, 2, 3, 1, 1, 0f, Masking.NONE, false);
    float[] llm = {0, 0, 1, 0, 0.5f, -1, -2, 3};
    ParameterStore store = new ParameterStore(NDManager.newBaseManager(), 3);
    IdEmbedding ids = new IdEmbedding(store, spec);
    var encoder = PlainModelFactory.encoderFor(spec, store, false);
    GenerativeAlignment gen = new GenerativeAlignment(store, new FrozenItemTable(store, llm, 2), 2, 0.3, 1.0);
    try (SequenceRecommender model = new SequenceRecommender(spec, store, ids, encoder, StreamMixer.IDENTITY,
        List.of(gen))) {
      assertThat(store.all().stream().map(ParameterStore.Param::name).toList()).endsWith("rlmrec.mlp0.weight",
          "rlmrec.mlp0.bias", "rlmrec.mlp1.weight", "rlmrec.mlp1.bias");
      float[] w0 = store.get("rlmrec.mlp0.weight").array().toFloatArray();   // H×d, H = (2+2)/2 = 2
      float[] b0 = store.get("rlmrec.mlp0.bias").array().toFloatArray();
      float[] w1 = store.get("rlmrec.mlp1.weight").array().toFloatArray();   // D×H
      float[] b1 = store.get("rlmrec.mlp1.bias").array().toFloatArray();
      SequenceBatch in = SequenceBatch.leftPadded(new int[][] {{1, 3}, {2, 3, 1}}, new int[] {0, 1}, 3);
      boolean[] masked = {false, false, true, true, false, false};    // row 0 slot 2 (item 3), row 1 slot 0 (item 2)
      SequenceBatch withMask = SequenceBatch.leftPadded(new int[][] {{1, 4}, {4, 3, 1}}, new int[] {0, 1}, 3);
      try (NDManager m = store.manager().newSubManager()) {
        Forward fwd = new Forward(m, true);
        float[] h = model.hiddenStatesAllSlots(new BatchArrays(withMask, m), fwd).toFloatArray();
        int[][] slotItem = {{2, 3}, {3, 2}};   // (flat slot, item)
        double sum = 0;
        for (int[] si : slotItem) {
          double[] x = {h[2 * si[0]], h[2 * si[0] + 1]};
          double[] hid = new double[2];
          for (int i = 0; i < 2; i++) {
            hid[i] = w0[2 * i] * x[0] + w0[2 * i + 1] * x[1] + b0[i];
            if (hid[i] < 0) hid[i] *= 0.01;
          }
          double[] g = new double[2];
          for (int i = 0; i < 2; i++) g[i] = w1[2 * i] * hid[0] + w1[2 * i + 1] * hid[1] + b1[i];
          double[] zg = unit(g);
          double[] zs = unit(new double[] {llm[2 * si[1]], llm[2 * si[1] + 1]});
          sum += 1 - (zg[0] * zs[0] + zg[1] * zs[1]);
        }
        assertThat(gen.masked(model, in, masked, fwd).getFloat()).isCloseTo((float) (sum / 2), within(1e-5f));
        // nothing masked: no term
        assertThat(gen.masked(model, in, new boolean[6], fwd).getFloat()).isZero();
        // mask ratio 1: every real slot masked, the term is beta times the mean over all five slots
        TrainingBatch batch = new TrainingBatch(in, new int[] {2, 2}, new int[] {1, 3}, true);
        LossTerms terms = model.loss(batch, fwd);
        boolean[] all = {false, true, true, true, true, true};
        float expected = 0.3f * gen.masked(model, in, all, fwd).getFloat();
        assertThat(terms.parts().get(GenerativeAlignment.NAME).getFloat()).isCloseTo(expected, within(1e-5f));
        assertThat(terms.total().getFloat()).isCloseTo(terms.parts().get("rec").getFloat() + expected, within(1e-5f));
      }
    }
  }

  private static boolean allFinite(float[] a) {
    for (float v : a) if (!Float.isFinite(v)) return false;
    return true;
  }

  @Test
  void everyBackboneTrainsAFewStepsWithEveryParameterFinite() throws Exception {
    Dataset ds = TinyData.chain(30, 40, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    for (Backbone b : Backbone.values()) {
      RunConfig c = config(dir, b, 1, Map.of("method.mask_ratio", "0.5"));
      ModelSpec spec = c.model().toSpec(ds.numItems());
      try (SequenceModel m = ModelBuilder.build(c, spec, NDManager.newBaseManager(), Optional.of(ds));
           SequenceModel plain = PlainModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), 5), true)) {
        List<String> names = m.parameters().persistedParams().stream().map(ParameterStore.Param::name).toList();
        List<String> plainNames = plain.parameters().persistedParams().stream().map(ParameterStore.Param::name).toList();
        assertThat(names.subList(0, plainNames.size())).as(b.id()).isEqualTo(plainNames);
        assertThat(names.subList(plainNames.size(), names.size())).containsExactly("rlmrec.mlp0.weight",
            "rlmrec.mlp0.bias", "rlmrec.mlp1.weight", "rlmrec.mlp1.bias");
        // d = 16 → H = 20 → D = 24
        assertThat(m.parameters().get("rlmrec.mlp0.weight").array().getShape().getShape()).containsExactly(20, 16);
        assertThat(m.parameters().get("rlmrec.mlp1.weight").array().getShape().getShape()).containsExactly(24, 20);
        ParameterStore store = m.parameters();
        float[] llmBefore = store.get(FrozenItemTable.NAME).array().toFloatArray();
        float[] mlpBefore = store.get("rlmrec.mlp1.weight").array().toFloatArray();
        for (int step = 0; step < 3; step++) {
          TrainingBatch batch = LlmEsrFixtures.trainingBatch(ds, spec, LlmEsrFixtures.firstUsers(8), 11 + step);
          try (NDManager sub = store.manager().newSubManager(); NDScope scope = new NDScope();
               GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            LossTerms terms = m.loss(batch, new Forward(sub, true));
            assertThat(terms.parts().get(GenerativeAlignment.NAME).getFloat()).as(b.id()).isFinite().isPositive();
            gc.backward(terms.total());
          }
          for (ParameterStore.Param p : store.trainableParams()) {
            try (NDArray g = p.array().getGradient(); NDArray upd = g.mul(0.05f)) {
              assertThat(allFinite(g.toFloatArray())).as(b.id() + " grad " + p.name()).isTrue();
              p.array().subi(upd);
              g.subi(g);
            }
            assertThat(allFinite(p.array().toFloatArray())).as(b.id() + " " + p.name()).isTrue();
          }
        }
        assertThat(store.get(FrozenItemTable.NAME).array().toFloatArray()).isEqualTo(llmBefore);
        assertThat(store.get("rlmrec.mlp1.weight").array().toFloatArray()).as(b.id()).isNotEqualTo(mlpBefore);
      }
    }
  }

  @Test
  void trainsEndToEndRecordsTheLlmTableAndLoadsForServing() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    Path run = tmp.resolve("run");
    RunConfig c = config(dir, Backbone.BERT4REC, 2, Map.of("method.beta", "0.5", "method.mask_ratio", "0.3"));
    assertThat(RunConfig.fromMap(c.toMap())).isEqualTo(c);
    assertThat(c.model().options().get(RlmRecGenModelFactory.MASK_RATIO)).isEqualTo(0.3);
    Trainer.Result r = new Trainer(c, ds, new RunDirectory(run), LlmEsrTrainingTest.validator(ds)).withoutTest()
        .run(false, "test");
    assertThat(r.epochsDone()).isEqualTo(2);
    assertThat(Files.readString(run.resolve(RunDirectory.PROVENANCE), StandardCharsets.UTF_8))
        .contains("method.llm_item_table").contains(EmbeddingLayout.items(dir).getFileName().toString());
    for (double loss : LlmEsrTrainingTest.column(run, "loss_gen")) assertThat(loss).isFinite().isPositive();
    try (LoadedRun loaded = LoadedRun.open(run)) {
      float[][] s = loaded.scorer(32).scoreCandidates(new int[] {0, 1}, new int[][] {ds.evalInput(0, false),
          ds.evalInput(1, false)}, new int[][] {{1, 2, 3}, {4, 5, 6}});
      assertThat(s).hasDimensions(2, 3);
      assertThat(s[0][0]).isFinite();
    }
  }

  /** The masks are drawn from PyTorch's generator, re-seeded every step: 1 epoch + resume to 3 = 3 straight, bitwise. */
  @Test
  void masksAreDeterministicSoAResumedRunEqualsAnUninterruptedOne() throws Exception {
    Dataset ds = TinyData.chain(40, 120, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    Map<String, String> o = Map.of("method.mask_ratio", "0.4");
    new Trainer(config(dir, Backbone.SASREC, 3, o), ds, new RunDirectory(straight), LlmEsrTrainingTest.validator(ds))
        .withoutTest().run(false, "test");
    new Trainer(config(dir, Backbone.SASREC, 1, o), ds, new RunDirectory(resumed), LlmEsrTrainingTest.validator(ds))
        .withoutTest().run(false, "test");
    new Trainer(config(dir, Backbone.SASREC, 3, o), ds, new RunDirectory(resumed), LlmEsrTrainingTest.validator(ds))
        .withoutTest().run(true, "test --resume");
    for (String f : new String[] {"params.bin", "adam_m.bin", "adam_v.bin"}) {
      assertThat(Files.readAllBytes(resumed.resolve("checkpoints/last/" + f))).as(f)
          .isEqualTo(Files.readAllBytes(straight.resolve("checkpoints/last/" + f)));
    }
    assertThat(LlmEsrTrainingTest.column(resumed, "loss_gen")).isEqualTo(LlmEsrTrainingTest.column(straight, "loss_gen"));
  }

  @Test
  void isRegisteredAndRefusesBadOptionsNamingTheKey() {
    assertThat(ModelFactory.forMethod("rlmrec-gen")).isInstanceOf(RlmRecGenModelFactory.class);
    for (String[] bad : new String[][] {{"method.mask_ratio", "0"}, {"method.mask_ratio", "1.5"},
        {"method.mask_ratio", "x"}, {"method.beta", "-0.1"}, {"method.beta", "Infinity"}}) {
      assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "rlmrec-gen", Path.of("/d"),
          Map.of(bad[0], bad[1]))).as(bad[0] + "=" + bad[1]).hasMessageContaining("'" + bad[0] + "'");
    }
    RunConfig c = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "rlmrec-gen", Path.of("/d"),
        Map.of("method.tau", "0.1"));
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> ModelBuilder.build(c, c.model().toSpec(10), m, Optional.empty()))
          .hasMessageContaining("'tau'");
    }
  }
}
