package io.llmesr.prepare;

import io.llmesr.data.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The long-tail curve of a dataset as a PNG: items ranked by popularity (distinct users, most popular
 * first) on the x axis, popularity on a logarithmic y axis, and a vertical line at the head/tail cut
 * (the last rank whose popularity is {@code >=} the item threshold). Items of popularity 0 cannot be
 * drawn on a log axis and are left out (their count is in the title).
 */
public final class LongTailPlot {
  private LongTailPlot() { }

  /** Writes the plot of {@code d} with item threshold {@code t.itemThreshold()} to {@code png} (atomically). */
  public static void write(Dataset d, LongTailThresholds t, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int[] pop = d.itemPopularity();
    int[] sorted = Arrays.copyOfRange(pop, 1, pop.length);
    Arrays.sort(sorted);
    int n = sorted.length;
    int positive = 0;
    for (int v : sorted) if (v > 0) positive++;
    double[] x = new double[positive];
    double[] y = new double[positive];
    int head = 0;
    for (int r = 0; r < positive; r++) {
      int v = sorted[n - 1 - r];
      x[r] = r + 1;
      y[r] = v;
      if (v >= t.itemThreshold()) head = r + 1;
    }
    XYChart chart = new XYChartBuilder().width(900).height(560)
        .title(d.name() + ": item popularity (" + String.format("%,d", n) + " items"
            + (n > positive ? ", " + (n - positive) + " with popularity 0 not shown" : "") + ")")
        .xAxisTitle("item rank by popularity").yAxisTitle("popularity (distinct users, log scale)").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    chart.getStyler().setXAxisMin(0.0);
    if (positive > 0) {
      XYSeries curve = chart.addSeries("popularity", x, y);
      curve.setMarker(SeriesMarkers.NONE);
      curve.setLineColor(new Color(31, 119, 180));
      double top = y[0];
      double bottom = Math.max(1, y[positive - 1]);
      XYSeries cut = chart.addSeries(String.format("head/tail cut: %,d head items (popularity >= %d), %,d tail",
          head, t.itemThreshold(), n - head), new double[] {head, head}, new double[] {bottom, top});
      cut.setMarker(SeriesMarkers.NONE);
      cut.setLineColor(new Color(214, 39, 40));
      cut.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
    AtomicFiles.write(png, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
  }
}
