package io.llmesr.cli;

import io.llmesr.run.RunCurves;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmesr curves --run LABEL=RUN_DIR ... [--metric valid_ndcg10] [--x epoch|time] [--at-epoch E] [--plot PNG]}:
 * several runs' per-epoch metrics side by side ({@link RunCurves}), e.g. the paper preset against the fast options.
 */
@Command(name = "curves", mixinStandardHelpOptions = true,
    description = {"Compare runs' per-epoch metrics (metrics.csv): a Markdown table of epochs, seconds per epoch and",
        "best value, and optionally a PNG of the metric against epoch or cumulative training time."})
final class CurvesCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, paramLabel = "LABEL=RUN_DIR", description = "a run directory; repeat")
  List<String> runs = new ArrayList<>();

  @Option(names = "--metric", defaultValue = "valid_ndcg10",
      description = "a metrics.csv column (default: ${DEFAULT-VALUE})")
  String metric;

  @Option(names = "--x", defaultValue = "epoch", description = "epoch or time (cumulative training seconds)")
  String x;

  @Option(names = "--at-epoch", defaultValue = "0", description = "also print the metric at this epoch")
  int atEpoch;

  @Option(names = "--plot", paramLabel = "PNG",
      description = "Write a PNG chart here: the metric of every run against --x.")
  Path plot;

  @Option(names = "--title", defaultValue = "", description = "title of the PNG")
  String title;

  @Override
  public Integer call() throws Exception {
    RunCurves curves = new RunCurves();
    for (String spec : runs) {
      LabeledPath r = LabeledPath.parse(spec, "--run", "LABEL=RUN_DIR");
      curves.add(r.label(), r.path());
    }
    RunCurves.XAxis axis = switch (x.toLowerCase(Locale.ROOT)) {
      case "epoch" -> RunCurves.XAxis.EPOCH;
      case "time" -> RunCurves.XAxis.TRAIN_SECONDS;
      default -> throw new IllegalArgumentException("--x must be epoch or time, got '" + x + "'");
    };
    System.out.print(curves.toMarkdown(metric, atEpoch));
    if (plot != null) curves.plot(plot, metric, axis, title.isEmpty() ? metric + " per " + x : title);
    return 0;
  }
}
