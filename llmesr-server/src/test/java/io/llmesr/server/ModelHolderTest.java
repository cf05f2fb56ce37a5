package io.llmesr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The reference counting behind reloads: a model is closed once, and only after its last lease is returned. */
class ModelHolderTest {

  @Test
  void swappedModelClosesWhenItsLastLeaseIsReturned() {
    FakeRecommender a = new FakeRecommender("a");
    FakeRecommender b = new FakeRecommender("b");
    ModelHolder holder = new ModelHolder(a);
    ModelHolder.Lease l1 = holder.acquire();
    ModelHolder.Lease l2 = holder.acquire();
    holder.swap(b);
    assertThat(a.isClosed()).isFalse();
    try (ModelHolder.Lease l3 = holder.acquire()) {
      assertThat(l3.model()).isSameAs(b);
    }
    assertThat(l1.model()).isSameAs(a);
    l1.close();
    l1.close(); // a second close of the same lease is a no-op, not a second release
    assertThat(a.isClosed()).isFalse();
    l2.close();
    assertThat(a.closes.get()).isEqualTo(1);
    assertThat(b.isClosed()).isFalse();
    holder.close();
    assertThat(b.closes.get()).isEqualTo(1);
    assertThatThrownBy(holder::acquire).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(l1::model).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void manySwapsUnderConcurrentUseNeverExposeAClosedModel() throws Exception {
    FakeRecommender first = new FakeRecommender("m0");
    List<FakeRecommender> all = new CopyOnWriteArrayList<>(List.of(first));
    ModelHolder holder = new ModelHolder(first);
    AtomicBoolean run = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> users = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      users.add(pool.submit(() -> {
        int uses = 0;
        while (run.get()) {
          try (ModelHolder.Lease lease = holder.acquire()) {
            lease.model().info(); // throws if closed
            uses++;
          }
        }
        return uses;
      }));
    }
    for (int i = 1; i <= 2000; i++) {
      FakeRecommender next = new FakeRecommender("m" + i);
      all.add(next);
      holder.swap(next);
    }
    run.set(false);
    int uses = 0;
    for (Future<Integer> f : users) uses += f.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(uses).isPositive();
    holder.close();
    for (FakeRecommender m : all) {
      assertThat(m.closes.get()).as(m.name()).isEqualTo(1);
      assertThat(m.usedAfterClose.get()).isZero();
    }
  }
}
