package io.llmesr.cli;

import io.llmesr.recommend.BundleExporter;
import io.llmesr.recommend.BundleManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmesr export RUN --out BUNDLE}: a trained run → a self-contained model bundle (docs/serving.md). */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export a trained run as a self-contained, checksummed model bundle for `recommend` and `serve`.",
        "The bundle needs neither the run nor the dataset directory. An existing bundle at --out is replaced."})
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin Mixins.RunDir run;

  @Mixin Mixins.OutDir outDir;

  @Mixin Mixins.Checkpoint checkpoint;

  @Override
  public Integer call() throws Exception {
    Path out = outDir.path;
    long t0 = System.nanoTime();
    BundleManifest m = BundleExporter.export(run.path, checkpoint.name, out);
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
