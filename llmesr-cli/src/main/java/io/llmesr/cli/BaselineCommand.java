package io.llmesr.cli;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.eval.PopularityScorer;
import io.llmesr.eval.RandomScorer;
import io.llmesr.eval.ReportPlots;
import io.llmesr.eval.Scorer;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code llmesr baseline DATASET_DIR}: evaluates a non-neural baseline (most popular by training
 * interactions, or seeded random scores) with the same protocols, metrics and head/tail groups as trained
 * models (docs/evaluation.md). Useful as a floor for any model and as an end-to-end check of a dataset.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
    description = {"Evaluate a baseline scorer (pop = most popular, random) on a prepared dataset.",
        "Prints the grouped metric table (or JSON with --json); sampled100 negatives are saved under "
            + "DATASET_DIR/eval and reused."})
final class BaselineCommand implements Callable<Integer> {
  @Mixin Mixins.DatasetDir datasetDir;

  @Option(names = "--scorer", defaultValue = "pop", converter = ScorerNameConverter.class,
      description = "pop (most popular in training) or random (default: ${DEFAULT-VALUE})")
  String scorer;

  @Mixin Mixins.Evaluation eval;

  @Option(names = "--max-len", defaultValue = "200", paramLabel = "L",
      description = "Maximum input length L: the last L items of a history are used (default: ${DEFAULT-VALUE}).")
  int maxLen;

  @Option(names = "--eval-seed", defaultValue = "42", paramLabel = "SEED",
      description = "Seed of the sampled100/pop100 negatives, like a run's eval.seed (default: ${DEFAULT-VALUE}).")
  long evalSeed;

  @Option(names = "--scorer-seed", defaultValue = "0",
      description = "seed of the random scorer (default: ${DEFAULT-VALUE})")
  long scorerSeed;

  @Option(names = "--candidates-dir", paramLabel = "DIR",
      description = "where sampled100 candidates are saved and reused (default: DATASET_DIR/eval)")
  Path candidatesDir;

  @Mixin Mixins.Json json;

  @Option(names = "--plot", paramLabel = "PNG",
      description = "Write a PNG chart here: HR@10 and NDCG@10 per head/tail group.")
  Path plot;

  @Override
  public Integer call() throws Exception {
    Dataset ds = DatasetIO.read(datasetDir.path);
    Scorer s = scorer.equals("pop") ? PopularityScorer.fromTraining(ds) : new RandomScorer(scorerSeed, ds.numItems());
    EvalSpec spec = new EvalSpec(eval.protocol != null ? eval.protocol : EvalProtocol.FULL, eval.split, eval.sortedKs(),
        eval.thresholds != null ? eval.thresholds : GroupThresholds.parse("pareto"),
        maxLen, eval.batchSize != null ? eval.batchSize : 256, evalSeed,
        candidatesDir != null ? candidatesDir : datasetDir.path.resolve("eval"));
    EvalReport report = new Evaluator().evaluate(ds, s, spec);
    if (json.on) {
      System.out.println(report.toJson());
    } else {
      System.out.println("scorer: " + (scorer.equals("pop") ? "most popular (training interactions)"
          : "random (seed " + scorerSeed + ")"));
      System.out.print(report.toTable());
    }
    if (eval.jsonFile != null) report.writeJson(eval.jsonFile);
    if (eval.ranks != null) report.userRanks().writeCsv(eval.ranks);
    if (plot != null) ReportPlots.groupBars(plot, Map.of(scorer, report));
    return 0;
  }

  static final class ScorerNameConverter implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      String t = v.trim().toLowerCase(Locale.ROOT);
      if (t.equals("pop") || t.equals("popularity")) return "pop";
      if (t.equals("random")) return "random";
      throw new TypeConversionException("unknown scorer '" + v + "' (expected pop or random)");
    }
  }
}
