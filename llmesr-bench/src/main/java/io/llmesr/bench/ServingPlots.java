package io.llmesr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The two PNG plots of the serving benchmark: latency percentiles against offered rate, and server RSS over the soak. */
final class ServingPlots {
  private ServingPlots() { }

  /**
   * p50/p95/p99/max of {@code 200} answers (log scale) against the offered rate (log scale): lines through the
   * fixed-rate runs, the rate search's runs as p99 markers, and the SLO as a dashed line.
   */
  static void latencyVsRate(List<JsonNode> fixed, List<JsonNode> search, double sloMs, Path png) throws IOException {
    headless();
    XYChart chart = new XYChartBuilder().width(900).height(560).title("POST /v1/recommend latency vs offered rate (open loop)")
        .xAxisTitle("offered rate (requests/s, log)").yAxisTitle("latency of 200 answers (ms, log)").build();
    style(chart);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLogarithmic(true);
    double[] range = {Double.MAX_VALUE, 0};
    for (String p : List.of("p50", "p95", "p99", "max")) {
      XYSeries s = addSeries(chart, "fixed " + p, fixed, p, range);
      if (s != null) s.setMarker(SeriesMarkers.CIRCLE);
    }
    XYSeries s = addSeries(chart, "rate search p99", search, "p99", range);
    if (s != null) {
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.DIAMOND);
      s.setMarkerColor(Color.BLACK);
    }
    if (range[1] > 0) {
      s = chart.addSeries("SLO p99 " + ServingReport.fmt(sloMs) + " ms", List.of(range[0], range[1]), List.of(sloMs, sloMs));
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(Color.RED);
      s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    } else {
      chart.setTitle(chart.getTitle() + " — no 200 answers");
      chart.getStyler().setXAxisLogarithmic(false);
      chart.getStyler().setYAxisLogarithmic(false);
      chart.addSeries("none", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** A series of {@code latency_ms.key} against {@code rate} over the runs that have it, sorted by rate; null if none has. */
  private static XYSeries addSeries(XYChart chart, String name, List<JsonNode> runs, String key, double[] range) {
    List<JsonNode> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(r -> r.path("rate").asDouble()));
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (JsonNode r : sorted) {
      JsonNode v = r.path("latency_ms").path(key);
      double rate = r.path("rate").asDouble();
      if (!v.isNumber() || !(v.asDouble() > 0) || !(rate > 0)) continue;
      xs.add(rate);
      ys.add(v.asDouble());
      range[0] = Math.min(range[0], rate);
      range[1] = Math.max(range[1], rate);
    }
    return xs.isEmpty() ? null : chart.addSeries(name, xs, ys);
  }

  /** Server RSS (MiB) against seconds since the sampler started, for the measured part of the soak. */
  static void rssOverTime(List<double[]> rows, Path png) throws IOException {
    headless();
    XYChart chart = new XYChartBuilder().width(900).height(460).title("llmesr serve RSS during the soak")
        .xAxisTitle("time since the soak run started (s)").yAxisTitle("VmRSS (MiB)").build();
    style(chart);
    chart.getStyler().setYAxisMin(0.0);
    if (rows.isEmpty()) {
      chart.setTitle(chart.getTitle() + " — no samples");
      chart.addSeries("none", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
    } else {
      double[] t = rows.stream().mapToDouble(r -> r[0]).toArray();
      double[] mib = rows.stream().mapToDouble(r -> r[1] / 1024.0).toArray();
      chart.addSeries("RSS", t, mib).setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void style(XYChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(6);
  }

  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }
}
