package io.llmesr.server;

import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;

/**
 * Bounds the requests served at once. A request over the bound is answered at once with 503 and
 * {@code Retry-After: 1} instead of waiting in a queue, so an overloaded server answers fast and clients back off.
 */
final class InFlightLimit {
  private final Semaphore permits;
  private final int limit;
  private final Responder out;
  private final ServerMetrics metrics;

  InFlightLimit(int limit, Responder out, ServerMetrics metrics) {
    this.permits = new Semaphore(limit);
    this.limit = limit;
    this.out = out;
    this.metrics = metrics;
  }

  /** Requests being served now. */
  int inFlight() {
    return limit - permits.availablePermits();
  }

  /** {@code handler}, run only when a permit is free. */
  Handler guard(Handler handler) {
    return ctx -> {
      if (!permits.tryAcquire()) {
        metrics.rejected();
        ctx.header("Retry-After", "1");
        out.error(ctx, 503, null, "the server is at its limit of " + limit + " requests in flight; retry shortly");
        return;
      }
      try {
        handler.handle(ctx);
      } finally {
        permits.release();
      }
    };
  }
}
