package io.llmesr.eval;

import io.llmesr.data.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Bar charts of evaluation reports (XChart, PNG): one panel per metric (default HR@10 and NDCG@10), the five
 * groups on the x axis with their user counts, one bar per named report, so several models can be compared
 * group by group. Used by the quickstart and the results tables.
 */
public final class ReportPlots {
  /** The metrics plotted by default. */
  public static final List<String> DEFAULT_METRICS = List.of("HR@10", "NDCG@10");

  private static final int PANEL_WIDTH = 720;
  private static final int PANEL_HEIGHT = 460;

  private ReportPlots() {}

  /** Plots reports named by their protocol and split (and position when these repeat). */
  public static void groupBars(Path png, EvalReport... reports) throws IOException {
    Map<String, EvalReport> named = new LinkedHashMap<>();
    for (int i = 0; i < reports.length; i++) {
      String name = reports[i].protocol().label() + "/" + reports[i].split().label();
      if (named.containsKey(name)) name = name + " #" + (i + 1);
      named.put(name, reports[i]);
    }
    groupBars(png, named);
  }

  /** Plots HR@10 and NDCG@10 per group for each named report, side by side, into {@code png}. */
  public static void groupBars(Path png, Map<String, EvalReport> reports) throws IOException {
    groupBars(png, reports, DEFAULT_METRICS);
  }

  /**
   * Plots the given metrics per group for each named report into {@code png} (written atomically), one panel
   * per metric. Empty groups are drawn as 0.
   */
  public static void groupBars(Path png, Map<String, EvalReport> reports, List<String> metrics) throws IOException {
    if (reports.isEmpty()) throw new IllegalArgumentException("no reports to plot");
    if (metrics.isEmpty()) throw new IllegalArgumentException("no metrics to plot");
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    EvalReport first = reports.values().iterator().next();
    List<String> categories = new ArrayList<>();
    for (EvalGroup g : EvalGroup.values()) categories.add(g.key() + " n=" + first.group(g).n());

    List<BufferedImage> panels = new ArrayList<>();
    for (String metric : metrics) {
      CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
          .title(metric + " by group — " + first.protocol().label() + " / " + first.split().label())
          .xAxisTitle("group (users)").yAxisTitle(metric).build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
      chart.getStyler().setXAxisLabelRotation(20);
      chart.getStyler().setYAxisDecimalPattern("0.00");
      chart.getStyler().setChartBackgroundColor(Color.WHITE);
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setLabelsVisible(false);
      for (Map.Entry<String, EvalReport> e : reports.entrySet()) {
        List<Double> ys = new ArrayList<>();
        for (EvalGroup g : EvalGroup.values()) {
          double v = e.getValue().group(g).metric(metric);
          ys.add(Double.isNaN(v) ? 0.0 : v);
        }
        chart.addSeries(e.getKey(), categories, ys);
      }
      panels.add(BitmapEncoder.getBufferedImage(chart));
    }

    BufferedImage out = new BufferedImage(PANEL_WIDTH * panels.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      for (int i = 0; i < panels.size(); i++) g.drawImage(panels.get(i), i * PANEL_WIDTH, 0, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(out, "png", bytes)) throw new IOException("no PNG writer available");
    AtomicFiles.writeBytes(png, bytes.toByteArray());
  }
}
