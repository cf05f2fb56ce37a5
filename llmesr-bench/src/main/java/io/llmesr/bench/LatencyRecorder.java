package io.llmesr.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Thread-safe record of the outcomes of one load run's measured requests: latency histograms (HdrHistogram,
 * microseconds, 3 significant digits, up to one hour) and counts by status and by kind of error.
 *
 * <p>Two latencies are kept for each {@code 200} answer: from the request's <em>scheduled</em> send time (the one
 * reported as {@code latency_ms}; it includes any time the request waited because the sender or the server fell
 * behind, so it is free of coordinated omission) and from the moment it was actually handed to the HTTP client
 * ({@code latency_from_send_ms}, the figure a closed-loop tool would report; shown only for comparison).
 * Latencies of non-{@code 200} answers go into a third histogram ({@code latency_all_ms}, every answer).
 */
final class LatencyRecorder {
  private static final long MAX_MICROS = 3_600_000_000L;

  private final Histogram ok = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Histogram okFromSend = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Histogram all = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final AtomicLong connectErrors = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong ioErrors = new AtomicLong();
  private final LongAccumulator lastOkDone = new LongAccumulator(Math::max, Long.MIN_VALUE);

  /** An answer with {@code status}; times are {@link System#nanoTime()} values. */
  void answer(int status, long scheduledNanos, long sentNanos, long doneNanos) {
    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    all.recordValue(micros(doneNanos - scheduledNanos));
    if (status == 200) {
      ok.recordValue(micros(doneNanos - scheduledNanos));
      okFromSend.recordValue(micros(doneNanos - sentNanos));
      lastOkDone.accumulate(doneNanos);
    }
  }

  /** A request that got no answer: classified as connection error, timeout or other I/O error. */
  void failure(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) connectErrors.incrementAndGet();
    else if (e instanceof HttpTimeoutException) timeouts.incrementAndGet();
    else ioErrors.incrementAndGet();
  }

  long okCount() {
    return count(200);
  }

  long count(int status) {
    AtomicLong c = statuses.get(status);
    return c == null ? 0 : c.get();
  }

  long answers() {
    return statuses.values().stream().mapToLong(AtomicLong::get).sum();
  }

  long errors() {
    return connectErrors.get() + timeouts.get() + ioErrors.get();
  }

  /** {@link System#nanoTime()} of the last {@code 200} answer, or {@link Long#MIN_VALUE} if none. */
  long lastOkDoneNanos() {
    return lastOkDone.get();
  }

  /** p99 of {@code 200} answers from the scheduled time, in ms ({@code NaN} if there were none). */
  double p99Ms() {
    return ok.getTotalCount() == 0 ? Double.NaN : ok.getValueAtPercentile(99.0) / 1000.0;
  }

  double percentileMs(double p) {
    return ok.getTotalCount() == 0 ? Double.NaN : ok.getValueAtPercentile(p) / 1000.0;
  }

  double maxMs() {
    return ok.getTotalCount() == 0 ? Double.NaN : ok.getMaxValue() / 1000.0;
  }

  /** Adds {@code status}, {@code status_codes}, {@code errors}, and the three latency summaries to {@code out}. */
  void writeTo(ObjectNode out, long unfinished) {
    long c200 = count(200);
    long c503 = count(503);
    ObjectNode status = out.putObject("status");
    status.put("200", c200);
    status.put("503", c503);
    status.put("other", answers() - c200 - c503);
    ObjectNode codes = out.putObject("status_codes");
    new TreeMap<>(statuses).forEach((k, v) -> codes.put(Integer.toString(k), v.get()));
    ObjectNode errors = out.putObject("errors");
    errors.put("connect", connectErrors.get());
    errors.put("timeout", timeouts.get());
    errors.put("io", ioErrors.get());
    errors.put("unfinished", unfinished);
    out.put("errors_total", errors() + unfinished);
    out.set("latency_ms", summary(ok));
    out.set("latency_from_send_ms", summary(okFromSend));
    out.set("latency_all_ms", summary(all));
  }

  private static ObjectNode summary(Histogram h) {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) return s;
    s.put("p50", h.getValueAtPercentile(50) / 1000.0);
    s.put("p90", h.getValueAtPercentile(90) / 1000.0);
    s.put("p95", h.getValueAtPercentile(95) / 1000.0);
    s.put("p99", h.getValueAtPercentile(99) / 1000.0);
    s.put("p999", h.getValueAtPercentile(99.9) / 1000.0);
    s.put("max", h.getMaxValue() / 1000.0);
    s.put("mean", Math.round(h.getMean()) / 1000.0);
    return s;
  }

  private static long micros(long nanos) {
    return Math.min(MAX_MICROS, Math.max(1, nanos / 1000));
  }
}
