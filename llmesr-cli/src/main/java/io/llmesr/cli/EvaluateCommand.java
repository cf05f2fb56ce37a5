package io.llmesr.cli;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.eval.ThresholdRule;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.recommend.LoadedRun;
import io.llmesr.recommend.ModelScorer;
import io.llmesr.run.RunConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code llmesr evaluate RUN_DIR --protocol sampled100|full [--split test|valid] [--json]}: evaluates a trained run's
 * best checkpoint with the eval module (docs/evaluation.md), grouped by head/tail users and items.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluate a trained run (best checkpoint) on its dataset: sampled100 (paper) or full ranking,",
        "overall and per head/tail user/item group. Prints a table, or one JSON object with --json;",
        "--ranks writes each user's rank for significance tests."})
final class EvaluateCommand implements Callable<Integer> {
  @Mixin Mixins.RunDir runDir;

  @Mixin Mixins.Evaluation eval;

  @Mixin Mixins.Checkpoint checkpoint;

  @Mixin Mixins.Json json;

  @Override
  public Integer call() throws Exception {
    try (LoadedRun run = LoadedRun.open(runDir.path, checkpoint.name)) {
      RunConfig c = run.config();
      Dataset ds = DatasetIO.read(c.datasetDir());
      if (ds.numItems() != run.spec().numItems()) {
        throw new IllegalArgumentException(c.datasetDir() + " has " + ds.numItems() + " items but the run was trained on "
            + run.spec().numItems());
      }
      ThresholdRule rule = eval.thresholds != null ? eval.thresholds : GroupThresholds.parse(c.eval().thresholds());
      int b = eval.batchSize != null ? eval.batchSize : c.training().evalBatchSize();
      EvalProtocol p = eval.protocol != null ? eval.protocol : EvalProtocol.SAMPLED100;
      // sampled: hand large batches to the scorer (it cuts them into length-sorted chunks of b); full: b rows of
      // N scores at a time
      int evalBatch = p.isSampled() ? Math.max(b, ModelScorer.SAMPLED_EVAL_BATCH) : b;
      EvalSpec spec = new EvalSpec(p, eval.split, eval.sortedKs(), rule, c.model().maxLen(),
          evalBatch, c.eval().seed(), c.datasetDir().resolve("eval"));
      EvalReport report = new Evaluator().evaluate(ds, run.scorer(b), spec);
      if (json.on) {
        System.out.println(report.toJson());
      } else {
        System.out.println("run: " + runDir.path + " (" + run.checkpoint() + ")");
        System.out.print(report.toTable());
      }
      if (eval.jsonFile != null) report.writeJson(eval.jsonFile);
      if (eval.ranks != null) report.userRanks().writeCsv(eval.ranks);
    }
    return 0;
  }
}
