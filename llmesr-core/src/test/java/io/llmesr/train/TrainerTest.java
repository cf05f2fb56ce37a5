package io.llmesr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.model.Backbone;
import io.llmesr.prepare.Dataset;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end training on a tiny fixture: loss decreases for every backbone; resume equals an uninterrupted run. */
class TrainerTest {
  @org.junit.jupiter.api.BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir
  Path tmp;

  static RunConfig config(Path dataDir, Backbone backbone, Preset preset, int epochs, long seed) {
    return RunConfig.resolve(preset, backbone, "plain", dataDir, Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.epochs", Integer.toString(epochs), "train.seed", Long.toString(seed),
        "train.lr", "0.005", "model.dropout", "0.1", "train.eval_batch_size", "32"));
  }

  static Validator inMemoryValidator(Dataset ds, int maxLen) {
    Evaluator ev = new Evaluator();
    EvalSpec spec = EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.VALID).withMaxLen(maxLen).withSeed(7);
    return scorer -> {
      EvalReport r = ev.evaluate(ds, scorer, spec);
      return new Validator.Result(r.overall().hr(10), r.overall().ndcg(10), 0);
    };
  }

  @Test
  void fullRankingValidationIsWhatTheConfigAsksFor() throws Exception {
    Dataset ds = TinyData.chain(96, 150, 6, 14);
    Map<String, String> full = new java.util.HashMap<>(config(tmp.resolve("data"), Backbone.SASREC, Preset.FAST, 2, 42)
        .toMap());
    full.put("eval.valid_protocol", "full");
    RunConfig cfg = RunConfig.fromMap(full);
    new Trainer(cfg, ds, new RunDirectory(tmp.resolve("configured")), null).withoutTest().run(false, "t");
    Evaluator ev = new Evaluator();
    EvalSpec spec = EvalSpec.of(EvalProtocol.FULL, EvalSplit.VALID).withMaxLen(12).withBatchSize(32);
    new Trainer(cfg, ds, new RunDirectory(tmp.resolve("explicit")), scorer -> {
      EvalReport r = ev.evaluate(ds, scorer, spec);
      return new Validator.Result(r.overall().hr(10), r.overall().ndcg(10), 0);
    }).withoutTest().run(false, "t");
    new Trainer(config(tmp.resolve("data"), Backbone.SASREC, Preset.FAST, 2, 42), ds,
        new RunDirectory(tmp.resolve("sampled")), inMemoryValidator(ds, 12)).withoutTest().run(false, "t");
    List<String> configured = validColumns(tmp.resolve("configured"));
    assertThat(configured).hasSize(2).isEqualTo(validColumns(tmp.resolve("explicit")));
    assertThat(configured).isNotEqualTo(validColumns(tmp.resolve("sampled")));
  }

  private static List<String> validColumns(Path runDir) throws java.io.IOException {
    List<String> rows = Files.readAllLines(runDir.resolve(RunDirectory.METRICS));
    List<String> header = List.of(rows.get(0).split(","));
    int hr = header.indexOf("valid_hr10");
    int ndcg = header.indexOf("valid_ndcg10");
    return rows.stream().skip(1).map(r -> r.split(",")).map(c -> c[hr] + "," + c[ndcg]).toList();
  }

  @Test
  void everyBackboneLearnsTheChainQuickly() throws Exception {
    Dataset ds = TinyData.chain(96, 150, 6, 14);
    for (Backbone b : Backbone.values()) {
      for (Preset p : Preset.values()) {
        Path runDir = tmp.resolve(b.id() + "-" + p.id());
        RunConfig cfg = config(tmp.resolve("data"), b, p, 8, 42);
        Trainer.Result r = new Trainer(cfg, ds, new RunDirectory(runDir), inMemoryValidator(ds, 12)).withoutTest()
            .run(false, "test");
        List<String> rows = Files.readAllLines(runDir.resolve(RunDirectory.METRICS));
        double first = Double.parseDouble(rows.get(1).split(",")[1]);
        double last = Double.parseDouble(rows.get(rows.size() - 1).split(",")[1]);
        assertThat(rows).hasSize(9);
        // at least 10 % lower after 8 short epochs, and validation far above a random ranking (NDCG@10 ~ 0.05)
        assertThat(last).as(b + "/" + p + " loss " + first + " -> " + last).isLessThan(first * 0.9);
        assertThat(r.bestValidNdcg10()).as(b + "/" + p).isGreaterThan(0.15);
        assertThat(runDir.resolve(RunDirectory.CURVE)).exists();
        assertThat(runDir.resolve("checkpoints/best/params.bin")).exists();
      }
    }
  }

  @Test
  void resumeAfterTwoEpochsEqualsFourUninterrupted() throws Exception {
    Dataset ds = TinyData.chain(64, 130, 5, 12);
    for (Backbone b : Backbone.values()) {
      Path straight = tmp.resolve("straight-" + b.id());
      Path resumed = tmp.resolve("resumed-" + b.id());
      new Trainer(config(tmp.resolve("data"), b, Preset.PAPER, 4, 3), ds, new RunDirectory(straight),
          inMemoryValidator(ds, 12)).withoutTest().run(false, "test");
      new Trainer(config(tmp.resolve("data"), b, Preset.PAPER, 2, 3), ds, new RunDirectory(resumed),
          inMemoryValidator(ds, 12)).withoutTest().run(false, "test");
      new Trainer(config(tmp.resolve("data"), b, Preset.PAPER, 4, 3), ds, new RunDirectory(resumed),
          inMemoryValidator(ds, 12)).withoutTest().run(true, "test --resume");
      for (String f : new String[] {"params.bin", "adam_m.bin", "adam_v.bin"}) {
        assertThat(Files.readAllBytes(resumed.resolve("checkpoints/last/" + f)))
            .as(b + " " + f + " bitwise equal").isEqualTo(Files.readAllBytes(straight.resolve("checkpoints/last/" + f)));
      }
      assertThat(Files.readAllBytes(resumed.resolve("checkpoints/best/params.bin")))
          .isEqualTo(Files.readAllBytes(straight.resolve("checkpoints/best/params.bin")));
      List<String> a = Files.readAllLines(straight.resolve(RunDirectory.METRICS));
      List<String> c = Files.readAllLines(resumed.resolve(RunDirectory.METRICS));
      assertThat(c).hasSameSizeAs(a);
      for (int i = 0; i < a.size(); i++) {
        String[] fa = a.get(i).split(",");
        String[] fc = c.get(i).split(",");
        // all columns but the two timing columns
        for (int j = 0; j < fa.length; j++) {
          if (a.get(0).split(",")[j].endsWith("_seconds")) continue;
          assertThat(fc[j]).as(b + " metrics row " + i + " column " + j).isEqualTo(fa[j]);
        }
      }
    }
  }

  @Test
  void refusesAnotherConfigurationAndToResumeNothingAndDoesNotTrainAFinishedRunTwice() throws Exception {
    Dataset ds = TinyData.chain(20, 120, 5, 8);
    Path runDir = tmp.resolve("run");
    RunConfig cfg = config(tmp.resolve("data"), Backbone.GRU4REC, Preset.PAPER, 1, 1);
    assertThatThrownBy(() -> new Trainer(cfg, ds, new RunDirectory(runDir), inMemoryValidator(ds, 12)).run(true, "t"))
        .hasMessageContaining("nothing to resume");
    new Trainer(cfg, ds, new RunDirectory(runDir), inMemoryValidator(ds, 12)).withoutTest().run(false, "t");
    byte[] params = java.nio.file.Files.readAllBytes(runDir.resolve("checkpoints/last/params.bin"));
    // the same configuration again: the run is complete, nothing is trained
    Trainer.Result again = new Trainer(cfg, ds, new RunDirectory(runDir), inMemoryValidator(ds, 12)).withoutTest()
        .run(false, "t");
    assertThat(again.epochsDone()).isEqualTo(1);
    assertThat(again.epochTrainSeconds()).isEmpty();
    assertThat(runDir.resolve("checkpoints/last/params.bin")).hasBinaryContent(params);
    // another configuration in the same directory is refused, naming the key
    RunConfig other = config(tmp.resolve("data"), Backbone.GRU4REC, Preset.PAPER, 2, 1);
    assertThatThrownBy(() -> new Trainer(other, ds, new RunDirectory(runDir), inMemoryValidator(ds, 12)).run(false, "t"))
        .hasMessageContaining("already holds a run with another configuration").hasMessageContaining("train.");
  }
}
