package io.llmesr.cli;

import io.llmesr.embed.EmbedProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long step: a bar with rate and ETA on a terminal (me.tongfei progressbar), or a plain log
 * line with rate and ETA every {@code interval} otherwise (pipes, CI, {@code --json}). Writes to stderr.
 */
final class CliProgress implements EmbedProgress {
  private final boolean bar;
  private final PrintStream err;
  private final String unit;
  private final long intervalNanos;
  private ProgressBar pb;
  private String phase;
  private long total;
  private long done;
  private long start;
  private long lastLog;

  CliProgress(boolean allowBar, String unit, Duration interval) {
    this.bar = allowBar && System.console() != null;
    this.err = System.err;
    this.unit = unit;
    this.intervalNanos = interval.toNanos();
  }

  /** A bar on a terminal unless {@code quiet}, log lines every 10 s otherwise. */
  static CliProgress of(boolean quiet, String unit) {
    return new CliProgress(!quiet, unit, Duration.ofSeconds(10));
  }

  @Override
  public void start(String phaseName, long totalUnits) {
    this.phase = phaseName;
    this.total = totalUnits;
    this.done = 0;
    this.start = System.nanoTime();
    this.lastLog = start;
    if (totalUnits == 0) return;
    if (bar) {
      pb = new ProgressBarBuilder().setTaskName(phaseName).setInitialMax(totalUnits).setUnit(" " + unit, 1)
          .showSpeed().setSpeedUnit(ChronoUnit.SECONDS).setStyle(ProgressBarStyle.ASCII).continuousUpdate()
          .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)).build();
    } else {
      err.printf(Locale.ROOT, "%s: %,d %s to do%n", phaseName, totalUnits, unit);
    }
  }

  @Override
  public void advance(long n) {
    done += n;
    if (pb != null) {
      pb.stepBy(n);
      return;
    }
    long now = System.nanoTime();
    if (now - lastLog >= intervalNanos && total > 0) {
      lastLog = now;
      err.println(line(now));
    }
  }

  String line(long now) {
    double secs = (now - start) / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
    // slow units (e.g. training runs) read better as time per unit than as 0.0 units/s
    String speed = rate >= 1 || done == 0 ? String.format(Locale.ROOT, "%.1f %s/s", rate, unit)
        : formatSeconds(Math.round(secs / done)) + " per " + singular(unit);
    return String.format(Locale.ROOT, "%s: %,d/%,d %s (%.1f%%), %s, ETA %s", phase, done, total, unit,
        100.0 * done / total, speed, eta < 0 ? "?" : formatSeconds(eta));
  }

  private static String singular(String unit) {
    return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
  }

  static String formatSeconds(long s) {
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  @Override
  public void finish() {
    if (pb != null) {
      pb.close();
      pb = null;
    } else if (total > 0) {
      err.println(line(System.nanoTime()).replaceFirst(", ETA .*$", ", done"));
    }
  }
}
