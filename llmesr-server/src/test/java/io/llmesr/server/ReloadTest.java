package io.llmesr.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/admin/reload}: swaps models under load without losing a request, closes each old model once. */
class ReloadTest {
  @TempDir
  Path tmp;
  private LlmesrServer server;
  private final List<FakeRecommender> loaded = new CopyOnWriteArrayList<>();

  private Http start(FakeRecommender first, ServerConfig config) {
    loaded.add(first);
    first.simulateWork(2);
    server = new LlmesrServer(first, dir -> {
      FakeRecommender m = new FakeRecommender(dir.getFileName().toString());
      m.simulateWork(2);
      loaded.add(m);
      return m;
    }, config.withPort(0)).start();
    return new Http(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop();
  }

  private Path bundle(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("bundle.json"), "{}");
    return dir;
  }

  private static String reloadBody(Path dir) {
    return "{\"bundle\":\"" + dir.toString().replace("\\", "\\\\") + "\"}";
  }

  @Test
  void reloadUnderLoadLosesNoRequest() throws Exception {
    Http http = start(new FakeRecommender("m0"), ServerConfig.defaults().withAdmin(true, Optional.empty()));
    int clients = 6;
    AtomicBoolean run = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // bounds the load even if reloads stall
    for (int c = 0; c < clients; c++) {
      int client = c;
      done.add(pool.submit(() -> {
        for (int i = 0; run.get() && System.nanoTime() < deadline; i++) {
          HttpResponse<String> r = switch ((client + i) % 4) {
            case 0, 1 -> http.post("/v1/recommend", "{\"history\":[\"B00" + (i % 9 + 1) + "\"],\"k\":3}");
            case 2 -> http.post("/v1/recommend/batch",
                "{\"requests\":[{\"history\":[\"B001\"]},{\"history\":[\"B012\"],\"k\":2}]}");
            default -> http.get("/v1/items/B004/similar?k=2");
          };
          statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
          answered.incrementAndGet();
        }
        return null;
      }));
    }
    int reloads = 10;
    for (int n = 1; n <= reloads; n++) {
      int before = answered.get();
      Await.until("requests answered between reloads", () -> answered.get() >= before + 60);
      HttpResponse<String> r = http.post("/v1/admin/reload", reloadBody(bundle("m" + n)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(Http.json(r).get("model").get("bundle").asText()).isEqualTo("m" + n);
    }
    int atLastReload = answered.get();
    Await.until("requests answered after the last reload", () -> answered.get() >= atLastReload + 60);
    run.set(false);
    for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
    pool.shutdown();

    assertThat(statuses.keySet()).as("statuses %s", statuses).containsExactly(200);
    assertThat(answered.get()).isGreaterThanOrEqualTo(60 * (reloads + 1));
    assertThat(loaded).hasSize(reloads + 1);
    JsonNode ready = Http.json(http.get("/ready"));
    assertThat(ready.get("model").get("bundle").asText()).isEqualTo("m" + reloads);
    // every replaced model is closed exactly once, none was used after it was closed, the last one serves
    Await.until("old models closed", () -> loaded.subList(0, reloads).stream().allMatch(FakeRecommender::isClosed));
    for (FakeRecommender m : loaded) assertThat(m.usedAfterClose.get()).isZero();
    for (FakeRecommender m : loaded.subList(0, reloads)) assertThat(m.closes.get()).isEqualTo(1);
    FakeRecommender last = loaded.get(reloads);
    assertThat(last.isClosed()).isFalse();
    assertThat(last.calls.get()).isPositive();
    assertThat(http.get("/metrics").body()).contains("llmesr_model_reloads_total{result=\"ok\"} " + reloads);
    server.stop();
    assertThat(last.closes.get()).isEqualTo(1);
  }

  @Test
  void aRequestInsideTheOldModelFinishesOnItAndTheOldModelClosesAfter() throws Exception {
    FakeRecommender old = new FakeRecommender("old");
    // two batch workers: one stays inside the held call on the old model, the other serves the new one
    Http http = start(old, ServerConfig.defaults().withBatchWorkers(2).withAdmin(true, Optional.empty()));
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    old.holdAt(gate);
    old.signalEntry(entered);
    var pending = http.postAsync("/v1/recommend", "{\"history\":[\"B001\"],\"k\":2}");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> r = http.post("/v1/admin/reload", reloadBody(bundle("new")));
    assertThat(r.statusCode()).isEqualTo(200); // the swap does not wait for the running request
    assertThat(old.isClosed()).isFalse();
    HttpResponse<String> onNew = http.post("/v1/recommend", "{\"history\":[\"B001\"],\"k\":2}");
    assertThat(onNew.statusCode()).isEqualTo(200);
    assertThat(loaded.get(1).calls.get()).isEqualTo(1);

    gate.countDown();
    assertThat(pending.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    Await.until("the old model closed", old::isClosed);
    assertThat(old.closes.get()).isEqualTo(1);
    assertThat(old.usedAfterClose.get()).isZero();
  }

  @Test
  void adminIsOffByDefault() throws Exception {
    Http http = start(new FakeRecommender(), ServerConfig.defaults());
    HttpResponse<String> r = http.post("/v1/admin/reload", reloadBody(bundle("x")));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(loaded).hasSize(1);
  }

  @Test
  void reloadRootConfinesBundles() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Http http = start(new FakeRecommender(), ServerConfig.defaults().withAdmin(true, Optional.of(root)));
    Path outside = bundle("outside");
    HttpResponse<String> r = http.post("/v1/admin/reload", reloadBody(outside));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Http.json(r).get("field").asText()).isEqualTo("bundle");
    // a path that climbs out of the root with .. is refused too
    HttpResponse<String> climb = http.post("/v1/admin/reload", reloadBody(root.resolve("..").resolve("outside")));
    assertThat(climb.statusCode()).isEqualTo(403);
    Path inside = bundle("root/inside");
    assertThat(http.post("/v1/admin/reload", reloadBody(inside)).statusCode()).isEqualTo(200);
    assertThat(loaded).hasSize(2);
  }
}
