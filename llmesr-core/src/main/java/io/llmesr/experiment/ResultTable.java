package io.llmesr.experiment;

import io.llmesr.eval.EvalGroup;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.SeedSummary;
import io.llmesr.eval.SignedRankTest;
import io.llmesr.eval.UserRanks;
import io.llmesr.experiment.StudyPlan.PlannedRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One results table of a study, the layout of the paper's main table: for one dataset, backbone and protocol, a row
 * per variant (method entry and sweep point) and a column per group × metric (overall, tail item, head item, tail
 * user, head user × HR@10, NDCG@10); each cell is the mean ± sample standard deviation over the variant's seeds
 * ({@link SeedSummary}). In each column the best mean is bold and the second underlined, and the best is compared
 * with the second by a {@link SignedRankTest} over the column's users: each user's metric is first averaged over the
 * variant's seeds (seeds pooled per user), then the two variants' per-user values are paired. A dagger marks the
 * best cell when p < {@link #ALPHA}.
 */
final class ResultTable {
  /** The metrics of every table (the paper's). */
  static final List<String> METRICS = List.of("HR@10", "NDCG@10");
  /** The significance level of the dagger. */
  static final double ALPHA = 0.05;

  /** A column: a group and a metric. */
  record Column(EvalGroup group, String metric) {
    String title() {
      return group.key().replace('_', ' ') + " " + metric;
    }
  }

  /**
   * The test of one column.
   *
   * @param best     the best variant
   * @param second   the runner-up
   * @param meanDiff mean over users of (best − second), seeds pooled per user
   * @param users    users in the column's group
   * @param test     the test, or {@code null} when it could not be made ({@code note} says why)
   * @param note     why there is no test, or {@code null}
   */
  record Comparison(Column column, String best, String second, double meanDiff, int users, SignedRankTest test,
                    String note) {
    boolean significant() {
      return test != null && test.p() < ALPHA;
    }
  }

  private final EvalProtocol protocol;
  private final Map<String, List<PlannedRun>> variants;
  private final StudyResults results;
  private final SeedSummary summary = new SeedSummary();
  private final Map<String, Integer> seedsWithReport = new LinkedHashMap<>();
  private EvalReport first;

  /** A table of the given variants (label → its runs, one per seed) under {@code protocol}. */
  ResultTable(EvalProtocol protocol, Map<String, List<PlannedRun>> variants, StudyResults results) {
    this.protocol = protocol;
    this.variants = variants;
    this.results = results;
    for (Map.Entry<String, List<PlannedRun>> v : variants.entrySet()) {
      int n = 0;
      for (PlannedRun run : v.getValue()) {
        EvalReport r = results.report(run, protocol);
        if (r == null) continue;
        if (first == null) first = r;
        summary.add(v.getKey(), r);
        n++;
      }
      seedsWithReport.put(v.getKey(), n);
    }
  }

  /** Whether any run of the table has been evaluated. */
  boolean hasData() {
    return first != null;
  }

  /** The columns in report order: groups outer, metrics inner. */
  static List<Column> columns() {
    List<Column> cols = new ArrayList<>();
    for (EvalGroup g : EvalGroup.values()) for (String m : METRICS) cols.add(new Column(g, m));
    return cols;
  }

  /** The variants with a mean in {@code c}, best first (ties keep the table's order). */
  List<String> ranking(Column c) {
    List<String> labels = new ArrayList<>();
    for (String v : variants.keySet()) {
      if (seedsWithReport.get(v) > 0 && !Double.isNaN(summary.mean(v, c.group(), c.metric()))) labels.add(v);
    }
    labels.sort(Comparator.comparingDouble((String v) -> summary.mean(v, c.group(), c.metric())).reversed());
    return labels;
  }

  /** The best-against-second comparison of every column that has two variants. */
  List<Comparison> comparisons() throws IOException {
    List<Comparison> out = new ArrayList<>();
    for (Column c : columns()) {
      List<String> ranked = ranking(c);
      if (ranked.size() >= 2) out.add(compare(c, ranked.get(0), ranked.get(1)));
    }
    return out;
  }

  private Comparison compare(Column c, String best, String second) throws IOException {
    UserRanks reference = null;
    for (PlannedRun run : variants.get(best)) {
      reference = results.ranks(run, protocol);
      if (reference != null) break;
    }
    if (reference == null) return new Comparison(c, best, second, Double.NaN, 0, null, "per-user ranks missing");
    double[] a = pooled(best, c, reference);
    double[] b = pooled(second, c, reference);
    if (a == null || b == null) {
      return new Comparison(c, best, second, Double.NaN, 0, null, "per-user ranks missing or on other users");
    }
    double diff = 0;
    for (int i = 0; i < a.length; i++) diff += a[i] - b[i];
    return new Comparison(c, best, second, a.length == 0 ? Double.NaN : diff / a.length, a.length,
        SignedRankTest.of(a, b), null);
  }

  /**
   * The variant's per-user metric in the column's group, averaged over its seeds; {@code null} if a seed lacks its
   * ranks or ranks other users (or groups them otherwise) than {@code reference}.
   */
  private double[] pooled(String variant, Column c, UserRanks reference) throws IOException {
    double[] sum = null;
    int seeds = 0;
    for (PlannedRun run : variants.get(variant)) {
      if (results.report(run, protocol) == null) continue;
      UserRanks r = results.ranks(run, protocol);
      if (r == null || !Arrays.equals(r.userIndex(), reference.userIndex())
          || !Arrays.equals(r.tailUser(), reference.tailUser()) || !Arrays.equals(r.tailItem(), reference.tailItem())) {
        return null;
      }
      double[] x = r.perUser(c.group(), c.metric());
      if (sum == null) sum = new double[x.length];
      for (int i = 0; i < x.length; i++) sum[i] += x[i];
      seeds++;
    }
    if (sum == null) return null;
    for (int i = 0; i < sum.length; i++) sum[i] /= seeds;
    return sum;
  }

  /** The table in Markdown: a line on the protocol and groups, then the rows. */
  String toMarkdown(Map<Column, Comparison> tests) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Test split, %s (%s), ties %s; thresholds %s.%n%n", protocol.label(),
        first.candidatesDescription(), EvalReport.TIE_RULE, first.thresholds()));
    sb.append("| method | seeds |");
    for (Column c : columns()) sb.append(' ').append(c.title()).append(" |");
    sb.append("\n| --- | --- |");
    for (int i = 0; i < columns().size(); i++) sb.append(" --- |");
    sb.append("\n| *users (n)* | |");
    for (Column c : columns()) sb.append(' ').append(first.group(c.group()).n()).append(" |");
    sb.append('\n');
    Map<Column, List<String>> ranked = new LinkedHashMap<>();
    for (Column c : columns()) ranked.put(c, ranking(c));
    for (Map.Entry<String, List<PlannedRun>> v : variants.entrySet()) {
      String label = v.getKey();
      int n = seedsWithReport.get(label);
      sb.append("| ").append(label).append(" | ").append(n).append('/').append(v.getValue().size()).append(" |");
      for (Column c : columns()) {
        sb.append(' ').append(n == 0 ? "not run" : cell(label, c, ranked.get(c), tests.get(c))).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private String cell(String label, Column c, List<String> ranked, Comparison test) {
    double mean = summary.mean(label, c.group(), c.metric());
    if (Double.isNaN(mean)) return "–";
    String v = summary.seeds(label) < 2 ? String.format(Locale.ROOT, "%.4f", mean)
        : String.format(Locale.ROOT, "%.4f ± %.4f", mean, summary.std(label, c.group(), c.metric()));
    int place = ranked.indexOf(label);
    if (place == 0) return "**" + v + "**" + (test != null && test.significant() ? " †" : "");
    if (place == 1) return "<u>" + v + "</u>";
    return v;
  }

  /** The summary (for plots). */
  SeedSummary summary() {
    return summary;
  }
}
