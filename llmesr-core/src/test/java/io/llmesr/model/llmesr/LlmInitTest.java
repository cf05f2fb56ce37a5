package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.EmbeddingTables;
import io.llmesr.model.Backbone;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method {@code llminit}: the plain backbone with its id table initialised from the PCA of the LLM item table. */
class LlmInitTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir Path tmp;

  private static RunConfig config(Path dataDir, Backbone backbone, int epochs) {
    Map<String, String> o = new HashMap<>(Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.epochs", Integer.toString(epochs), "train.seed", "5",
        "train.lr", "0.005", "model.dropout", "0.1", "train.eval_batch_size", "32"));
    return RunConfig.resolve(Preset.PAPER, backbone, "llminit", dataDir, o);
  }

  private Path data(Dataset ds) throws Exception {
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    return dir;
  }

  private static Map<String, float[]> params(SequenceModel m) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParameterStore.Param p : m.parameters().all()) out.put(p.name(), p.array().toFloatArray());
    return out;
  }

  @Test
  void idTableRowsOneToNAreThePcaRowsAndPaddingAndMaskRowsAreZero() throws Exception {
    Dataset ds = TinyData.chain(30, 40, 5, 10);
    Path dir = data(ds);
    EmbeddingTable pca = EmbeddingTables.pca(dir, 16);
    int n = ds.numItems();
    for (Backbone b : Backbone.values()) {
      RunConfig c = config(dir, b, 1);
      ModelSpec spec = c.model().toSpec(n);
      try (SequenceModel m = ModelBuilder.build(c, spec, NDManager.newBaseManager(), Optional.of(ds));
           SequenceModel plain = PlainModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), 5), true)) {
        float[] table = m.parameters().get(IdEmbedding.TABLE).array().toFloatArray();
        assertThat(table).hasSize((n + 2) * 16);
        for (int i = 1; i <= n; i++) {
          for (int j = 0; j < 16; j++) {
            assertThat(table[i * 16 + j]).as(b + " row " + i + " col " + j).isEqualTo(pca.data()[i * 16 + j]);
          }
        }
        for (int j = 0; j < 16; j++) {
          assertThat(table[j]).as("row 0").isZero();
          assertThat(table[(n + 1) * 16 + j]).as("row N+1").isZero();
        }
        assertThat(m.parameters().get(IdEmbedding.TABLE).trainable()).isTrue();
        // the plain model's parameters: same names, same order, same shapes
        Map<String, float[]> mine = params(m);
        Map<String, float[]> theirs = params(plain);
        assertThat(mine.keySet()).as(b.id()).containsExactlyElementsOf(theirs.keySet());
        mine.forEach((k, v) -> assertThat(v).as(k).hasSameSizeAs(theirs.get(k)));
      }
    }
  }

  @Test
  void trainsEndToEndRecordsThePcaTableAndItsConfigRoundTrips() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 5, 10);
    Path dir = data(ds);
    Path run = tmp.resolve("run");
    RunConfig c = config(dir, Backbone.SASREC, 2);
    assertThat(RunConfig.fromMap(c.toMap())).isEqualTo(c);
    Trainer.Result r = new Trainer(c, ds, new RunDirectory(run), LlmEsrTrainingTest.validator(ds)).withoutTest()
        .run(false, "test");
    assertThat(r.epochsDone()).isEqualTo(2);
    RunConfig stored = new RunDirectory(run).readConfig();
    assertThat(stored).isEqualTo(c);
    assertThat(stored.model().method()).isEqualTo("llminit");
    assertThat(Files.readString(run.resolve(RunDirectory.PROVENANCE), StandardCharsets.UTF_8))
        .contains("method.pca_item_table").contains(EmbeddingLayout.pca(dir, 16).getFileName().toString());
    for (double loss : LlmEsrTrainingTest.column(run, "loss")) assertThat(loss).isFinite().isPositive();
    // a saved run loads and scores without the PCA table (the checkpoint holds the trained id table)
    float[] initial = LlmInitModelFactory.pcaInit(dir, 16, ds.numItems());
    Files.delete(EmbeddingLayout.pca(dir, 16));
    try (LoadedRun loaded = LoadedRun.open(run)) {
      assertThat(loaded.model().parameters().get(IdEmbedding.TABLE).array().toFloatArray()).as("trained")
          .hasSameSizeAs(initial).isNotEqualTo(initial);
      float[][] s = loaded.scorer(32).scoreCandidates(new int[] {0, 1}, new int[][] {ds.evalInput(0, false),
          ds.evalInput(1, false)}, new int[][] {{1, 2, 3}, {4, 5, 6}});
      assertThat(s).hasDimensions(2, 3);
      assertThat(s[0][0]).isFinite();
    }
  }

  @Test
  void aMissingPcaTableFailsBeforeAnyRunFileNamingTheFileAndTheCommand() throws Exception {
    Dataset ds = TinyData.chain(20, 30, 5, 8);
    Path dir = data(ds);
    Path pca = EmbeddingLayout.pca(dir, 16);
    Files.delete(pca);
    Files.deleteIfExists(EmbeddingTable.manifestPath(pca));
    Path run = tmp.resolve("run-missing");
    assertThatThrownBy(() -> new Trainer(config(dir, Backbone.GRU4REC, 1), ds, new RunDirectory(run),
        LlmEsrTrainingTest.validator(ds)).withoutTest().run(false, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(pca.toString()).hasMessageContaining("llmesr pca " + dir + " --dim 16");
    assertThat(run).doesNotExist();
  }

  @Test
  void aPcaTableOfAnotherDimensionIsRefusedNamingTheFile() throws Exception {
    Dataset ds = TinyData.chain(20, 30, 5, 8);
    Path dir = data(ds);
    Path file = EmbeddingLayout.pca(dir, 16);
    // a table of another dataset (row count)
    assertThatThrownBy(() -> LlmInitModelFactory.pcaInit(dir, 16, ds.numItems() + 1))
        .hasMessageContaining(file.toString()).hasMessageContaining("another dataset");
    // a table of 8 columns stored under the 16-d name
    EmbeddingTable eight = EmbeddingTables.pca(dir, 16);
    float[] data = new float[eight.rows() * 8];
    for (int i = 8; i < data.length; i++) data[i] = i;
    LlmEsrTablesReaderTest.table("pca", eight.rows(), 8, data).write(file);
    assertThatThrownBy(() -> LlmInitModelFactory.pcaInit(dir, 16, ds.numItems()))
        .hasMessageContaining(file.toString()).hasMessageContaining("8 columns")
        .hasMessageContaining("--dim 16");
  }

  @Test
  void isRegisteredAndRefusesLlmEsrOptions() {
    assertThat(ModelFactory.forMethod("llminit")).isInstanceOf(LlmInitModelFactory.class);
    RunConfig c = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "llminit", Path.of("/d"),
        Map.of("method.alpha", "0.1"));
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> ModelBuilder.build(c, c.model().toSpec(10), m, Optional.empty()))
          .hasMessageContaining("'alpha'").hasMessageContaining("known: fold_padding");
    }
  }
}
