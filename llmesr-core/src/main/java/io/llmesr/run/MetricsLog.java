package io.llmesr.run;

import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv}: one row per finished epoch. Columns:
 * {@code epoch,loss,<loss parts...>,valid_hr10,valid_ndcg10,train_seconds,valid_seconds,steps,improved}.
 * The whole file is rewritten atomically after each epoch (it is small), and on resume rows after the checkpoint's
 * epoch are dropped, so the file always matches the checkpoint.
 */
public final class MetricsLog {
  /** One epoch's row. */
  public record Row(int epoch, double loss, List<String> partNames, List<Double> parts, double validHr10,
                    double validNdcg10, double trainSeconds, double validSeconds, int steps, boolean improved) { }

  private final Path file;
  private final List<String> lines = new ArrayList<>();
  private String header;

  /** Opens {@code file}, keeping existing rows with epoch ≤ {@code keepUpTo} (0 keeps none). */
  public MetricsLog(Path file, int keepUpTo) throws IOException {
    this.file = file;
    if (keepUpTo > 0 && Files.isRegularFile(file)) {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!all.isEmpty()) {
        header = all.get(0);
        for (int i = 1; i < all.size(); i++) {
          String line = all.get(i);
          if (line.isBlank()) continue;
          int epoch;
          try {
            epoch = Integer.parseInt(line.substring(0, line.indexOf(',')));
          } catch (RuntimeException e) {
            throw new IOException(file + ":" + (i + 1) + ": field 'epoch' is not an integer: " + line);
          }
          if (epoch <= keepUpTo) lines.add(line);
        }
      }
    }
  }

  /** Appends a row and rewrites the file. */
  public void append(Row r) throws IOException {
    String h = "epoch,loss," + String.join(",", r.partNames().stream().map(n -> "loss_" + n).toList())
        + (r.partNames().isEmpty() ? "" : ",") + "valid_hr10,valid_ndcg10,train_seconds,valid_seconds,steps,improved";
    if (header == null) header = h;
    StringBuilder sb = new StringBuilder();
    sb.append(r.epoch()).append(',').append(fmt(r.loss()));
    for (double p : r.parts()) sb.append(',').append(fmt(p));
    sb.append(',').append(fmt(r.validHr10())).append(',').append(fmt(r.validNdcg10()))
        .append(',').append(String.format(Locale.ROOT, "%.2f", r.trainSeconds()))
        .append(',').append(String.format(Locale.ROOT, "%.2f", r.validSeconds()))
        .append(',').append(r.steps()).append(',').append(r.improved());
    lines.add(sb.toString());
    StringBuilder all = new StringBuilder(header).append('\n');
    for (String l : lines) all.append(l).append('\n');
    AtomicFiles.writeString(file, all.toString());
  }

  /** Rows read back: epoch, loss, valid NDCG@10 (for the curve). */
  public List<double[]> curve() {
    List<double[]> out = new ArrayList<>();
    String[] cols = header == null ? new String[0] : header.split(",");
    int ndcg = java.util.Arrays.asList(cols).indexOf("valid_ndcg10");
    int hr = java.util.Arrays.asList(cols).indexOf("valid_hr10");
    for (String l : lines) {
      String[] f = l.split(",");
      out.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[hr]),
          Double.parseDouble(f[ndcg])});
    }
    return out;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }
}
