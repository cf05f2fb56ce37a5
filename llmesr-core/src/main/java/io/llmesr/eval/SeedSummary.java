package io.llmesr.eval;

import io.llmesr.data.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Mean ± standard deviation over seeds of several models' evaluation reports, group by group: the form in
 * which results are reported ({@code docs/results/}). Each label (a model variant, e.g. {@code
 * sasrec-llmesr}) holds one report per seed; all reports of a summary must share protocol and split.
 *
 * <p>Standard deviation is the sample one, {@code sqrt(sum (x - mean)^2 / (n - 1))}, and 0 for one seed.
 */
public final class SeedSummary {
  private final Map<String, List<EvalReport>> byLabel = new LinkedHashMap<>();

  /** Adds one seed's report under {@code label}; checks protocol and split agree with the others. */
  public SeedSummary add(String label, EvalReport report) {
    if (!byLabel.isEmpty()) {
      EvalReport first = byLabel.values().iterator().next().get(0);
      if (first.protocol() != report.protocol() || first.split() != report.split()) {
        throw new IllegalArgumentException("report for '" + label + "' is " + report.protocol().label() + "/"
            + report.split().label() + ", others are " + first.protocol().label() + "/" + first.split().label());
      }
    }
    byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(report);
    return this;
  }

  /** The labels in insertion order. */
  public List<String> labels() {
    return List.copyOf(byLabel.keySet());
  }

  /** Mean of {@code metric} in {@code group} over the label's seeds (NaN seeds, i.e. empty groups, skipped). */
  public double mean(String label, EvalGroup group, String metric) {
    double[] xs = values(label, group, metric);
    if (xs.length == 0) return Double.NaN;
    double s = 0;
    for (double x : xs) s += x;
    return s / xs.length;
  }

  /** Sample standard deviation of {@code metric} in {@code group} over the label's seeds. */
  public double std(String label, EvalGroup group, String metric) {
    double[] xs = values(label, group, metric);
    if (xs.length < 2) return xs.length == 0 ? Double.NaN : 0.0;
    double m = mean(label, group, metric);
    double ss = 0;
    for (double x : xs) ss += (x - m) * (x - m);
    return Math.sqrt(ss / (xs.length - 1));
  }

  /** Number of seeds under {@code label}. */
  public int seeds(String label) {
    return reports(label).size();
  }

  private List<EvalReport> reports(String label) {
    List<EvalReport> r = byLabel.get(label);
    if (r == null) throw new IllegalArgumentException("no reports for '" + label + "'");
    return r;
  }

  private double[] values(String label, EvalGroup group, String metric) {
    return reports(label).stream().mapToDouble(r -> r.metric(group, metric)).filter(v -> !Double.isNaN(v))
        .toArray();
  }

