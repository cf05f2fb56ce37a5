package io.llmesr.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.experiment.ProcStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Samples another process's resident set size ({@code VmRSS} in {@code /proc/PID/status}, Linux only) at a fixed
 * period on its own thread and writes each sample as a CSV row {@code t_s,rss_kb,phase}: seconds since the sampler
 * started, kilobytes, and {@code warmup} or {@code measure} (as told by the caller for the sample's time). Keeps the
 * first, last, lowest and highest measured sample for the summary.
 */
final class RssSampler implements AutoCloseable {
  private final Path status;
  private final PrintWriter csv;
  private final ScheduledExecutorService timer;
  private final long t0 = System.nanoTime();
  private final LongPredicate measuring;
  private long first = -1;
  private long last = -1;
  private long min = Long.MAX_VALUE;
  private long max = -1;
  private int samples;
  private int failures;

  /** Starts sampling {@code pid} every {@code everySeconds} into {@code csvFile}; {@code measuring} tells the phase. */
  RssSampler(long pid, double everySeconds, Path csvFile, LongPredicate measuring) throws IOException {
    this.status = ProcStatus.of(pid);
    if (!Files.isReadable(status)) throw new IOException("cannot read " + status + " (no such process, or not Linux)");
    if (csvFile.getParent() != null) Files.createDirectories(csvFile.getParent());
    this.csv = new PrintWriter(Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8));
    this.measuring = measuring;
    csv.println("t_s,rss_kb,phase");
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rss-sampler");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, Math.round(everySeconds * 1e9));
    timer.scheduleAtFixedRate(this::sample, 0, period, TimeUnit.NANOSECONDS);
  }

  private synchronized void sample() {
    long now = System.nanoTime();
    long kb = ProcStatus.kb(status, "VmRSS");
    if (kb < 0) {
      failures++;
      return;
    }
    boolean measured = measuring.test(now);
    csv.printf(Locale.ROOT, "%.3f,%d,%s%n", (now - t0) / 1e9, kb, measured ? "measure" : "warmup");
    csv.flush();
    if (!measured) return;
    samples++;
    if (first < 0) first = kb;
    last = kb;
    min = Math.min(min, kb);
    max = Math.max(max, kb);
  }


  /** Adds {@code rss} (samples, first/last/min/max kB of the measured phase, growth last - first) to {@code out}. */
  synchronized void writeTo(ObjectNode out, String csvName) {
    ObjectNode r = out.putObject("rss");
    r.put("csv", csvName);
    r.put("samples", samples);
    r.put("failed_samples", failures);
    if (samples == 0) return;
    r.put("first_kb", first);
    r.put("last_kb", last);
    r.put("min_kb", min);
    r.put("max_kb", max);
    r.put("growth_kb", last - first);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();   // one last sample at the end of the run
    synchronized (this) {
      csv.close();
    }
  }
}
