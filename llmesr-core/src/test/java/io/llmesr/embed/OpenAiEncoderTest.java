package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OpenAiEncoder} against a real HTTP server on 127.0.0.1 speaking the OpenAI embeddings protocol,
 * scripted to answer each request with a chosen behaviour.
 */
class OpenAiEncoderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int DIM = 8;
  HttpServer server;
  URI base;
  /** Behaviours for the next requests, in order; "ok" once the script is empty. */
  final ConcurrentLinkedDeque<String> script = new ConcurrentLinkedDeque<>();
  final List<String> authHeaders = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/embeddings", this::handle);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  void handle(HttpExchange ex) throws IOException {
    authHeaders.add(ex.getRequestHeaders().getFirst("Authorization"));
    JsonNode req = JSON.readTree(ex.getRequestBody());
    String mode = script.pollFirst();
    if (mode == null) mode = "ok";
    List<String> input = new ArrayList<>();
    req.get("input").forEach(n -> input.add(n.asText()));
    batchSizes.add(input.size());
    switch (mode) {
      case "429" -> {
        ex.getResponseHeaders().add("Retry-After", "1");
        send(ex, 429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
        return;
      }
      case "500" -> {
        send(ex, 500, "internal error");
        return;
      }
      case "503" -> {
        send(ex, 503, "{\"error\":\"Model is loading\"}");
        return;
      }
      case "401" -> {
        send(ex, 401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}");
        return;
      }
      case "slow" -> {
        try {
          Thread.sleep(1500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      case "malformed" -> {
        send(ex, 200, "{\"data\": [{\"embedding\": [0.1, 0.2,");
        return;
      }
      default -> { }
    }
    ObjectNode resp = JSON.createObjectNode();
    resp.put("object", "list");
    ArrayNode data = resp.putArray("data");
    int n = mode.equals("count") ? input.size() - 1 : input.size();
    // answer in reverse order, with explicit indices, as servers may
    for (int i = n - 1; i >= 0; i--) {
      ObjectNode d = data.addObject();
      d.put("object", "embedding");
      d.put("index", i);
      ArrayNode e = d.putArray("embedding");
      for (float x : FakeEncoder.vector(input.get(i), mode.equals("wrongdim") ? DIM - 1 : DIM)) e.add(x);
      if (mode.equals("nan")) e.set(0, JSON.getNodeFactory().textNode("NaN"));
    }
    resp.put("model", req.get("model").asText());
    send(ex, 200, JSON.writeValueAsString(resp));
  }

  static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  OpenAiEncoder.Config config(Integer dim, int batch, int conc, Duration read, int retries) {
    return new OpenAiEncoder.Config(base, "test-embed", "TEST_KEY", dim, batch, conc, Duration.ofSeconds(2), read, retries,
        Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  OpenAiEncoder encoder(OpenAiEncoder.Config c) {
    return new OpenAiEncoder(c, Map.of("TEST_KEY", "sekret-key-123")::get);
  }

  static List<String> texts(int n) {
    List<String> t = new ArrayList<>();
    for (int i = 0; i < n; i++) t.add("text number " + i);
    return t;
  }

  @Test
  void batchesConcurrentRequestsAndKeepsOrder() {
    try (OpenAiEncoder e = encoder(config(DIM, 4, 2, Duration.ofSeconds(5), 2))) {
      float[][] v = e.encode(texts(10));
      for (int i = 0; i < 10; i++) assertThat(v[i]).containsExactly(FakeEncoder.vector("text number " + i, DIM));
      assertThat(batchSizes).containsExactlyInAnyOrder(4, 4, 2);
      assertThat(authHeaders).containsOnly("Bearer sekret-key-123");
      assertThat(e.version()).doesNotContain("sekret").contains("127.0.0.1");
      assertThat(e.name()).isEqualTo("test-embed");
    }
  }

  @Test
  void learnsTheDimensionWithOneProbe() {
    try (OpenAiEncoder e = encoder(config(null, 4, 1, Duration.ofSeconds(5), 0))) {
      assertThat(e.dimension()).isEqualTo(DIM);
      assertThat(e.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void retriesAfter429HonouringRetryAfter() {
    script.add("429");
    try (OpenAiEncoder e = encoder(config(DIM, 8, 1, Duration.ofSeconds(5), 3))) {
      long t0 = System.nanoTime();
      float[][] v = e.encode(texts(3));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(v[2]).containsExactly(FakeEncoder.vector("text number 2", DIM));
      assertThat(ms).as("waited Retry-After: 1 s").isGreaterThanOrEqualTo(1000);
      assertThat(e.retryCount()).isEqualTo(1);
    }
  }

  @Test
  void retries5xxWithBackoffThenGivesUpWithTheServerMessage() {
    script.add("500");
    script.add("503");
    try (OpenAiEncoder e = encoder(config(DIM, 8, 1, Duration.ofSeconds(5), 3))) {
      assertThat(e.encode(texts(2))).hasNumberOfRows(2);
      assertThat(e.retryCount()).isEqualTo(2);
    }
    for (int i = 0; i < 5; i++) script.add("503");
    try (OpenAiEncoder e = encoder(config(DIM, 8, 1, Duration.ofSeconds(5), 2))) {
      assertThatThrownBy(() -> e.encode(texts(2))).isInstanceOf(EncoderException.class)
          .hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 503: Model is loading");
    }
  }

  @Test
  void slowAnswersTimeOutAndAreRetried() {
    script.add("slow");
    try (OpenAiEncoder e = encoder(config(DIM, 8, 1, Duration.ofMillis(300), 2))) {
      assertThat(e.encode(texts(2))).hasNumberOfRows(2);
      assertThat(e.retryCount()).isEqualTo(1);
    }
    script.add("slow");
    script.add("slow");
    try (OpenAiEncoder e = encoder(config(DIM, 8, 1, Duration.ofMillis(300), 1))) {
      assertThatThrownBy(() -> e.encode(texts(2))).isInstanceOf(EncoderException.class).hasMessageContaining("read timeout");
    }
  }

  @Test
  void clientErrorsFailAtOnceWithTheServerMessageAndNoKey() {
    script.add("401");
    try (OpenAiEncoder e = encoder(config(DIM, 8, 1, Duration.ofSeconds(5), 5))) {
      assertThatThrownBy(() -> e.encode(texts(2))).isInstanceOf(EncoderException.class)
          .hasMessageContaining("HTTP 401").hasMessageContaining("Incorrect API key provided")
          .hasMessageContaining("--api-key-env").hasMessageNotContaining("sekret");
      assertThat(e.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void malformedWrongDimensionWrongCountAndNonNumbersAreClearErrors() {
    script.add("malformed");
    try (OpenAiEncoder e = encoder(config(DIM, 8, 1, Duration.ofSeconds(5), 0))) {
      assertThatThrownBy(() -> e.encode(texts(2))).hasMessageContaining("malformed JSON");
      script.add("wrongdim");
      assertThatThrownBy(() -> e.encode(texts(2))).hasMessageContaining("has dimension 7, expected 8");
      script.add("count");
      assertThatThrownBy(() -> e.encode(texts(4))).hasMessageContaining("has 3 embeddings for 4 texts");
      script.add("nan");
      assertThatThrownBy(() -> e.encode(texts(2))).hasMessageContaining("is not a number");
    }
  }

  @Test
  void missingApiKeyVariableIsAClearError() {
    assertThatThrownBy(() -> new OpenAiEncoder(config(DIM, 8, 1, Duration.ofSeconds(1), 0), k -> null))
        .isInstanceOf(EncoderException.class).hasMessageContaining("environment variable TEST_KEY")
        .hasMessageContaining("not set");
  }

  @Test
  void endpointReturningWrongDimensionMidRunKeepsEarlierBatchesCached() throws IOException {
    var ds = TestData.dataset(12, 3);
    script.add("ok");
    script.add("wrongdim");
    try (OpenAiEncoder e = encoder(config(DIM, 100, 1, Duration.ofSeconds(5), 0))) {
      assertThatThrownBy(() -> ItemUserEmbedder.embed(ds, e, dir, EmbedOptions.defaults().withBatchSize(5)))
          .hasMessageContaining("dimension 7, expected 8");
    }
    try (OpenAiEncoder e = encoder(config(DIM, 100, 1, Duration.ofSeconds(5), 0))) {
      EmbedResult r = ItemUserEmbedder.embed(ds, e, dir, EmbedOptions.defaults().withBatchSize(5));
      assertThat(r.reused()).isEqualTo(5);
      assertThat(r.embedded()).isEqualTo(10);
      assertThat(EmbeddingTables.items(dir).row(1)).containsExactly(FakeEncoder.vector(ds.itemPrompts().get(1), DIM));
      assertThat(EmbeddingTables.items(dir).manifest().encoder().version()).doesNotContain("sekret");
    }
  }
}
