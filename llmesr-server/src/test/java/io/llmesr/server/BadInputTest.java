package io.llmesr.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of bad input gets its status and a JSON error naming the field, and the server keeps serving: after
 * every bad request a good one is answered 200. One server serves all cases, so an error that broke it would fail
 * the cases after it.
 */
class BadInputTest {
  private static final int BODY_LIMIT = 4096;
  private static FakeRecommender model;
  private static LlmesrServer server;
  private static Http http;

  @BeforeAll
  static void start() {
    model = new FakeRecommender();
    server = new LlmesrServer(model, dir -> {
      throw new java.io.IOException("broken bundle");
    }, ServerConfig.defaults().withPort(0).withMaxBodyBytes(BODY_LIMIT).withHistoryLimit(50, true)
        .withMaxBatchRequests(3).withAdmin(true, Optional.empty())).start();
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @AfterEach
  void stillServing() {
    HttpResponse<String> r = http.post("/v1/recommend", "{\"history\":[\"B001\"],\"k\":2}");
    assertThat(r.statusCode()).as("a good request after the bad one").isEqualTo(200);
    assertThat(Http.json(r).get("items")).hasSize(2);
  }

  static Stream<Arguments> badRecommendBodies() {
    String big = "{\"history\":[" + "\"B001\",".repeat(60) + "\"B002\"]}";
    return Stream.of(
        Arguments.of("malformed JSON", "{\"history\": [\"B001\"", 400, null),
        Arguments.of("not an object", "[1,2,3]", 400, null),
        Arguments.of("empty body", "", 400, null),
        Arguments.of("history missing", "{\"k\":3}", 400, "history"),
        Arguments.of("history empty", "{\"history\":[]}", 400, "history"),
        Arguments.of("history not an array", "{\"history\":\"B001\"}", 400, "history"),
        Arguments.of("history of numbers", "{\"history\":[1,2]}", 400, "history"),
        Arguments.of("k a string", "{\"history\":[\"B001\"],\"k\":\"ten\"}", 400, "k"),
        Arguments.of("k fractional", "{\"history\":[\"B001\"],\"k\":2.5}", 400, "k"),
        Arguments.of("k huge", "{\"history\":[\"B001\"],\"k\":99999999999}", 400, "k"),
        Arguments.of("k zero", "{\"history\":[\"B001\"],\"k\":0}", 400, "k"),
        Arguments.of("k negative", "{\"history\":[\"B001\"],\"k\":-3}", 400, "k"),
        Arguments.of("k above catalogue", "{\"history\":[\"B001\"],\"k\":31}", 400, "k"),
        Arguments.of("exclude not an array", "{\"history\":[\"B001\"],\"exclude\":{}}", 400, "exclude"),
        Arguments.of("exclude_history a string", "{\"history\":[\"B001\"],\"exclude_history\":\"yes\"}", 400,
            "exclude_history"),
        Arguments.of("unknown field", "{\"history\":[\"B001\"],\"exclude-history\":false}", 400, "exclude-history"),
        Arguments.of("no known history id", "{\"history\":[\"x\",\"y\"]}", 400, "history"),
        Arguments.of("history over the server's cap (reject configured)", big, 400, "history"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRecommendBodies")
  void recommendRefuses(String what, String body, int status, String field) {
    expectError(http.post("/v1/recommend", body), status, field);
  }

  static Stream<Arguments> badBatchBodies() {
    return Stream.of(
        Arguments.of("requests missing", "{}", 400, "requests"),
        Arguments.of("requests not an array", "{\"requests\":{}}", 400, "requests"),
        Arguments.of("requests empty", "{\"requests\":[]}", 400, "requests"),
        Arguments.of("too many requests", "{\"requests\":[" + "{\"history\":[\"B001\"]},".repeat(3)
            + "{\"history\":[\"B001\"]}]}", 400, "requests"),
        Arguments.of("element not an object", "{\"requests\":[1]}", 400, "requests[0]"),
        Arguments.of("bad k in one", "{\"requests\":[{\"history\":[\"B001\"]},{\"history\":[\"B001\"],\"k\":0}]}",
            400, "requests[1].k"),
        Arguments.of("unknown history in one (from the model)",
            "{\"requests\":[{\"history\":[\"B001\"]},{\"history\":[\"B002\"]},{\"history\":[\"zz\"]}]}",
            400, "requests[2].history"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBatchBodies")
  void batchRefuses(String what, String body, int status, String field) {
    expectError(http.post("/v1/recommend/batch", body), status, field);
  }

  static Stream<Arguments> badNewItems() {
    return Stream.of(
        Arguments.of("id missing", "{\"text\":\"Blue Lipstick\"}", 400, "id"),
        Arguments.of("id empty", "{\"id\":\"  \",\"text\":\"Blue Lipstick\"}", 400, "id"),
        Arguments.of("id a number", "{\"id\":7,\"text\":\"Blue Lipstick\"}", 400, "id"),
        Arguments.of("text empty", "{\"id\":\"Q1\",\"text\":\"\"}", 400, "text"),
        Arguments.of("neither text nor fields", "{\"id\":\"Q1\"}", 400, "text"),
        Arguments.of("both text and fields", "{\"id\":\"Q1\",\"text\":\"a\",\"fields\":{\"title\":\"b\"}}", 400, "text"),
        Arguments.of("fields not strings", "{\"id\":\"Q1\",\"fields\":{\"title\":3}}", 400, "fields"),
        Arguments.of("fields empty", "{\"id\":\"Q1\",\"fields\":{}}", 400, "fields"),
        Arguments.of("id exists", "{\"id\":\"B001\",\"text\":\"Another Lipstick\"}", 409, "id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badNewItems")
  void addItemRefuses(String what, String body, int status, String field) {
    expectError(http.post("/v1/items", body), status, field);
    assertThat(model.item("Q1")).isEmpty();
  }

  @Test
  void bodyOverTheLimitIs413() {
    String body = "{\"history\":[\"B001\"],\"exclude\":[" + "\"xxxxxxxxxx\",".repeat(BODY_LIMIT / 10) + "\"x\"]}";
    assertThat(body.length()).isGreaterThan(BODY_LIMIT);
    expectError(http.post("/v1/recommend", body), 413, null);
    expectError(http.post("/v1/items", "{\"id\":\"Q2\",\"text\":\"" + "a".repeat(BODY_LIMIT) + "\"}"), 413, null);
  }

  @Test
  void chunkedBodyOverTheLimitIs413() {
    // no Content-Length: the limit is enforced while reading
    byte[] chunk = ("\"" + "x".repeat(1000) + "\",").getBytes();
    HttpRequest req = HttpRequest.newBuilder(URI.create(http.base + "/v1/recommend"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
            new java.io.ByteArrayInputStream("{\"history\":[\"B001\"],\"exclude\":[".getBytes()),
            new java.io.ByteArrayInputStream(chunk.length > 0 ? repeat(chunk, 10) : chunk))))
        .build();
    expectError(http.send(req), 413, null);
  }

  private static byte[] repeat(byte[] b, int n) {
    byte[] out = new byte[b.length * n];
    for (int i = 0; i < n; i++) System.arraycopy(b, 0, out, i * b.length, b.length);
    return out;
  }

  @Test
  void nonJsonMediaTypeIs415() {
    expectError(http.post("/v1/recommend", "text/plain", "{\"history\":[\"B001\"]}"), 415, null);
    expectError(http.post("/v1/recommend", "application/x-www-form-urlencoded", "history=B001"), 415, null);
    expectError(http.post("/v1/items", null, "{\"id\":\"Q3\",\"text\":\"x\"}"), 415, null);
    // a charset parameter is fine
    assertThat(http.post("/v1/recommend", "application/json; charset=utf-8", "{\"history\":[\"B001\"]}")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void badQueryParameters() {
    expectError(http.get("/v1/items"), 400, "q");
    expectError(http.get("/v1/items?q=%20"), 400, "q");
    expectError(http.get("/v1/items?q=lip&limit=0"), 400, "limit");
    expectError(http.get("/v1/items?q=lip&limit=abc"), 400, "limit");
    expectError(http.get("/v1/items?q=lip&limit=101"), 400, "limit");
    expectError(http.get("/v1/items/B001/similar?k=0"), 400, "k");
    expectError(http.get("/v1/items/B001/similar?k=30"), 400, "k");
    expectError(http.get("/v1/items/B001/similar?k=x"), 400, "k");
  }

  @Test
  void reloadRefusesWhatIsNotABundleAndKeepsTheOldModel(@TempDir Path tmp) throws Exception {
    expectError(http.post("/v1/admin/reload", "{}"), 400, "bundle");
    expectError(http.post("/v1/admin/reload", "{\"bundle\":7}"), 400, "bundle");
    expectError(http.post("/v1/admin/reload", "{\"bundle\":\"" + tmp.resolve("missing") + "\"}"), 400, "bundle");
    expectError(http.post("/v1/admin/reload", "{\"bundle\":\"" + tmp + "\"}"), 400, "bundle"); // no bundle.json
    Files.writeString(tmp.resolve("bundle.json"), "{}");
    JsonNode err = expectError(http.post("/v1/admin/reload", "{\"bundle\":\"" + tmp + "\"}"), 422, "bundle");
    assertThat(err.get("error").asText()).contains("broken bundle").contains("still serving");
    assertThat(model.isClosed()).isFalse();
    assertThat(Http.json(http.get("/ready")).get("model").get("bundle").asText()).isEqualTo("fake");
    assertThat(http.get("/metrics").body()).contains("llmesr_model_reloads_total{result=\"failed\"} 1");
  }

  private static JsonNode expectError(HttpResponse<String> r, int status, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode j = Http.json(r);
    assertThat(j.get("error").asText()).isNotBlank();
    assertThat(j.has("field")).isTrue();
    if (field == null) assertThat(j.get("field").isNull()).as(r.body()).isTrue();
    else assertThat(j.get("field").asText()).as(r.body()).isEqualTo(field);
    return j;
  }
}
