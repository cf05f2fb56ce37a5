package io.llmesr.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Hands scheduled requests to the JDK {@link HttpClient}'s asynchronous API without ever waiting for an answer.
 *
 * <p>At most {@code maxOutstanding} requests are on the wire at once (0 = no bound; with HTTP/1.1 that is also the
 * number of connections). A request that finds the bound reached waits in a client-side FIFO queue and is sent when an
 * answer frees a slot, as a fixed-connection open-loop tool (wrk2) does; its latency still runs from its scheduled
 * time, so queueing is measured, not hidden. A queued request older than the timeout when its turn comes is counted as
 * a timeout without being sent, so an overloaded run ends in bounded time. The bound keeps the client from opening
 * thousands of connections when the server falls behind (which costs CPU the server shares on a small machine, and
 * overflows the server's accept queue into connection errors that say nothing about the service).
 */
final class OpenLoopSender {
  /** A request to send: its body, its scheduled {@link System#nanoTime()}, and where its outcome is recorded (or null). */
  record Scheduled(byte[] body, long scheduledNanos, LatencyRecorder recorder) { }

  private final HttpClient client;
  private final URI uri;
  private final Duration timeout;
  private final long timeoutNanos;
  private final int maxOutstanding;
  private final ConcurrentLinkedQueue<Scheduled> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger onWire = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong unfinishedMeasured = new AtomicLong();
  private final AtomicLong unfinished = new AtomicLong();
  private final LongAccumulator maxQueued = new LongAccumulator(Math::max, 0);
  private final LongAccumulator maxOnWire = new LongAccumulator(Math::max, 0);

  OpenLoopSender(HttpClient client, URI uri, Duration timeout, int maxOutstanding) {
    this.client = client;
    this.uri = uri;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.maxOutstanding = maxOutstanding <= 0 ? Integer.MAX_VALUE : maxOutstanding;
  }

  /** Sends {@code r} now, or queues it if {@code maxOutstanding} requests are on the wire. Never blocks on I/O. */
  void submit(Scheduled r) {
    unfinished.incrementAndGet();
    if (r.recorder() != null) unfinishedMeasured.incrementAndGet();
    queue.add(r);
    maxQueued.accumulate(queued.incrementAndGet());
    drain();
  }

  private void drain() {
    while (true) {
      int n = onWire.get();
      if (n >= maxOutstanding) return;
      if (!onWire.compareAndSet(n, n + 1)) continue;
      Scheduled r = queue.poll();
      if (r == null) {
        onWire.decrementAndGet();
        if (queue.isEmpty()) return;
        continue;
      }
      queued.decrementAndGet();
      long now = System.nanoTime();
      if (now - r.scheduledNanos() > timeoutNanos) {
        finish(r, now, null, new HttpTimeoutException("expired in the client queue"));
        onWire.decrementAndGet();
        continue;
      }
      maxOnWire.accumulate(n + 1);
      send(r, now);
    }
  }

  private void send(Scheduled r, long sentAt) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).build();
    try {
      client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
        finish(r, sentAt, response, error);
        onWire.decrementAndGet();
        drain();
      });
    } catch (RuntimeException e) {
      finish(r, sentAt, null, e);
      onWire.decrementAndGet();
    }
  }

  private void finish(Scheduled r, long sentAt, HttpResponse<?> response, Throwable error) {
    long done = System.nanoTime();
    if (r.recorder() != null) {
      if (error != null) r.recorder().failure(error);
      else r.recorder().answer(response.statusCode(), r.scheduledNanos(), sentAt, done);
      unfinishedMeasured.decrementAndGet();
    }
    unfinished.decrementAndGet();
  }

  /** Requests submitted and not yet answered, failed or expired. */
  long unfinished() {
    return unfinished.get();
  }

  /** Measured requests (with a recorder) not yet answered, failed or expired. */
  long unfinishedMeasured() {
    return unfinishedMeasured.get();
  }

  /** Most requests that waited in the client queue at once (0: the bound was never reached). */
  long maxQueued() {
    return maxQueued.get();
  }

  /** Most requests on the wire at once. */
  long maxOnWire() {
    return maxOnWire.get();
  }
}
