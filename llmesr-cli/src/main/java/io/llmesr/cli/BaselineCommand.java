package io.llmesr.cli;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.eval.PopularityScorer;
import io.llmesr.eval.RandomScorer;
import io.llmesr.eval.ReportPlots;
import io.llmesr.eval.Scorer;
import io.llmesr.eval.ThresholdRule;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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
  @Parameters(index = "0", paramLabel = "DATASET_DIR", description = "a dataset directory written by 'llmesr prepare'")
  Path datasetDir;

  @Option(names = "--scorer", defaultValue = "pop", converter = ScorerNameConverter.class,
      description = "pop (most popular in training) or random (default: ${DEFAULT-VALUE})")
  String scorer;

  @Option(names = "--protocol", defaultValue = "full", converter = ProtocolConverter.class,
      description = "full (all items minus history) or sampled100 (paper: target + 100 frozen negatives) "
          + "(default: ${DEFAULT-VALUE})")
  EvalProtocol protocol;

  @Option(names = "--split", defaultValue = "test", converter = SplitConverter.class,
      description = "valid or test (default: ${DEFAULT-VALUE})")
  EvalSplit split;

  @Option(names = "--thresholds", defaultValue = "pareto", converter = ThresholdsConverter.class,
      description = "head/tail thresholds: pareto, paper-yelp, paper-fashion, paper-beauty or USER/ITEM "
          + "(default: ${DEFAULT-VALUE})")
  ThresholdRule thresholds;

  @Option(names = "--ks", split = ",", defaultValue = "5,10,20", description = "cut-offs K (default: ${DEFAULT-VALUE})")
  List<Integer> ks;

  @Option(names = "--max-len", defaultValue = "200", description = "max input length L (default: ${DEFAULT-VALUE})")
  int maxLen;

  @Option(names = "--batch-size", defaultValue = "256", description = "users per scoring call (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the sampled100 negatives (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--scorer-seed", defaultValue = "0", description = "seed of the random scorer (default: ${DEFAULT-VALUE})")
  long scorerSeed;

  @Option(names = "--candidates-dir", paramLabel = "DIR",
      description = "where sampled100 candidates are saved and reused (default: DATASET_DIR/eval)")
  Path candidatesDir;

  @Option(names = "--json", description = "print the report as JSON instead of the table")
  boolean json;

  @Option(names = "--out", paramLabel = "FILE", description = "also write the JSON report to FILE")
  Path out;

  @Option(names = "--ranks", paramLabel = "FILE", description = "write per-user ranks (CSV) to FILE")
  Path ranks;

  @Option(names = "--plot", paramLabel = "PNG", description = "write a bar chart of HR@10/NDCG@10 per group")
  Path plot;

  @Override
  public Integer call() throws Exception {
    Dataset ds = DatasetIO.read(datasetDir);
    Scorer s = scorer.equals("pop") ? PopularityScorer.fromTraining(ds) : new RandomScorer(scorerSeed, ds.numItems());
    EvalSpec spec = new EvalSpec(protocol, split, ks.stream().sorted().toList(), thresholds, maxLen, batchSize, seed,
        candidatesDir != null ? candidatesDir : datasetDir.resolve("eval"));
    EvalReport report = new Evaluator().evaluate(ds, s, spec);
    if (json) {
      System.out.println(report.toJson());
    } else {
      System.out.println("scorer: " + (scorer.equals("pop") ? "most popular (training interactions)"
          : "random (seed " + scorerSeed + ")"));
      System.out.print(report.toTable());
    }
    if (out != null) report.writeJson(out);
    if (ranks != null) report.userRanks().writeCsv(ranks);
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

  static final class ProtocolConverter implements ITypeConverter<EvalProtocol> {
    @Override
    public EvalProtocol convert(String v) {
      try {
        return EvalProtocol.parse(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class SplitConverter implements ITypeConverter<EvalSplit> {
    @Override
    public EvalSplit convert(String v) {
      try {
        return EvalSplit.parse(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ThresholdsConverter implements ITypeConverter<ThresholdRule> {
    @Override
    public ThresholdRule convert(String v) {
      try {
        return GroupThresholds.parse(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
