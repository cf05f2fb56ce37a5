package io.llmesr.cli;

import io.llmesr.eval.EvalGroup;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.GroupMetrics;
import io.llmesr.run.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmesr compare RUN_OR_REPORT...}: the head/tail tables of several evaluations side by side (e.g. a plain
 * backbone and LLM-ESR on the same dataset). Each argument is a run directory (its {@code test-report.json}, written
 * by {@code train}) or an evaluation report JSON file. The last column is the relative change of the last report
 * against the first.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Print the head/tail metrics of several runs or evaluation reports side by side.")
final class CompareCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "2..*", paramLabel = "RUN_OR_REPORT", description = "run directories or report JSON files")
  List<Path> inputs;

  @Option(names = "--cutoff", defaultValue = "10", paramLabel = "K",
      description = "Cut-off K of HR@K and NDCG@K (default: ${DEFAULT-VALUE}).")
  int cutoff;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<String> labels = new ArrayList<>();
    List<EvalReport> reports = new ArrayList<>();
    for (Path p : inputs) {
      Path file = Files.isDirectory(p) ? new RunDirectory(p).testReport() : p;
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + " not found" + (Files.isDirectory(p)
            ? " (the run has no test report: train without --no-test, or pass an evaluate report)" : ""));
      }
      EvalReport r = EvalReport.readJson(file);
      if (!r.ks().contains(cutoff)) {
        throw new IllegalArgumentException(file + " has no metrics at --cutoff " + cutoff + " (has " + r.ks() + ")");
      }
      labels.add(Files.isDirectory(p) ? p.toAbsolutePath().normalize().getFileName().toString()
          : file.getFileName().toString());
      reports.add(r);
    }
    out.print(table(labels, reports, cutoff));
    out.flush();
    return 0;
  }

  /** The side-by-side table; warns when the reports differ in protocol, split or dataset. */
  static String table(List<String> labels, List<EvalReport> reports, int k) {
    StringBuilder sb = new StringBuilder();
    EvalReport first = reports.get(0);
    sb.append(String.format(Locale.ROOT, "%s / %s on %s, HR@%d and NDCG@%d%n", first.protocol().label(),
        first.split().label(), first.datasetName(), k, k));
    for (int i = 1; i < reports.size(); i++) {
      EvalReport r = reports.get(i);
      if (r.protocol() != first.protocol() || r.split() != first.split()
          || !r.datasetFingerprint().equals(first.datasetFingerprint())) {
        sb.append("warning: ").append(labels.get(i)).append(" was evaluated differently (")
            .append(r.protocol().label()).append(" / ").append(r.split().label()).append(" on ")
            .append(r.datasetName()).append("): not comparable\n");
      }
    }
    sb.append(String.format(Locale.ROOT, "%-10s %6s", "group", "n"));
    for (String l : labels) sb.append(String.format(Locale.ROOT, "  %" + (2 * 8 + 1) + "s", fit(l, 2 * 8 + 1)));
    if (reports.size() > 1) sb.append(String.format(Locale.ROOT, "  %15s", "change"));
    sb.append('\n');
    sb.append(String.format(Locale.ROOT, "%-10s %6s", "", ""));
    for (int i = 0; i < labels.size(); i++) sb.append(String.format(Locale.ROOT, "  %8s %8s", "HR", "NDCG"));
    if (reports.size() > 1) sb.append(String.format(Locale.ROOT, "  %7s %7s", "HR", "NDCG"));
    sb.append('\n');
    for (EvalGroup g : EvalGroup.values()) {
      sb.append(String.format(Locale.ROOT, "%-10s %6d", g.key(), first.group(g).n()));
      for (EvalReport r : reports) {
        GroupMetrics m = r.group(g);
        sb.append("  ").append(num(m.n() == 0 ? Double.NaN : m.hr(k))).append(' ')
            .append(num(m.n() == 0 ? Double.NaN : m.ndcg(k)));
      }
      if (reports.size() > 1) {
        GroupMetrics a = first.group(g);
        GroupMetrics b = reports.get(reports.size() - 1).group(g);
        sb.append("  ").append(change(a.n() == 0 ? Double.NaN : a.hr(k), b.n() == 0 ? Double.NaN : b.hr(k)))
            .append(' ').append(change(a.n() == 0 ? Double.NaN : a.ndcg(k), b.n() == 0 ? Double.NaN : b.ndcg(k)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String fit(String s, int w) {
    return s.length() <= w ? s : "…" + s.substring(s.length() - w + 1);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? String.format(Locale.ROOT, "%8s", "-") : String.format(Locale.ROOT, "%8.4f", v);
  }

  /** Relative change b/a − 1 in percent. */
  private static String change(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || a == 0) return String.format(Locale.ROOT, "%7s", "-");
    return String.format(Locale.ROOT, "%+6.1f%%", 100 * (b / a - 1));
  }
}
