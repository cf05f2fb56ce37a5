package io.llmesr.server;

import io.llmesr.recommend.Recommender;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model being served, swappable while requests run. Every use of the model takes a {@link Lease}; a swap puts
 * the new model in place at once and closes the old one when its last lease is returned, so no request ever sees a
 * closed model and no request waits for a swap.
 *
 * <p>Each model carries a reference count: one reference is the holder's own (dropped by a swap or {@link #close}),
 * one per open lease. A lease is taken only while the count is above zero, so a model whose count reached zero
 * (and was closed) is never handed out again.
 */
final class ModelHolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

  private final AtomicReference<Counted> current;

  ModelHolder(Recommender first) {
    current = new AtomicReference<>(new Counted(first));
  }

  /** A lease on the current model; return it with {@link Lease#close()}. */
  Lease acquire() {
    while (true) {
      Counted c = current.get();
      if (c == null) throw new IllegalStateException("the server is stopped");
      if (c.retain()) return new Lease(c);
      // c was swapped out and closed between get() and retain(): the new one is in place, try again
    }
  }

  /** Puts {@code next} in place; the old model is closed when its last lease is returned. */
  void swap(Recommender next) {
    Counted old = current.getAndSet(new Counted(next));
    if (old != null) old.release();
  }

  /** Whether a model is in place. */
  boolean loaded() {
    return current.get() != null;
  }

  /** Drops the current model (closed once its leases are returned); later {@link #acquire} calls fail. */
  @Override
  public void close() {
    Counted old = current.getAndSet(null);
    if (old != null) old.release();
  }

  /** A model and how many hold it. */
  private static final class Counted {
    final Recommender model;
    final AtomicInteger refs = new AtomicInteger(1);

    Counted(Recommender model) {
      this.model = model;
    }

    boolean retain() {
      while (true) {
        int n = refs.get();
        if (n == 0) return false;
        if (refs.compareAndSet(n, n + 1)) return true;
      }
    }

    void release() {
      int n = refs.decrementAndGet();
      if (n == 0) {
        try {
          model.close();
        } catch (RuntimeException e) {
          LOG.warn("closing the replaced model failed", e);
        }
      } else if (n < 0) {
        throw new IllegalStateException("model released more often than taken");
      }
    }
  }

  /** One use of the model: {@link #model()} stays open until this is closed. Close it exactly once. */
  static final class Lease implements AutoCloseable {
    private final Counted counted;
    private boolean closed;

    private Lease(Counted counted) {
      this.counted = counted;
    }

    Recommender model() {
      if (closed) throw new IllegalStateException("lease already returned");
      return counted.model;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      counted.release();
    }
  }
}
