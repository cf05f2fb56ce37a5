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
          new Trainer(c, ds, new RunDirectory(run), LlmEsrTrainingTest.validator(ds)).withoutTest().run(false, "t");
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
  void moreNegativesThanTheDatasetHasFailBeforeAnythingIsWritten() {
    Dataset ds = TinyData.chain(20, 12, 5, 8);
    Path run = tmp.resolve("too-many");
    RunConfig c = config(tmp.resolve("data"), Backbone.SASREC, "plain",
        Map.of("train.loss", "gbce", "train.negatives", "40"));
    assertThatThrownBy(() -> new Trainer(c, ds, new RunDirectory(run), LlmEsrTrainingTest.validator(ds)).run(false, "t"))
        .hasMessageContaining("'train.negatives' = 40 exceeds the 11 other items");
    assertThat(Files.exists(run)).isFalse();
  }
}
