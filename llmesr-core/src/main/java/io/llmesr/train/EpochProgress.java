package io.llmesr.train;

import java.util.Locale;
import org.slf4j.Logger;

/**
 * Progress lines during an epoch: batches done, rate, running loss and ETA, at most one line per interval (plain
 * log lines, suitable when output is not a TTY).
 */
final class EpochProgress {
  private final Logger log;
  private final String what;
  private final int total;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private long last = start;

  EpochProgress(Logger log, String what, int total, long intervalMillis) {
    this.log = log;
    this.what = what;
    this.total = total;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  void update(int done, double meanLoss) {
    long now = System.nanoTime();
    if (now - last < intervalNanos || done >= total) return;
    last = now;
    double secs = (now - start) / 1e9;
    double rate = done / Math.max(secs, 1e-9);
    double eta = (total - done) / Math.max(rate, 1e-9);
    log.info(String.format(Locale.ROOT, "%s: %d/%d batches (%.0f%%), %.2f batches/s, loss %.4f, ETA %s", what, done,
        total, 100.0 * done / total, rate, meanLoss, seconds(eta)));
  }

  double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }

  static String seconds(double s) {
    if (Double.isNaN(s) || Double.isInfinite(s)) return "?";
    if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
    long t = Math.round(s);
    if (t < 3600) return String.format(Locale.ROOT, "%d min %02d s", t / 60, t % 60);
    return String.format(Locale.ROOT, "%d h %02d min", t / 3600, (t % 3600) / 60);
  }
}
