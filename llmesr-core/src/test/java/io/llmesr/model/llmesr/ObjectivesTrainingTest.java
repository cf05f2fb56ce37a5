package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.model.Backbone;
import io.llmesr.prepare.Dataset;
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

/**
 * Every objective ({@code train.loss}) trains every backbone, plain and LLM-ESR (with its self-distillation term) and
 * RLMRec-Con (with its alignment term), through the trainer: finite, positive losses and auxiliary terms; and a
 * negative count the dataset cannot supply fails before anything is written.
 */
class ObjectivesTrainingTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir Path tmp;

  /** Validation is not under test here (and sampled-100 needs more than these tiny catalogues' items). */
  static final Validator NO_VALIDATION = scorer -> new Validator.Result(0, 0, 0);

  static final List<Map<String, String>> OBJECTIVES = List.of(
      Map.of("train.loss", "bce", "train.negatives", "3"),
      Map.of("train.loss", "ce", "train.ce_chunk", "7"),
      Map.of("train.loss", "sampled-softmax", "train.negatives", "4", "train.sampler", "pop"),
      Map.of("train.loss", "gbce", "train.negatives", "5", "train.gbce_t", "0.75"));

  private static RunConfig config(Path dir, Backbone b, String method, Map<String, String> objective) {
    Map<String, String> o = new HashMap<>(Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.epochs", "1", "train.seed", "5", "train.lr", "0.005", "model.dropout", "0.1",
        "train.eval_batch_size", "32"));
    o.putAll(objective);
    if (method.equals("llmesr")) o.put("method.sim_users", "3");   // the fixture stores 5 similar users
    return RunConfig.resolve(Preset.PAPER, b, method, dir, o);
  }

  @Test
  void everyObjectiveTrainsEveryBackbonePlainAndEnhancedWithFiniteLosses() throws Exception {
    Dataset ds = TinyData.chain(40, 30, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 5, 3);
    int runs = 0;
    for (Map<String, String> objective : OBJECTIVES) {
      for (Backbone b : Backbone.values()) {
        for (String method : List.of("plain", "llmesr", "rlmrec-con")) {
          if (method.equals("rlmrec-con") && b != Backbone.SASREC) continue;
          Path run = tmp.resolve(objective.get("train.loss") + "-" + b.id() + "-" + method);
          RunConfig c = config(dir, b, method, objective);
          new Trainer(c, ds, new RunDirectory(run), NO_VALIDATION).withoutTest().run(false, "t");
          String what = objective + " " + b.id() + " " + method;
          for (double v : LlmEsrTrainingTest.column(run, "loss")) assertThat(v).as(what).isFinite().isPositive();
          for (double v : LlmEsrTrainingTest.column(run, "loss_rec")) assertThat(v).as(what).isFinite().isPositive();
          String aux = method.equals("llmesr") ? "loss_sd" : method.equals("rlmrec-con") ? "loss_con" : null;
          if (aux != null) {
            for (double v : LlmEsrTrainingTest.column(run, aux)) assertThat(v).as(what + " " + aux).isFinite().isPositive();
          }
          assertThat(new RunDirectory(run).readConfig()).isEqualTo(c);
          runs++;
        }
      }
    }
    assertThat(runs).isEqualTo(28);
  }

  @Test
  void perBatchNegativesResumeExactly() throws Exception {
    Dataset ds = TinyData.chain(40, 30, 5, 10);
    Map<String, String> objective = Map.of("train.loss", "sampled-softmax", "train.negatives", "4",
        "train.sampler", "pop");
    Map<String, String> two = new HashMap<>(objective);
    two.put("train.epochs", "2");
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    RunConfig twoEpochs = RunConfig.resolve(Preset.PAPER, Backbone.BERT4REC, "plain", tmp.resolve("data"),
        withBase(two));
    new Trainer(twoEpochs, ds, new RunDirectory(straight), NO_VALIDATION).withoutTest()
        .run(false, "t");
    new Trainer(config(tmp.resolve("data"), Backbone.BERT4REC, "plain", objective), ds, new RunDirectory(resumed),
        NO_VALIDATION).withoutTest().run(false, "t");
    new Trainer(twoEpochs, ds, new RunDirectory(resumed), NO_VALIDATION).withoutTest()
        .run(true, "t");
    assertThat(LlmEsrTrainingTest.column(resumed, "loss")).containsExactly(LlmEsrTrainingTest.column(straight, "loss"));
  }

  private static Map<String, String> withBase(Map<String, String> objective) {
    Map<String, String> o = new HashMap<>(Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.seed", "5", "train.lr", "0.005", "model.dropout", "0.1",
        "train.eval_batch_size", "32"));
    o.putAll(objective);
    return o;
  }

  @Test
  void moreNegativesThanTheDatasetHasFailBeforeAnythingIsWritten() {
    Dataset ds = TinyData.chain(20, 12, 5, 8);
    Path run = tmp.resolve("too-many");
    RunConfig c = config(tmp.resolve("data"), Backbone.SASREC, "plain",
        Map.of("train.loss", "gbce", "train.negatives", "40"));
    assertThatThrownBy(() -> new Trainer(c, ds, new RunDirectory(run), NO_VALIDATION).run(false, "t"))
        .hasMessageContaining("'train.negatives' = 40 exceeds the 11 other items");
    assertThat(Files.exists(run)).isFalse();
  }
}
