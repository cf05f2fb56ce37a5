package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.model.Backbone;
import io.llmesr.prepare.Dataset;
import io.llmesr.recommend.LoadedRun;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import io.llmesr.train.TinyData;
import io.llmesr.train.Trainer;
import io.llmesr.train.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the real trainer: LLM-ESR learns, resumes exactly, and a saved run scores from stored tables. */
class LlmEsrTrainingTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir Path tmp;

  static RunConfig config(Path dataDir, Backbone backbone, Preset preset, int epochs, Map<String, String> method) {
    Map<String, String> o = new HashMap<>(Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.epochs", Integer.toString(epochs), "train.seed", "5",
        "train.lr", "0.005", "model.dropout", "0.1", "train.eval_batch_size", "32"));
    method.forEach((k, v) -> o.put("method." + k, v));
    return RunConfig.resolve(preset, backbone, "llmesr", dataDir, o);
  }

  static Validator validator(Dataset ds) {
    EvalSpec spec = EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.VALID).withMaxLen(12).withSeed(7);
    return scorer -> {
      EvalReport r = new Evaluator().evaluate(ds, scorer, spec);
      return new Validator.Result(r.overall().hr(10), r.overall().ndcg(10), 0);
    };
  }

  private Path data(Dataset ds) throws Exception {
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    return dir;
  }

  /** Column {@code name} of metrics.csv, one value per epoch. */
  static double[] column(Path run, String name) throws Exception {
    List<String> rows = Files.readAllLines(run.resolve(RunDirectory.METRICS));
    int c = List.of(rows.get(0).split(",")).indexOf(name);
    double[] out = new double[rows.size() - 1];
    for (int i = 1; i < rows.size(); i++) out[i - 1] = Double.parseDouble(rows.get(i).split(",")[c]);
    return out;
  }

  @Test
  void everyBackboneImprovesValidationNdcgOverItsFirstEpoch() throws Exception {
    Dataset ds = TinyData.chain(96, 150, 6, 14);
    Path dir = data(ds);
    for (Backbone b : Backbone.values()) {
      Path run = tmp.resolve("run-" + b.id());
      Trainer.Result r = new Trainer(config(dir, b, Preset.PAPER, 6, Map.of("sim_users", "3")), ds,
          new RunDirectory(run), validator(ds)).withoutTest().run(false, "test");
      double[] ndcg = column(run, "valid_ndcg10");
      double[] sd = column(run, "loss_sd");
      assertThat(ndcg).hasSize(6);
      // random ranking gives NDCG@10 ~ 0.045 here; after 6 short epochs every backbone is well above its first epoch
      assertThat(r.bestValidNdcg10()).as(b + " " + java.util.Arrays.toString(ndcg))
          .isGreaterThan(ndcg[0] + 0.03).isGreaterThan(1.3 * ndcg[0]);
      assertThat(sd[0]).as("self-distillation term logged").isGreaterThan(0);
    }
  }

  @Test
  void cachedTeacherTrainsAndResumeEqualsAnUninterruptedRun() throws Exception {
    Dataset ds = TinyData.chain(64, 130, 5, 12);
    Path dir = data(ds);
    for (String teacher : new String[] {"batch", "cached"}) {
      Map<String, String> m = Map.of("sim_users", "3", "teacher", teacher);
      Path straight = tmp.resolve("straight-" + teacher);
      Path resumed = tmp.resolve("resumed-" + teacher);
      new Trainer(config(dir, Backbone.SASREC, Preset.PAPER, 2, m), ds, new RunDirectory(straight), validator(ds))
          .withoutTest().run(false, "t");
      new Trainer(config(dir, Backbone.SASREC, Preset.PAPER, 1, m), ds, new RunDirectory(resumed), validator(ds))
          .withoutTest().run(false, "t");
      new Trainer(config(dir, Backbone.SASREC, Preset.PAPER, 2, m), ds, new RunDirectory(resumed), validator(ds))
          .withoutTest().run(true, "t --resume");
      assertThat(Files.readAllBytes(resumed.resolve("checkpoints/last/params.bin"))).as(teacher)
          .isEqualTo(Files.readAllBytes(straight.resolve("checkpoints/last/params.bin")));
      assertThat(column(resumed, "valid_ndcg10")).isEqualTo(column(straight, "valid_ndcg10"));
    }
  }

  @Test
  void savedRunScoresFromTheStoredTablesAndCheckpointOnly() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 5, 10);
    Path dir = data(ds);
    Path run = tmp.resolve("run");
    new Trainer(config(dir, Backbone.SASREC, Preset.FAST, 2, Map.of("sim_users", "3", "teacher", "cached")), ds,
        new RunDirectory(run), validator(ds)).withoutTest().run(false, "t");
    // checkpoints hold the trained weights but not the frozen LLM table
    assertThat(Files.readString(run.resolve("checkpoints/best/params.json"), java.nio.charset.StandardCharsets.UTF_8))
        .contains(DualViewItems.ID_TABLE).doesNotContain(FrozenItemTable.NAME);
    // without PCA and similar-user files (inference reads only the LLM item table)
    Files.delete(io.llmesr.embed.EmbeddingLayout.pca(dir, 16));
    Files.delete(io.llmesr.embed.EmbeddingLayout.similarUsers(dir));
    try (LoadedRun loaded = LoadedRun.open(run)) {
      assertThat(loaded.model().parameters().get(FrozenItemTable.NAME).trainable()).isFalse();
      float[][] s = loaded.scorer(32).scoreCandidates(new int[] {0, 1}, new int[][] {ds.evalInput(0, false),
          ds.evalInput(1, false)}, new int[][] {{1, 2, 3}, {4, 5, 6}});
      assertThat(s).hasDimensions(2, 3);
      assertThat(s[0][0]).isFinite();
    }
  }
}
