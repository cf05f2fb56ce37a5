package io.llmesr.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent {@code /v1/recommend} requests share model calls; a lone request is not held back. */
class MicroBatchingTest {
  private LlmesrServer server;

  private Http start(FakeRecommender model, ServerConfig config) {
    server = new LlmesrServer(model, null, config.withPort(0)).start();
    return new Http(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop();
  }

  @Test
  void requestsThatArriveDuringAModelCallFormBatchesOfAtMostMaxSize() throws Exception {
    FakeRecommender model = new FakeRecommender();
    Http http = start(model, ServerConfig.defaults().withBatching(Duration.ofMillis(2), 8));
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch firstCall = new CountDownLatch(1);
    model.holdAt(gate);
    model.signalEntry(firstCall);

    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    answers.add(http.postAsync("/v1/recommend", body(0)));
    assertThat(firstCall.await(10, TimeUnit.SECONDS)).isTrue(); // request 0 is inside the model, alone
    for (int i = 1; i <= 20; i++) answers.add(http.postAsync("/v1/recommend", body(i)));
    Await.until("20 requests queued behind the running batch", () -> server.queued() == 20);
    gate.countDown();

    for (int i = 0; i < answers.size(); i++) {
      HttpResponse<String> r = answers.get(i).get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertAnswers(i, Http.json(r));
    }
    assertThat(model.batchSizes).containsExactly(1, 8, 8, 4);
    assertThat(model.calls.get()).isEqualTo(4);
    assertThat(http.get("/metrics").body()).contains("llmesr_batch_size_count 4").contains("llmesr_batch_size_sum 21");
  }

  @Test
  void oneClientsBadRequestInABatchFailsOnlyThatRequest() throws Exception {
    FakeRecommender model = new FakeRecommender();
    Http http = start(model, ServerConfig.defaults().withBatching(Duration.ofMillis(2), 8));
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch firstCall = new CountDownLatch(1);
    model.holdAt(gate);
    model.signalEntry(firstCall);
    var first = http.postAsync("/v1/recommend", body(0));
    assertThat(firstCall.await(10, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      // request 3 names no known item: only the model can tell, and it refuses the whole batch
      answers.add(http.postAsync("/v1/recommend", i == 3 ? "{\"history\":[\"nope\"]}" : body(i)));
    }
    Await.until("4 requests queued", () -> server.queued() == 4);
    gate.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    for (int i = 1; i <= 4; i++) {
      HttpResponse<String> r = answers.get(i - 1).get(30, TimeUnit.SECONDS);
      if (i == 3) {
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).get("field").asText()).isEqualTo("history");
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertAnswers(i, Http.json(r));
      }
    }
    // the held call, the refused batch of 4, then each of the 4 alone
    assertThat(model.batchSizes).containsExactly(1, 4, 1, 1, 1, 1);
  }

  @Test
  void concurrentClientsShareModelCalls() throws Exception {
    FakeRecommender model = new FakeRecommender();
    Http http = start(model, ServerConfig.defaults().withBatching(Duration.ofMillis(2), 64));
    int clients = 16;
    int each = 25;
    CyclicBarrier together = new CyclicBarrier(clients);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          together.await();
          int ok = 0;
          for (int i = 0; i < each; i++) {
            int n = client * each + i;
            HttpResponse<String> r = http.post("/v1/recommend", body(n));
            if (r.statusCode() == 200) {
              assertAnswers(n, Http.json(r));
              ok++;
            }
          }
          return ok;
        }));
      }
      int ok = 0;
      for (Future<Integer> f : done) ok += f.get(60, TimeUnit.SECONDS);
      assertThat(ok).isEqualTo(clients * each);
    } finally {
      pool.shutdownNow();
    }
    int total = model.batchSizes.stream().mapToInt(Integer::intValue).sum();
    assertThat(total).isEqualTo(clients * each);
    assertThat(model.calls.get()).as("model calls for %d requests", total).isLessThan(total);
    assertThat(model.batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
  }

  @Test
  void aLoneRequestIsNotHeldForTheWindow() {
    FakeRecommender model = new FakeRecommender();
    // a long window: a request that waited for it would take at least 300 ms
    Http http = start(model, ServerConfig.defaults().withBatching(Duration.ofMillis(300), 64));
    http.post("/v1/recommend", body(0)); // warm up
    long[] ms = new long[15];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.post("/v1/recommend", body(i));
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(200);
    }
    Arrays.sort(ms);
    System.out.printf("lone request latency with a 300 ms window: median %d ms, max %d ms%n", ms[ms.length / 2],
        ms[ms.length - 1]);
    assertThat(ms[ms.length / 2]).as("median ms").isLessThan(100);
    assertThat(model.batchSizes).allMatch(s -> s == 1);
  }

  /** Request n: one history item and its own k, so every answer can be checked against its request. */
  private static String body(int n) {
    String id = String.format("B%03d", n % FakeRecommender.CATALOGUE.length + 1);
    return "{\"history\":[\"" + id + "\"],\"k\":" + (n % 5 + 1) + "}";
  }

  private static void assertAnswers(int n, JsonNode j) {
    String id = String.format("B%03d", n % FakeRecommender.CATALOGUE.length + 1);
    assertThat(j.get("items")).hasSize(n % 5 + 1);
    assertThat(ApiEndpointsTest.ids(j.get("items"))).doesNotContain(id);
    assertThat(j.get("history_used").asInt()).isEqualTo(1);
  }
}
