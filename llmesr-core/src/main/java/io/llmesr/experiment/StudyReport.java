package io.llmesr.experiment;

import io.llmesr.data.io.AtomicFiles;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.experiment.ResultTable.Column;
import io.llmesr.experiment.ResultTable.Comparison;
import io.llmesr.experiment.StudyPlan.PlannedRun;
import io.llmesr.model.Backbone;
import io.llmesr.run.RunCurves;
import io.llmesr.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code OUT/report.md} of a study (docs/experiments.md): the setup, one {@link ResultTable} per dataset × backbone ×
 * protocol with its significance tests and a bar chart, the sweep curves ({@link SweepCurves}), a table of each run's
 * time and peak memory ({@link RunResources}, per-epoch training time from {@code metrics.csv}), and the commands that
 * reproduce the report. Runs without results are listed as such; the report can be written at any point.
 */
public final class StudyReport {
  /** The report's file name inside the output directory. */
  public static final String FILE = "report.md";

  private StudyReport() { }

  /**
   * Writes {@code plan.out()/report.md} and its PNGs.
   *
   * @param command the command line that runs the study, as printed under "Reproduce"
   * @return the report file
   */
  public static Path write(StudyPlan plan, String command) throws IOException {
    StudyResults results = StudyResults.read(plan);
    Study s = plan.study();
    StringBuilder md = new StringBuilder();
    md.append("# Study ").append(s.name()).append("\n\n");
    md.append("Written by `llmesr experiment` from the study file `").append(s.file()).append("`: ")
        .append(plan.runs().size()).append(" runs (datasets × backbones × methods × sweep points × seeds).\n\n");
    setup(md, s);
    md.append("## Results\n\n");
    md.append("Each cell is the mean ± sample standard deviation over seeds of the test metric of the group's users "
        + "(a single seed: its value). In each column the best mean is **bold** and the second <u>underlined</u>. "
        + "Significance: the best is compared with the second in each column by a two-sided Wilcoxon signed-rank "
        + "test over the group's users (normal approximation, zero differences dropped, average ranks for ties), "
        + "on each user's metric averaged over the variant's seeds (seeds pooled per user, then paired by user); "
        + "† marks p < 0.05.\n\n");
    for (Study.DatasetRef ds : s.datasets()) {
      for (Backbone b : s.backbones()) {
        for (EvalProtocol p : s.protocols()) table(md, plan, results, ds, b, p);
      }
    }
    List<SweepCurves.Curve> curves = SweepCurves.draw(plan, results, plan.out());
    if (!curves.isEmpty()) {
      md.append("## Sweeps\n\n");
      for (SweepCurves.Curve c : curves) {
        md.append("### ").append(c.title()).append("\n\n![").append(c.title()).append("](")
            .append(c.png().getFileName()).append(")\n\n");
      }
    }
    resources(md, plan);
    reproduce(md, plan, command);
    Path file = plan.out().resolve(FILE);
    AtomicFiles.writeString(file, md.toString());
    return file;
  }

  private static void setup(StringBuilder md, Study s) {
    md.append("## Setup\n\n");
    md.append("| field | value |\n| --- | --- |\n");
    List<String> ds = new ArrayList<>();
    for (Study.DatasetRef d : s.datasets()) ds.add("`" + d.text() + "`");
    md.append("| datasets | ").append(String.join(", ", ds)).append(" |\n");
    md.append("| backbones | ").append(String.join(", ", s.backbones().stream().map(Backbone::id).toList()))
        .append(" |\n");
    List<String> ms = new ArrayList<>();
    for (Study.MethodEntry m : s.methods()) {
      ms.add(m.label() + (m.label().equals(m.method()) ? "" : " (`" + m.method() + "`)")
          + (m.set().isEmpty() ? "" : " " + overrides(m.set())));
    }
    md.append("| methods | ").append(String.join("; ", ms)).append(" |\n");
    md.append("| seeds | ").append(String.join(", ", s.seeds().stream().map(String::valueOf).toList())).append(" |\n");
    md.append("| preset | ").append(s.preset().id()).append(" |\n");
    md.append("| epochs | at most ").append(s.epochs()).append(" (early stopping as configured) |\n");
    md.append("| protocols | ").append(String.join(", ", s.protocols().stream().map(EvalProtocol::label).toList()))
        .append(" (test split, best validation checkpoint) |\n");
    md.append("| overrides | ").append(s.set().isEmpty() ? "none" : overrides(s.set())).append(" |\n\n");
  }

  private static String overrides(Map<String, List<String>> set) {
    List<String> parts = new ArrayList<>();
    set.forEach((k, v) -> parts.add("`" + k + "` = " + (v.size() == 1 ? "`" + v.get(0) + "`"
        : "{" + String.join(", ", v.stream().map(x -> "`" + x + "`").toList()) + "} (sweep)")));
    return String.join(", ", parts);
  }

