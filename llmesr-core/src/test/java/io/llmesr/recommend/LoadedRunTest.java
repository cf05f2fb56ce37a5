package io.llmesr.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.model.Backbone;
import io.llmesr.prepare.Dataset;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import io.llmesr.train.TinyData;
import io.llmesr.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run directory loaded for scoring gives exactly the trainer's test report; broken runs are reported. */
class LoadedRunTest {
  @TempDir
  Path tmp;

  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @Test
  void loadedRunReproducesTheTrainersTestReport() throws Exception {
    Dataset ds = TinyData.chain(60, 130, 5, 12);
    RunConfig cfg = RunConfig.resolve(Preset.PAPER, Backbone.BERT4REC, "plain", tmp.resolve("data"),
        Map.of("model.hidden_size", "16", "model.max_len", "12", "train.batch_size", "16", "train.epochs", "2"));
    Path runDir = tmp.resolve("run");
    EvalReport trained = new Trainer(cfg, ds, new RunDirectory(runDir), null).run(false, "test").test();
    try (LoadedRun run = LoadedRun.open(runDir)) {
      assertThat(run.spec().numItems()).isEqualTo(130);
      EvalSpec spec = EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST).withMaxLen(12)
          .withThresholds(GroupThresholds.parse("pareto")).withCandidatesDir(tmp.resolve("data").resolve("eval"));
      EvalReport loaded = new Evaluator().evaluate(ds, run.scorer(7), spec);
      assertThat(loaded.toJsonTree().path("groups")).isEqualTo(trained.toJsonTree().path("groups"));
      ModelScorer.TopK top = run.scorer(4).topK(ds.evalInput(0, true), 3, ds.evalInput(0, true));
      assertThat(top.items()).hasSize(3).doesNotContain(ds.evalInput(0, true));
    }
    Files.delete(runDir.resolve("checkpoints/best/params.bin"));
    assertThatThrownBy(() -> LoadedRun.open(runDir)).hasMessageContaining("params.bin");
    assertThatThrownBy(() -> LoadedRun.open(tmp.resolve("none"))).hasMessageContaining("not a run directory");
  }
}
