package io.llmesr.run;

import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** {@code training-curve.png}: training loss (left axis) and validation HR@10 / NDCG@10 (right axis) per epoch. */
public final class TrainingCurve {
  private TrainingCurve() { }

  /**
   * @param rows per epoch {@code {epoch, loss, valid_hr10, valid_ndcg10}}
   */
  public static void write(Path png, List<double[]> rows, String title) throws IOException {
    if (rows.isEmpty()) return;
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("epoch").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(4);
    double[] x = new double[rows.size()];
    double[] loss = new double[rows.size()];
    double[] hr = new double[rows.size()];
    double[] ndcg = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = rows.get(i)[0];
      loss[i] = rows.get(i)[1];
      hr[i] = rows.get(i)[2];
      ndcg[i] = rows.get(i)[3];
    }
    XYSeries l = chart.addSeries("training loss", x, loss);
    l.setYAxisGroup(0);
    XYSeries h = chart.addSeries("valid HR@10", x, hr);
    h.setYAxisGroup(1);
    XYSeries n = chart.addSeries("valid NDCG@10", x, ndcg);
    n.setYAxisGroup(1);
    chart.setYAxisGroupTitle(0, "loss");
    chart.setYAxisGroupTitle(1, "validation metric");
    AtomicFiles.writeBytes(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }
}
