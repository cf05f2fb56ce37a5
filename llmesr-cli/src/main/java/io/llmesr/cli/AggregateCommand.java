package io.llmesr.cli;

import io.llmesr.eval.EvalGroup;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.SeedSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmesr aggregate}: mean ± std over seeds of evaluation reports (the JSON that {@code evaluate --json}
 * and {@code baseline --json} print), as a Markdown table and optionally a bar chart with error bars.
 */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
    description = "Mean ± std over seeds of evaluation reports, as Markdown (+ PNG).")
final class AggregateCommand implements Callable<Integer> {
  @Option(names = "--report", required = true, paramLabel = "LABEL=REPORT.json",
      description = "One seed's report under a model label; repeat for each seed and each model.")
  List<String> reports = new ArrayList<>();

  @Option(names = "--metrics", split = ",", defaultValue = "HR@10,NDCG@10",
      description = {"Metrics per group (default: ${DEFAULT-VALUE}): HR@K, NDCG@K, MRR, and for full-ranking reports",
          "the top-K list metrics AvgPop@K, TailShare@K, Coverage@K."})
  List<String> metrics;

  @Mixin Mixins.MarkdownFile markdownFile;

  @Option(names = "--plot", paramLabel = "PNG",
      description = "Write a PNG chart here: bars of the first metric per group and label, ± std.")
  Path plot;

  @Option(names = "--sweep-plot", paramLabel = "PNG", description = {"Write a sensitivity curve here: the labels are",
      "values of one parameter (x axis), one line per --sweep-groups group of the first metric."})
  Path sweepPlot;

  @Option(names = "--sweep-param", defaultValue = "parameter", description = "x-axis title of --sweep-plot")
  String sweepParam;

  @Option(names = "--sweep-groups", split = ",", defaultValue = "overall,tail_item,tail_user",
      description = "groups drawn by --sweep-plot (default: ${DEFAULT-VALUE})")
  List<String> sweepGroups;

  @Option(names = "--sweep-log", description = "logarithmic x axis for --sweep-plot")
  boolean sweepLog;

  @Override
  public Integer call() throws Exception {
    SeedSummary summary = new SeedSummary();
    for (String spec : reports) {
      LabeledPath r = LabeledPath.parse(spec, "--report", "LABEL=REPORT.json");
      summary.add(r.label(), EvalReport.readJson(r.path()));
    }
    String table = summary.toMarkdown(metrics);
    System.out.print(table);
    if (markdownFile.path != null) summary.writeMarkdown(markdownFile.path, metrics);
    if (plot != null) summary.plot(plot, metrics.get(0));
    if (sweepPlot != null) {
      summary.plotSweep(sweepPlot, metrics.get(0), sweepGroups.stream().map(EvalGroup::ofKey).toList(), sweepParam,
          sweepLog);
    }
    return 0;
  }
}
