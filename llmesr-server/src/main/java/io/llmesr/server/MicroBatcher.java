package io.llmesr.server;

import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.Recommender.Recommendation;
import io.llmesr.recommend.Recommender.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Gathers concurrent recommendation requests into one {@link Recommender#recommend(List)} call.
 *
 * <p>A worker takes the oldest waiting request and adds whatever else is waiting, up to {@code maxBatch}. It waits
 * for more, up to {@code window} after the first, only while other requests are announced ({@link #expect()}: their
 * bodies are being read) and not yet submitted; a request that is alone is run at once. While a batch runs, new
 * requests queue up and form the next one.
 *
 * <p>When the model refuses a batch with a {@link Recommender.RequestException} (one bad request), each request of
 * that batch is run on its own, so one client's bad request never fails another's.
 */
final class MicroBatcher implements AutoCloseable {
  private final ModelHolder models;
  private final long windowNanos;
  private final int maxBatch;
  private final IntConsumer batchSizes;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger announced = new AtomicInteger();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param batchSizes told the size of every batch run (for metrics)
   */
  MicroBatcher(ModelHolder models, Duration window, int maxBatch, int workerCount, IntConsumer batchSizes) {
    this.models = models;
    this.windowNanos = window.toNanos();
    this.maxBatch = maxBatch;
    this.batchSizes = batchSizes;
    for (int i = 0; i < workerCount; i++) {
      Thread t = new Thread(this::work, "llmesr-batcher-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /**
   * Announces a request whose body is being read: batches being formed wait for it (up to their window). Submit
   * through the returned arrival, or close it to withdraw the announcement.
   */
  Arrival expect() {
    announced.incrementAndGet();
    return new Arrival();
  }

  /** Requests waiting for a worker. */
  int queued() {
    return queue.size();
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    for (Thread t : workers) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Pending p;
    while ((p = queue.poll()) != null) p.result.completeExceptionally(new IllegalStateException("server stopping"));
  }

  private void work() {
    while (!closed) {
      List<Pending> batch = new ArrayList<>();
      try {
        batch.add(queue.take());
        long deadline = System.nanoTime() + windowNanos;
        while (batch.size() < maxBatch) {
          Pending next = queue.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            if (announced.get() == 0 || left <= 0) break;
            next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        batch.forEach(p -> p.result.completeExceptionally(new IllegalStateException("server stopping")));
        return;
      }
      run(batch);
    }
  }

  private void run(List<Pending> batch) {
    batchSizes.accept(batch.size());
    try (ModelHolder.Lease lease = models.acquire()) {
      Recommender model = lease.model();
      List<Request> requests = new ArrayList<>(batch.size());
      for (Pending p : batch) requests.add(p.request);
      try {
        List<Recommendation> out = model.recommend(requests);
        if (out.size() != batch.size()) {
          throw new IllegalStateException("the model answered " + out.size() + " of " + batch.size() + " requests");
        }
        for (int i = 0; i < batch.size(); i++) batch.get(i).result.complete(out.get(i));
      } catch (Recommender.RequestException e) {
        if (batch.size() == 1) {
          batch.get(0).result.completeExceptionally(e);
        } else {
          for (Pending p : batch) runAlone(model, p);
        }
      }
    } catch (RuntimeException | Error e) {
      for (Pending p : batch) p.result.completeExceptionally(e);
    }
  }

  private static void runAlone(Recommender model, Pending p) {
    try {
      p.result.complete(model.recommend(List.of(p.request)).get(0));
    } catch (RuntimeException e) {
      p.result.completeExceptionally(e);
    }
  }

  /** A request in the queue. */
  private record Pending(Request request, CompletableFuture<Recommendation> result) { }

  /** An announced request: submit it, or close to withdraw. */
  final class Arrival implements AutoCloseable {
    private boolean done;

    /**
     * Queues {@code requests} (one announcement may bring several) and withdraws the announcement. The
     * announcement is withdrawn before the last request is queued: a worker woken by that request must not wait
     * for it as if it were still coming.
     */
    List<CompletableFuture<Recommendation>> submit(List<Request> requests) {
      List<CompletableFuture<Recommendation>> out = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        if (i == requests.size() - 1) close();
        CompletableFuture<Recommendation> f = new CompletableFuture<>();
        if (closed) {
          f.completeExceptionally(new IllegalStateException("server stopping"));
        } else {
          queue.add(new Pending(requests.get(i), f));
        }
        out.add(f);
      }
      close();
      return out;
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        announced.decrementAndGet();
      }
    }
  }
}
