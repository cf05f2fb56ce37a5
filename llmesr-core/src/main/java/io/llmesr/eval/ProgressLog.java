package io.llmesr.eval;

import java.util.Locale;
import org.slf4j.Logger;

/**
 * Plain progress lines with rate and ETA for long loops (the brief's rule for non-TTY output). A line is
 * logged at most every {@code intervalNanos}; short runs log nothing but the final summary at DEBUG.
 */
final class ProgressLog {
  private final Logger log;
  private final String what;
  private final String unit;
  private final long total;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private long lastLog = start;
  private boolean logged;

  ProgressLog(Logger log, String what, String unit, long total, long intervalMillis) {
    this.log = log;
    this.what = what;
    this.unit = unit;
    this.total = total;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  /** Reports that {@code done} of {@code total} units are finished. */
  void update(long done) {
    long now = System.nanoTime();
    if (now - lastLog < intervalNanos || done >= total) return;
    lastLog = now;
    logged = true;
    double secs = (now - start) / 1e9;
    double rate = done / Math.max(secs, 1e-9);
    double eta = rate > 0 ? (total - done) / rate : Double.NaN;
    log.info(String.format(Locale.ROOT, "%s: %d/%d %s (%.1f%%), %.0f %s/s, ETA %s", what, done, total, unit,
        100.0 * done / Math.max(total, 1), rate, unit, formatSeconds(eta)));
  }

  /** Logs the summary line (INFO if progress lines were shown, DEBUG otherwise); returns elapsed seconds. */
  double finish() {
    double secs = (System.nanoTime() - start) / 1e9;
    String msg = String.format(Locale.ROOT, "%s: %d %s in %s (%.0f %s/s)", what, total, unit,
        formatSeconds(secs), total / Math.max(secs, 1e-9), unit);
    if (logged) log.info(msg); else log.debug(msg);
    return secs;
  }

  static String formatSeconds(double s) {
    if (Double.isNaN(s) || Double.isInfinite(s)) return "?";
    if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
    long t = Math.round(s);
    if (t < 3600) return String.format(Locale.ROOT, "%d min %02d s", t / 60, t % 60);
    return String.format(Locale.ROOT, "%d h %02d min", t / 3600, (t % 3600) / 60);
  }
}