  private static void table(StringBuilder md, StudyPlan plan, StudyResults results, Study.DatasetRef ds, Backbone b,
                            EvalProtocol p) throws IOException {
    Map<String, List<PlannedRun>> variants = new LinkedHashMap<>();
    for (PlannedRun run : plan.runs()) {
      if (run.dataset().equals(ds) && run.backbone() == b) {
        variants.computeIfAbsent(run.variant(), k -> new ArrayList<>()).add(run);
      }
    }
    md.append("### ").append(ds.name()).append(" / ").append(b.id()).append(" / ").append(p.label()).append("\n\n");
    ResultTable t = new ResultTable(p, variants, results);
    if (!t.hasData()) {
      md.append("No run has been evaluated yet.\n\n");
      return;
    }
    Map<Column, Comparison> tests = new LinkedHashMap<>();
    for (Comparison c : t.comparisons()) tests.put(c.column(), c);
    md.append(t.toMarkdown(tests)).append('\n');
    if (!tests.isEmpty()) {
      md.append("| column | best | second | mean Δ (best − second) | users | non-zero Δ | z | p |\n")
          .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
      for (Comparison c : tests.values()) {
        md.append("| ").append(c.column().title()).append(" | ").append(c.best()).append(" | ").append(c.second())
            .append(" | ");
        if (c.test() == null) {
          md.append("– | – | – | – | ").append(c.note()).append(" |\n");
        } else {
          md.append(String.format(Locale.ROOT, "%+.4f | %d | %d | %.2f | %s |%n", c.meanDiff(), c.users(),
              c.test().n(), c.test().z(), pValue(c.test().p())));
        }
      }
      md.append('\n');
    }
    String png = SweepCurves.safe("groups-" + ds.name() + "-" + b.id() + "-" + p.label()) + ".png";
    t.summary().plot(plan.out().resolve(png), "NDCG@10");
    md.append("![NDCG@10 by group](").append(png).append(")\n\n");
  }

  private static String pValue(double p) {
    return p < 1e-4 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", p);
  }

  private static void resources(StringBuilder md, StudyPlan plan) throws IOException {
    md.append("## Runs: time and memory\n\n");
    md.append("Training: wall time summed over the `train` invocations of the run (an invocation killed with the "
        + "experiment is not counted), peak resident memory the largest of them (Linux `VmHWM` of the child JVM, "
        + "sampled every 200 ms), s/epoch the mean training time per epoch from `metrics.csv` (validation "
        + "excluded). Evaluation: wall time summed over the protocols, peak memory the largest.\n\n");
    md.append("| run | status | epochs | s/epoch | train wall | train peak RSS | train invocations | eval wall |"
        + " eval peak RSS |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (PlannedRun run : plan.runs()) {
      RunResources r = RunResources.read(run.dir());
      List<RunResources.Usage> attempts = r.trainingAttempts();
      double wall = 0;
      long rss = -1;
      for (RunResources.Usage u : attempts) {
        wall += u.wallSeconds();
        rss = Math.max(rss, u.peakRssKb());
      }
      double evalWall = 0;
      long evalRss = -1;
      int evaluated = 0;
      for (EvalProtocol p : plan.study().protocols()) {
        RunResources.Usage u = r.evaluation(p);
        if (u == null) continue;
        evalWall += u.wallSeconds();
        evalRss = Math.max(evalRss, u.peakRssKb());
        if (u.exitCode() == 0 && Files.isRegularFile(run.report(p))) evaluated++;
      }
      String epochs = "–";
      String perEpoch = "–";
      if (Files.isRegularFile(run.dir().resolve(RunDirectory.METRICS))) {
        double[] t = new RunCurves().add("run", run.dir()).column("run", "train_seconds");
        epochs = Integer.toString(t.length);
        double sum = 0;
        for (double x : t) sum += x;
        if (t.length > 0) perEpoch = String.format(Locale.ROOT, "%.2f", sum / t.length);
      }
      String status = r.trained(run.trainArgs(plan.study()))
          ? evaluated == plan.study().protocols().size() ? "done" : "trained, " + evaluated + "/"
          + plan.study().protocols().size() + " evaluated"
          : attempts.isEmpty() ? "not run" : "unfinished (exit " + attempts.get(attempts.size() - 1).exitCode() + ")";
      md.append("| ").append(run.dataset().name()).append('/').append(run.name()).append(" | ").append(status)
          .append(" | ").append(epochs).append(" | ").append(perEpoch).append(" | ")
          .append(attempts.isEmpty() ? "–" : seconds(wall)).append(" | ").append(memory(rss)).append(" | ")
          .append(attempts.size()).append(" | ").append(evaluated == 0 && evalWall == 0 ? "–" : seconds(evalWall))
          .append(" | ").append(memory(evalRss)).append(" |\n");
    }
    md.append('\n');
  }

  private static String seconds(double s) {
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, Math.round(s) % 60)
        : String.format(Locale.ROOT, "%.1fs", s);
  }

  private static String memory(long kb) {
    return kb < 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
  }

  private static void reproduce(StringBuilder md, StudyPlan plan, String command) {
    md.append("## Reproduce\n\nFrom the directory the study was run in (it skips finished runs and resumes "
        + "interrupted ones):\n\n```bash\n").append(command).append("\n```\n\n");
    md.append("The same, run by run (what the command above runs, one child process each):\n\n```bash\n");
    for (PlannedRun run : plan.runs()) {
      md.append("./llmesr ").append(shell(run.trainArgs(plan.study()))).append('\n');
      for (EvalProtocol p : plan.study().protocols()) md.append("./llmesr ").append(shell(run.evaluateArgs(p))).append('\n');
    }
    md.append("```\n");
  }

  /** The arguments as one shell command line (single-quoted where needed). */
  public static String shell(List<String> args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      out.add(a.matches("[A-Za-z0-9_./=:,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return String.join(" ", out);
  }
}
