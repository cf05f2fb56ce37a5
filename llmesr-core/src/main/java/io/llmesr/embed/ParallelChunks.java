package io.llmesr.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Chunks {@code 0..chunks-1} of a similar-user search, taken in order by {@code threads} daemon threads; each thread
 * gets its own worker ({@code perThread}, e.g. with its own buffers). Used by the exact and the HNSW search.
 */
final class ParallelChunks {
  private ParallelChunks() { }

  /**
   * Runs every chunk once and returns when all are done.
   *
   * @throws IllegalStateException when a worker failed (with its exception as the cause) or the caller was interrupted
   */
  static void run(String threadName, int threads, int chunks, Supplier<IntConsumer> perThread) {
    int nt = Math.max(1, threads);
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(nt, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> jobs = new ArrayList<>(nt);
      for (int t = 0; t < nt; t++) {
        jobs.add(pool.submit(() -> {
          IntConsumer worker = perThread.get();
          for (int c; (c = next.getAndIncrement()) < chunks; ) worker.accept(c);
          return null;
        }));
      }
      for (Future<?> f : jobs) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("similar-user search failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
