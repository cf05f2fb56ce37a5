package io.llmesr.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the in-flight limit is reached, a further request is answered 503 with Retry-After at once. */
class InFlightLimitTest {
  private LlmesrServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop();
  }

  @Test
  void fullServerAnswers503AtOnceAndRecovers() throws Exception {
    FakeRecommender model = new FakeRecommender();
    CountDownLatch gate = new CountDownLatch(1);
    model.holdAt(gate);
    server = new LlmesrServer(model, null, ServerConfig.defaults().withPort(0).withMaxInFlight(4)
        .withBatching(Duration.ZERO, 1)).start();
    Http http = new Http(server.port());

    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) held.add(http.postAsync("/v1/recommend", "{\"history\":[\"B001\"],\"k\":3}"));
    Await.until("4 requests in flight", () -> server.inFlight() == 4);

    long t0 = System.nanoTime();
    HttpResponse<String> busy = http.post("/v1/recommend", "{\"history\":[\"B001\"]}");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(Http.json(busy).get("error").asText()).contains("limit of 4");
    assertThat(ms).as("503 answered without queueing (ms)").isLessThan(1000);
    // other /v1 routes share the limit; operations endpoints do not
    assertThat(http.get("/v1/items/B001").statusCode()).isEqualTo(503);
    assertThat(http.get("/health").statusCode()).isEqualTo(200);
    assertThat(http.get("/ready").statusCode()).isEqualTo(200);
    String metrics = http.get("/metrics").body();
    assertThat(metrics).contains("llmesr_http_in_flight 4").contains("llmesr_http_rejected_total 2")
        .contains("llmesr_http_requests_total{method=\"POST\",route=\"/v1/recommend\",status=\"503\"} 1");
    assertThat(held).noneMatch(CompletableFuture::isDone);

    gate.countDown();
    for (CompletableFuture<HttpResponse<String>> f : held) {
      assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    Await.until("permits returned", () -> server.inFlight() == 0);
    assertThat(http.post("/v1/recommend", "{\"history\":[\"B001\"]}").statusCode()).isEqualTo(200);
  }
}
