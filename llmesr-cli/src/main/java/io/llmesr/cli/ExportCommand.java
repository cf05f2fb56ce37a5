package io.llmesr.cli;

import io.llmesr.recommend.BundleExporter;
import io.llmesr.recommend.BundleManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmesr export RUN --out BUNDLE}: a trained run → a self-contained model bundle (docs/serving.md). */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export a trained run as a self-contained, checksummed model bundle for `recommend` and `serve`.",
        "The bundle needs neither the run nor the dataset directory."})
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory written by 'llmesr train'")
  Path run;

  @Option(names = "--out", required = true, paramLabel = "BUNDLE_DIR", description = "the bundle directory to create (or replace, if it is a bundle)")
  Path out;

  @Option(names = "--checkpoint", defaultValue = "best", paramLabel = "best|last",
      description = "which checkpoint to export (default: ${DEFAULT-VALUE})")
  String checkpoint;

  @Override
  public Integer call() throws Exception {
    if (!checkpoint.equals("best") && !checkpoint.equals("last")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint must be best or last, got '" + checkpoint + "'");
    }
    long t0 = System.nanoTime();
    BundleManifest m = BundleExporter.export(run, checkpoint, out);
    PrintWriter o = spec.commandLine().getOut();
    long bytes = m.files().values().stream().mapToLong(BundleManifest.FileEntry::bytes).sum();
    o.printf(Locale.ROOT, "exported %s (%s / %s, %,d items, %d files, %.1f MB) in %.1f s; new items: %s%n", out,
        m.backbone(), m.method(), m.items(), m.files().size(), bytes / 1e6, (System.nanoTime() - t0) / 1e9,
        "none".equals(m.coldStart()) ? "not supported (no LLM item table)" : m.coldStart() + " rule");
    o.println("next: llmesr recommend " + out + " --history ID,ID --k 10   or   llmesr serve " + out);
    o.flush();
    return 0;
  }
}
