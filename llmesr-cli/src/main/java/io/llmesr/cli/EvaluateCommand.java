package io.llmesr.cli;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.eval.ThresholdRule;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.recommend.LoadedRun;
import io.llmesr.recommend.ModelScorer;
import io.llmesr.run.RunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmesr evaluate RUN_DIR --protocol sampled100|full [--split test|valid] [--json]}: evaluates a trained run's
 * best checkpoint with the eval module (docs/evaluation.md), grouped by head/tail users and items.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluate a trained run (best checkpoint) on its dataset: sampled100 (paper) or full ranking,",
        "overall and per head/tail user/item group. Prints a table, or one JSON object with --json."})
final class EvaluateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory written by 'llmesr train'")
  Path runDir;

  @Option(names = "--protocol", defaultValue = "sampled100",
      description = {"sampled100 (target + 100 frozen uniform negatives, paper), full (all items), or pop100",
          "(100 frozen popularity-sampled negatives) (default: ${DEFAULT-VALUE})"})
  String protocol;

  @Option(names = "--split", defaultValue = "test", description = "test or valid (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--thresholds", description = "head/tail rule (default: the run's eval.thresholds)")
  String thresholds;

  @Option(names = "--checkpoint", defaultValue = "best", description = "best or last (default: ${DEFAULT-VALUE})")
  String checkpoint;

  @Option(names = "--ks", split = ",", defaultValue = "5,10,20", description = "cut-offs K (default: ${DEFAULT-VALUE})")
  List<Integer> ks;

  @Option(names = "--batch-size", description = "users per scoring call (default: the run's train.eval_batch_size)")
  Integer batchSize;

  @Option(names = "--json", description = "print the report as one JSON object")
  boolean json;

  @Option(names = "--out", paramLabel = "FILE", description = "also write the JSON report to FILE")
  Path out;

  @Override
  public Integer call() throws Exception {
    try (LoadedRun run = LoadedRun.open(runDir, checkpoint)) {
      RunConfig c = run.config();
      Dataset ds = DatasetIO.read(c.datasetDir());
      if (ds.numItems() != run.spec().numItems()) {
        throw new IllegalArgumentException(c.datasetDir() + " has " + ds.numItems() + " items but the run was trained on "
            + run.spec().numItems());
      }
      ThresholdRule rule = GroupThresholds.parse(thresholds != null ? thresholds : c.eval().thresholds());
      int b = batchSize != null ? batchSize : c.training().evalBatchSize();
      EvalProtocol p = EvalProtocol.parse(protocol);
      // sampled: hand large batches to the scorer (it cuts them into length-sorted chunks of b); full: b rows of
      // N scores at a time
      int evalBatch = p.isSampled() ? Math.max(b, ModelScorer.SAMPLED_EVAL_BATCH) : b;
      EvalSpec spec = new EvalSpec(p, EvalSplit.parse(split), ks.stream().sorted().toList(), rule, c.model().maxLen(),
          evalBatch, c.eval().seed(), c.datasetDir().resolve("eval"));
      EvalReport report = new Evaluator().evaluate(ds, run.scorer(b), spec);
      if (json) {
        System.out.println(report.toJson());
      } else {
        System.out.println("run: " + runDir + " (" + run.checkpoint() + ")");
        System.out.print(report.toTable());
      }
      if (out != null) report.writeJson(out);
    }
    return 0;
  }
}