  /**
   * A Markdown table: one row per label, one column per group × metric, cells {@code mean ± std} (just the value for
   * a single seed); a header
   * line states protocol, split, tie rule, thresholds and group sizes (taken from the first report).
   */
  public String toMarkdown(List<String> metrics) {
    if (byLabel.isEmpty()) throw new IllegalStateException("no reports");
    EvalReport first = byLabel.values().iterator().next().get(0);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Protocol `%s`, split `%s`, ties %s, %s; thresholds %s.%n%n",
        first.protocol().label(), first.split().label(), EvalReport.TIE_RULE, first.candidatesDescription(),
        first.thresholds()));
    sb.append("| model | seeds |");
    for (EvalGroup g : EvalGroup.values()) {
      for (String m : metrics) sb.append(' ').append(g.key()).append(' ').append(m).append(" |");
    }
    sb.append('\n').append("| --- | --- |");
    for (int i = 0; i < EvalGroup.values().length * metrics.size(); i++) sb.append(" --- |");
    sb.append('\n').append("| *users (n)* | |");
    for (EvalGroup g : EvalGroup.values()) {
      for (int i = 0; i < metrics.size(); i++) sb.append(' ').append(first.group(g).n()).append(" |");
    }
    sb.append('\n');
    for (String label : byLabel.keySet()) {
      sb.append("| ").append(label).append(" | ").append(seeds(label)).append(" |");
      for (EvalGroup g : EvalGroup.values()) {
        for (String m : metrics) {
          double mean = mean(label, g, m);
          if (Double.isNaN(mean)) {
            sb.append(" – |");
          } else if (seeds(label) < 2) {   // one seed has no spread: print no "± 0"
            sb.append(String.format(Locale.ROOT, " %.4f |", mean));
          } else {
            sb.append(String.format(Locale.ROOT, " %.4f ± %.4f |", mean, std(label, g, m)));
          }
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Writes {@link #toMarkdown} to {@code file} atomically. */
  public void writeMarkdown(Path file, List<String> metrics) throws IOException {
    AtomicFiles.writeString(file, toMarkdown(metrics));
  }

  /** A bar chart of {@code metric} per group, one bar per label with ± std error bars, written atomically. */
  public void plot(Path png, String metric) throws IOException {
    if (byLabel.isEmpty()) throw new IllegalStateException("no reports");
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    EvalReport first = byLabel.values().iterator().next().get(0);
    List<String> categories = new ArrayList<>();
    for (EvalGroup g : EvalGroup.values()) categories.add(g.key() + " n=" + first.group(g).n());
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
        .title(metric + " by group, mean ± std over seeds — " + first.protocol().label() + " / "
            + first.split().label())
        .xAxisTitle("group (users)").yAxisTitle(metric).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("0.00");
    chart.getStyler().setErrorBarsColor(Color.BLACK);
    for (String label : byLabel.keySet()) {
      List<Double> ys = new ArrayList<>();
      List<Double> es = new ArrayList<>();
      for (EvalGroup g : EvalGroup.values()) {
        double m = mean(label, g, metric);
        ys.add(Double.isNaN(m) ? 0.0 : m);
        double s = std(label, g, metric);
        es.add(Double.isNaN(s) ? 0.0 : s);
      }
      chart.addSeries(label, categories, ys, es);
    }
    AtomicFiles.writeBytes(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }

  /**
   * A sensitivity curve (e.g. paper Figure 4): the labels are the values of one hyper-parameter ({@code 0.01},
   * {@code 0.1}, ...; each must parse as a number), the x axis is that value (log scale when {@code logX}), one line
   * per group of {@code metric}, mean ± std over seeds. Written atomically as PNG.
   */
  public void plotSweep(Path png, String metric, List<EvalGroup> groups, String parameter, boolean logX)
      throws IOException {
    if (byLabel.isEmpty()) throw new IllegalStateException("no reports");
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    List<String> labels = new ArrayList<>(byLabel.keySet());
    double[] x = new double[labels.size()];
    for (int i = 0; i < x.length; i++) {
      try {
        x[i] = Double.parseDouble(labels.get(i));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("a sweep needs numeric labels (the parameter's values), got '"
            + labels.get(i) + "'");
      }
    }
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    EvalReport first = byLabel.values().iterator().next().get(0);
    org.knowm.xchart.XYChart chart = new org.knowm.xchart.XYChartBuilder().width(900).height(500)
        .title(metric + " against " + parameter + " — " + first.protocol().label() + " / " + first.split().label())
        .xAxisTitle(parameter).yAxisTitle(metric).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setErrorBarsColor(Color.BLACK);
    for (EvalGroup g : groups) {
      double[] xs = new double[x.length];
      double[] ys = new double[x.length];
      double[] es = new double[x.length];
      for (int j = 0; j < order.length; j++) {
        String label = labels.get(order[j]);
        xs[j] = x[order[j]];
        double m = mean(label, g, metric);
        double sd = std(label, g, metric);
        ys[j] = Double.isNaN(m) ? 0.0 : m;
        es[j] = Double.isNaN(sd) ? 0.0 : sd;
      }
      chart.addSeries(g.key() + " (n=" + first.group(g).n() + ")", xs, ys, es);
    }
    AtomicFiles.writeBytes(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }
}
