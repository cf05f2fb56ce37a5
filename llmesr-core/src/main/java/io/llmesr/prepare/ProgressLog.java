package io.llmesr.prepare;

import java.util.Locale;
import org.slf4j.Logger;

/**
 * Plain progress lines for long reads ("read 1,200,000 interactions (310,000/s)"), at most one every
 * {@code intervalMillis}; cheap enough to call per record (the clock is read every 4096 calls).
 */
final class ProgressLog {
  private final Logger log;
  private final String what;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private long last = start;
  private long count;

  ProgressLog(Logger log, String what, long intervalMillis) {
    this.log = log;
    this.what = what;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  void tick() {
    count++;
    if ((count & 4095) == 0) {
      long now = System.nanoTime();
      if (now - last >= intervalNanos) {
        last = now;
        log.info(line(now));
      }
    }
  }

  long count() {
    return count;
  }

  /** Logs the final line (always). */
  void done() {
    log.info(line(System.nanoTime()) + " done");
  }

  private String line(long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    return String.format(Locale.ROOT, "read %,d %s in %.1f s (%,.0f/s)", count, what, secs, count / secs);
  }
}
