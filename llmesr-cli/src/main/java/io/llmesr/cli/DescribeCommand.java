package io.llmesr.cli;

import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetDescription;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.prepare.LongTailPlot;
import io.llmesr.prepare.LongTailThresholds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmesr describe DATASET_DIR}: the statistics table of a prepared dataset (see {@link DatasetDescription}). */
@Command(name = "describe", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Statistics of a prepared dataset: sizes, sparsity, length and popularity distributions,",
        "Gini, head/tail groups (20/80 rule and explicit thresholds)."})
final class DescribeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin Mixins.DatasetDir dataset;

  @Mixin Mixins.Json json;

  @Option(names = "--plot", paramLabel = "PNG",
      description = "Write a PNG chart here: the long-tail curve with the 20/80 cut.")
  Path plot;

  @Option(names = "--tail-user-below", paramLabel = "N",
      description = "Explicit threshold: tail user if test input length < N (paper's --ts_user).")
  Integer tailUserBelow;

  @Option(names = "--tail-item-below", paramLabel = "M",
      description = "Explicit threshold: tail item if popularity (distinct users) < M (paper's --ts_item).")
  Integer tailItemBelow;

  @Override
  public Integer call() throws IOException {
    if ((tailUserBelow == null) != (tailItemBelow == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give both --tail-user-below and --tail-item-below, or neither");
    }
    Path dir = dataset.path;
    Dataset d = DatasetIO.read(dir);
    LongTailThresholds explicit = tailUserBelow == null ? null
        : LongTailThresholds.explicit(tailUserBelow, tailItemBelow);
    DatasetDescription s = DatasetDescription.of(d, explicit, DatasetIO.readManifest(dir).prompts().emptyUserPrompt());
    PrintWriter o = spec.commandLine().getOut();
    if (json.on) o.println(s.toJson());
    else o.print(s.toTable());
    if (plot != null) {
      LongTailPlot.write(d, s.paretoGroups().thresholds(), plot);
      if (!json.on) o.println("long-tail plot: " + plot);
    }
    o.flush();
    return 0;
  }
}
