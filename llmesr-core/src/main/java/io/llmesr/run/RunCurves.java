package io.llmesr.run;

import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Per-epoch columns of several runs' {@code metrics.csv}, side by side: to compare how runs learn (e.g. the
 * {@code paper} preset against {@code fast}) per epoch or per second of training. The x axis is the epoch or the
 * cumulative training time {@code Σ train_seconds} (validation excluded), the y axis any numeric column
 * ({@code valid_ndcg10}, {@code valid_hr10}, {@code loss}, ...).
 */
public final class RunCurves {
  /** X axis of {@link #plot}. */
  public enum XAxis { EPOCH, TRAIN_SECONDS }

  private final Map<String, Map<String, double[]>> byLabel = new LinkedHashMap<>();

  /** Reads {@code runDir/metrics.csv} under {@code label}; a malformed row is an error naming file, line and field. */
  public RunCurves add(String label, Path runDir) throws IOException {
    Path file = runDir.resolve(RunDirectory.METRICS);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) throw new IOException(file + ": empty, expected a header line");
    String[] header = lines.get(0).split(",");
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      String[] f = lines.get(i).split(",");
      if (f.length != header.length) {
        throw new IOException(file + ":" + (i + 1) + ": " + f.length + " fields, header has " + header.length);
      }
      double[] row = new double[header.length];
      for (int c = 0; c < header.length; c++) {
        String v = f[c];
        if (v.equals("true") || v.equals("false")) {
          row[c] = v.equals("true") ? 1 : 0;
          continue;
        }
        try {
          row[c] = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + (i + 1) + ": field '" + header[c] + "' is not a number: '" + v + "'");
        }
      }
      rows.add(row);
    }
    Map<String, double[]> columns = new LinkedHashMap<>();
    for (int c = 0; c < header.length; c++) {
      double[] col = new double[rows.size()];
      for (int r = 0; r < rows.size(); r++) col[r] = rows.get(r)[c];
      columns.put(header[c], col);
    }
    byLabel.put(label, columns);
    return this;
  }

  /** A column of one run; {@code train_seconds_total} is the cumulative training time. */
  public double[] column(String label, String name) {
    Map<String, double[]> cols = byLabel.get(label);
    if (cols == null) throw new IllegalArgumentException("no run labelled '" + label + "'");
    if (name.equals("train_seconds_total")) {
      double[] t = column(label, "train_seconds");
      double[] cum = new double[t.length];
      for (int i = 0; i < t.length; i++) cum[i] = (i == 0 ? 0 : cum[i - 1]) + t[i];
      return cum;
    }
    double[] c = cols.get(name);
    if (c == null) {
      throw new IllegalArgumentException("run '" + label + "' has no column '" + name + "' (have " + cols.keySet() + ")");
    }
    return c;
  }

  /**
   * A Markdown table: per run, the epochs, mean training seconds per epoch, and the best value of {@code metric}
   * with its epoch, plus the value at {@code atEpoch} if given (&gt; 0; "–" for runs that stopped earlier).
   */
  public String toMarkdown(String metric, int atEpoch) {
    StringBuilder sb = new StringBuilder("| run | epochs | train s / epoch | best " + metric + " (epoch) |");
    if (atEpoch > 0) sb.append(' ').append(metric).append(" at epoch ").append(atEpoch).append(" |");
    sb.append("\n| --- | --- | --- | --- |").append(atEpoch > 0 ? " --- |" : "").append('\n');
    for (String label : byLabel.keySet()) {
      double[] epochs = column(label, "epoch");
      double[] y = column(label, metric);
      double[] t = column(label, "train_seconds");
      int best = 0;
      for (int i = 1; i < y.length; i++) if (y[i] > y[best]) best = i;
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.4f (%d) |", label, y.length,
          Arrays.stream(t).average().orElse(Double.NaN), y.length == 0 ? Double.NaN : y[best],
          y.length == 0 ? 0 : (int) epochs[best]));
      if (atEpoch > 0) {
        int i = indexOf(epochs, atEpoch);
        sb.append(i < 0 ? " – |" : String.format(Locale.ROOT, " %.4f |", y[i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** One line per run of {@code metric} against {@code x}, written atomically as PNG. */
  public void plot(Path png, String metric, XAxis x, String title) throws IOException {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    String xName = x == XAxis.EPOCH ? "epoch" : "training time (s, validation excluded)";
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle(xName).yAxisTitle(metric)
        .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setMarkerSize(4);
    for (String label : byLabel.keySet()) {
      double[] xs = column(label, x == XAxis.EPOCH ? "epoch" : "train_seconds_total");
      if (xs.length == 0) continue;
      chart.addSeries(label, xs, column(label, metric));
    }
    AtomicFiles.writeBytes(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }

  private static int indexOf(double[] epochs, int epoch) {
    for (int i = 0; i < epochs.length; i++) if ((int) epochs[i] == epoch) return i;
    return -1;
  }
}
