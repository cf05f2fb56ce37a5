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
import io.llmesr.model.Forward;
import io.llmesr.model.LossTerms;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.alphafuse.AlphaFuseItems;
import io.llmesr.model.alphafuse.AlphaFuseModelFactory;
import io.llmesr.model.alphafuse.NullSpaceProjection;
import io.llmesr.model.alphafuse.NullSpaceProjectionTest;
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

/** Method {@code alphafuse}: frozen SVD language part + id embeddings trained only in the null-space coordinates. */
class AlphaFuseTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir Path tmp;

  private static RunConfig config(Path dataDir, Backbone backbone, int epochs, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.epochs", Integer.toString(epochs), "train.seed", "5",
        "train.lr", "0.005", "model.dropout", "0.1", "train.eval_batch_size", "32", "method.null_dim", "6"));
    o.putAll(extra);
    return RunConfig.resolve(Preset.PAPER, backbone, AlphaFuseModelFactory.METHOD, dataDir, o);
  }

  @Test
  void itemVectorsAreTheStandardisedSemanticCoordinateAndTheNullCoordinatePlusTheIdEmbedding() {
    // d = 2, d_n = 1: e_j = [a_j·√3/4 ; c_j + id_j]  with a = ±2 on u1 and c = ±0.1 on u3 (by hand)
    ModelSpec spec = new ModelSpec(Backbone.GRU4REC, 4, 2, 4, 1, 1, 0f, Masking.NONE, false);
    float[] llm = NullSpaceProjectionTest.handTable();   // 4 items, D = 3, known SVD
    try (SequenceModel model = AlphaFuseModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), 3),
        false, llm, 3, 1, true)) {
      ParameterStore store = model.parameters();
      assertThat(store.get(AlphaFuseItems.LANGUAGE).trainable()).isFalse();
      assertThat(store.get(AlphaFuseItems.LANGUAGE).persisted()).isFalse();
      assertThat(store.get(AlphaFuseItems.ID_TABLE).array().getShape()).isEqualTo(new Shape(6, 1));
      float[] id = store.get(AlphaFuseItems.ID_TABLE).array().toFloatArray();
      double a = Math.sqrt(3) / 4;
      double[][] expected = {{2 * a, 0.1}, {2 * a, -0.1}, {-2 * a, -0.1}, {-2 * a, 0.1}};
      try (NDManager m = store.manager().newSubManager()) {
        Forward fwd = new Forward(m, false);
        float[] e = model.items().candidates(m.create(new long[] {1, 2, 3, 4}), fwd).toFloatArray();
        float[] range = model.items().itemRange(1, 5, fwd).toFloatArray();
        assertThat(range).containsExactly(e, within(0f));
        for (int j = 0; j < 4; j++) {
          assertThat((double) e[2 * j]).isCloseTo(expected[j][0], within(1e-5));
          assertThat((double) e[2 * j + 1]).isCloseTo(expected[j][1] + id[j + 1], within(1e-5));
        }
        // an item added by its LLM vector gets the same language part and no id part
        NDArray x = m.create(new float[] {llm[3], llm[4], llm[5]}, new Shape(1, 3));
        assertThat(model.items().newItems(x, null, fwd).toFloatArray())
            .containsExactly(new float[] {(float) expected[0][0], (float) expected[0][1]}, within(1e-5f));
      }
      assertThat(model.items().collaborativeDim()).isZero();
      assertThat(model.items().readsLlmVectors()).isTrue();
    }
  }

  private static boolean allFinite(float[] a) {
    for (float v : a) if (!Float.isFinite(v)) return false;
    return true;
  }

  @Test
  void everyBackboneTrainsAFewStepsAndTheIdEmbeddingsStayInTheNullSpace() throws Exception {
    Dataset ds = TinyData.chain(30, 40, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    int d = 16;
    int ds2 = d - 6;
    for (Backbone b : Backbone.values()) {
      RunConfig c = config(dir, b, 1, Map.of());
      ModelSpec spec = c.model().toSpec(ds.numItems());
      try (SequenceModel m = ModelBuilder.build(c, spec, NDManager.newBaseManager(), Optional.of(ds));
           SequenceModel plain = PlainModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), 5), true)) {
        ParameterStore store = m.parameters();
        // persisted: the id table, then the plain encoder's parameters, same names and shapes
        List<String> names = store.persistedParams().stream().map(ParameterStore.Param::name).toList();
        List<String> plainNames = plain.parameters().persistedParams().stream().map(ParameterStore.Param::name).toList();
        assertThat(names.get(0)).isEqualTo(AlphaFuseItems.ID_TABLE);
        assertThat(names.subList(1, names.size())).as(b.id()).isEqualTo(plainNames.subList(1, plainNames.size()));
        assertThat(store.get(AlphaFuseItems.ID_TABLE).array().getShape()).isEqualTo(new Shape(spec.itemRows(), 6));
        float[] language = store.get(AlphaFuseItems.LANGUAGE).array().toFloatArray();
        float[] idBefore = store.get(AlphaFuseItems.ID_TABLE).array().toFloatArray();
        for (int step = 0; step < 3; step++) {
          TrainingBatch batch = LlmEsrFixtures.trainingBatch(ds, spec, LlmEsrFixtures.firstUsers(8), 11 + step);
          try (NDManager sub = store.manager().newSubManager(); NDScope scope = new NDScope();
               GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            LossTerms terms = m.loss(batch, new Forward(sub, true));
            assertThat(terms.total().getFloat()).as(b.id()).isFinite().isPositive();
            gc.backward(terms.total());
          }
          for (ParameterStore.Param p : store.trainableParams()) {
            try (NDArray g = p.array().getGradient(); NDArray upd = g.mul(0.5f)) {
              assertThat(allFinite(g.toFloatArray())).as(b.id() + " grad " + p.name()).isTrue();
              p.array().subi(upd);
              g.subi(g);
            }
          }
        }
        // the language part is frozen; the id table has moved
        assertThat(store.get(AlphaFuseItems.LANGUAGE).array().toFloatArray()).isEqualTo(language);
        float[] id = store.get(AlphaFuseItems.ID_TABLE).array().toFloatArray();
        assertThat(id).as(b.id()).isNotEqualTo(idBefore);
        // item vector − language part: zero in every semantic coordinate, the id embedding in the null ones
        NullSpaceProjection p = ((AlphaFuseItems) m.items()).projection();
        try (NDManager sub = store.manager().newSubManager()) {
          float[] e = m.items().itemRange(0, spec.itemRows(), new Forward(sub, false)).toFloatArray();
          double maxProjection = 0;
          for (int j = 0; j < spec.itemRows(); j++) {
            for (int k = 0; k < d; k++) {
              double idPart = e[j * d + k] - language[j * d + k];
              if (k < ds2) assertThat(idPart).as("%s item %d semantic %d", b.id(), j, k).isCloseTo(0, within(1e-6));
              else assertThat(idPart).isCloseTo(id[j * 6 + k - ds2], within(1e-5));
            }
            // in the LLM space: the id part Σ id_k v_k (null axes) projects to ≈ 0 on every semantic axis
            double[] back = new double[p.inputDim()];
            for (int k = ds2; k < d; k++) {
              double[] axis = p.axis(k);
              for (int x = 0; x < back.length; x++) back[x] += id[j * 6 + k - ds2] * axis[x];
            }
            for (int k = 0; k < ds2; k++) {
              double dot = 0;
              double[] axis = p.axis(k);
              for (int x = 0; x < back.length; x++) dot += back[x] * axis[x];
              maxProjection = Math.max(maxProjection, Math.abs(dot));
            }
          }
          assertThat(maxProjection).as(b.id()).isLessThan(1e-6);
        }
      }
    }
  }

  @Test
  void trainsEndToEndRecordsTheLlmTableAndLoadsForServing() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    Path run = tmp.resolve("run");
    RunConfig c = config(dir, Backbone.SASREC, 2, Map.of("method.standardize", "false"));
    assertThat(RunConfig.fromMap(c.toMap())).isEqualTo(c);
    assertThat(c.model().options().get(AlphaFuseModelFactory.NULL_DIM)).isEqualTo(6);
    Trainer.Result r = new Trainer(c, ds, new RunDirectory(run), LlmEsrTrainingTest.validator(ds)).withoutTest()
        .run(false, "test");
    assertThat(r.epochsDone()).isEqualTo(2);
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
  void isRegisteredAndRefusesBadOptionsNamingTheKey() throws Exception {
    assertThat(ModelFactory.forMethod("alphafuse")).isInstanceOf(AlphaFuseModelFactory.class);
    for (String[] bad : new String[][] {{"method.null_dim", "-1"}, {"method.null_dim", "x"},
        {"method.standardize", "maybe"}}) {
      assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "alphafuse", Path.of("/d"),
          Map.of(bad[0], bad[1]))).as(bad[0] + "=" + bad[1]).hasMessageContaining("'" + bad[0] + "'");
    }
    try (NDManager m = NDManager.newBaseManager()) {
      RunConfig alpha = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "alphafuse", Path.of("/d"),
          Map.of("method.alpha", "0.1"));
      assertThatThrownBy(() -> ModelBuilder.build(alpha, alpha.model().toSpec(10), m, Optional.empty()))
          .hasMessageContaining("'alpha'");
      // d_n must leave a semantic subspace: refused before the table is read (the directory does not exist)
      RunConfig wide = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "alphafuse", Path.of("/d"),
          Map.of("model.hidden_size", "16", "method.null_dim", "16"));
      assertThatThrownBy(() -> ModelBuilder.build(wide, wide.model().toSpec(10), m, Optional.empty()))
          .hasMessageContaining("method.null_dim = 16").hasMessageContaining("model.hidden_size = 16");
    }
    Path dir = tmp.resolve("empty");
    Files.createDirectories(dir);
    RunConfig c = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "alphafuse", dir, Map.of());
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> ModelBuilder.build(c, c.model().toSpec(10), m, Optional.empty()))
          .hasMessageContaining("items.f32");
    }
  }
}
