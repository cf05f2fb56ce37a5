package io.llmesr.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint's answer for good input, over a real socket, against the {@link FakeRecommender}. */
class ApiEndpointsTest {
  private FakeRecommender model;
  private LlmesrServer server;
  private Http http;

  @BeforeEach
  void start() {
    model = new FakeRecommender();
    server = new LlmesrServer(model, dir -> new FakeRecommender("reloaded"),
        ServerConfig.defaults().withPort(0).withAdmin(true, Optional.empty())).start();
    http = new Http(server.port());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void recommendAnswersTopKWithTitlesAndFlags() {
    HttpResponse<String> r = http.post("/v1/recommend", "{\"history\":[\"B001\",\"B002\"],\"k\":3}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode j = Http.json(r);
    // B003 "Glossy Pink Lipstick" shares "lipstick" with both; then the matte-free rest by popularity
    assertThat(ids(j.get("items"))).containsExactly("B003", "B004", "B024");
    JsonNode first = j.get("items").get(0);
    assertThat(first.get("title").asText()).isEqualTo("Glossy Pink Lipstick");
    assertThat(first.get("score").asDouble()).isEqualTo(2.04, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(first.get("tail").asBoolean()).isFalse();
    assertThat(first.get("added").asBoolean()).isFalse();
    assertThat(j.get("unknown_ids")).isEmpty();
    assertThat(j.get("history_used").asInt()).isEqualTo(2);
    assertThat(j.get("truncated").asBoolean()).isFalse();
  }

  @Test
  void recommendDefaultsExcludesAndReportsUnknownAndTruncation() {
    JsonNode j = Http.json(http.post("/v1/recommend",
        "{\"history\":[\"B030\",\"B029\",\"B028\",\"B027\",\"B026\",\"B001\",\"nope\"],\"exclude\":[\"B003\"]}"));
    assertThat(j.get("items")).hasSize(10);
    assertThat(ids(j.get("items"))).doesNotContain("B003", "B001", "B030", "nope");
    assertThat(ids(j.get("unknown_ids"))).containsExactly("nope");
    assertThat(j.get("history_used").asInt()).isEqualTo(FakeRecommender.MAX_HISTORY);
    assertThat(j.get("truncated").asBoolean()).isTrue();

    JsonNode keep = Http.json(http.post("/v1/recommend",
        "{\"history\":[\"B001\"],\"k\":1,\"exclude_history\":false}"));
    assertThat(ids(keep.get("items"))).containsExactly("B001");
  }

  @Test
  void batchAnswersEachRequestInOrder() {
    JsonNode j = Http.json(http.post("/v1/recommend/batch",
        "{\"requests\":[{\"history\":[\"B008\"],\"k\":2},{\"history\":[\"B018\"],\"k\":1},{\"history\":[\"x\",\"B004\"]}]}"));
    assertThat(j.get("results")).hasSize(3);
    assertThat(ids(j.get("results").get(0).get("items"))).containsExactly("B009", "B011");
    assertThat(ids(j.get("results").get(1).get("items"))).containsExactly("B020");
    assertThat(j.get("results").get(2).get("items")).hasSize(10);
    assertThat(ids(j.get("results").get(2).get("unknown_ids"))).containsExactly("x");
  }

  @Test
  void itemLookupAndNotFound() {
    HttpResponse<String> r = http.get("/v1/items/B010");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode j = Http.json(r);
    assertThat(j.get("id").asText()).isEqualTo("B010");
    assertThat(j.get("title").asText()).isEqualTo("Glitter Nail Polish");
    assertThat(j.get("popularity").asInt()).isEqualTo(5);
    assertThat(j.get("tail").asBoolean()).isTrue();
    assertThat(j.get("added").asBoolean()).isFalse();

    HttpResponse<String> missing = http.get("/v1/items/NOPE");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.json(missing).get("field").asText()).isEqualTo("id");
  }

  @Test
  void searchByTitleWordsMostPopularFirst() {
    JsonNode j = Http.json(http.get("/v1/items?q=nail%20polish&limit=3"));
    assertThat(ids(j.get("items"))).containsExactly("B009", "B011", "B008");
    assertThat(Http.json(http.get("/v1/items?q=LIPSTICK")).get("items")).hasSize(3);
    assertThat(Http.json(http.get("/v1/items?q=zebra")).get("items")).isEmpty();
  }

  @Test
  void similarItemsExcludeTheItemItself() {
    JsonNode j = Http.json(http.get("/v1/items/B004/similar?k=2"));
    assertThat(j.get("id").asText()).isEqualTo("B004");
    assertThat(ids(j.get("items"))).containsExactly("B005", "B007");
    assertThat(Http.json(http.get("/v1/items/B004/similar")).get("items")).hasSize(10);
    assertThat(http.get("/v1/items/NOPE/similar").statusCode()).isEqualTo(404);
  }

  @Test
  void addItemByTextOrFieldsThenRecommendIt() {
    HttpResponse<String> r = http.post("/v1/items", "{\"id\":\"N1\",\"text\":\"Holographic Glitter Nail Polish\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).hasValue("/v1/items/N1");
    JsonNode j = Http.json(r);
    assertThat(j.get("id").asText()).isEqualTo("N1");
    assertThat(j.get("added").asBoolean()).isTrue();
    assertThat(j.get("tail").asBoolean()).isTrue();
    assertThat(j.get("popularity").asInt()).isEqualTo(0);

    HttpResponse<String> f = http.post("/v1/items", "{\"id\":\"N 2\",\"fields\":{\"title\":\"Matte Red Lip Liner\",\"brand\":\"X\"}}");
    assertThat(f.statusCode()).isEqualTo(201);
    assertThat(f.headers().firstValue("Location")).hasValue("/v1/items/N%202");
    assertThat(Http.json(http.get("/v1/items/N%202")).get("title").asText()).isEqualTo("Matte Red Lip Liner");

    JsonNode rec = Http.json(http.post("/v1/recommend", "{\"history\":[\"B010\"],\"k\":1}"));
    assertThat(ids(rec.get("items"))).containsExactly("N1");
    assertThat(rec.get("items").get(0).get("added").asBoolean()).isTrue();
    assertThat(ids(Http.json(http.get("/v1/items?q=holographic")).get("items"))).containsExactly("N1");

    HttpResponse<String> again = http.post("/v1/items", "{\"id\":\"N1\",\"text\":\"other\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(Http.json(again).get("field").asText()).isEqualTo("id");
    assertThat(Http.json(http.get("/ready")).get("model").get("added_items").asInt()).isEqualTo(2);
  }

  @Test
  void idsWithSlashesSpacesAndUnicodeRoundTrip() {
    String id = "cat/42 é";
    HttpResponse<String> r = http.post("/v1/items", "{\"id\":\"" + id + "\",\"text\":\"Odd Id Lipstick\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/v1/items/cat%2F42%20%C3%A9");
    HttpResponse<String> got = http.get(location);
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    assertThat(Http.json(got).get("id").asText()).isEqualTo(id);
    assertThat(Http.json(http.get(location + "/similar?k=1")).get("id").asText()).isEqualTo(id);
  }

  @Test
  void healthReadyAndModelInfo() {
    HttpResponse<String> h = http.get("/health");
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(Http.json(h).get("status").asText()).isEqualTo("ok");
    HttpResponse<String> r = http.get("/ready");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode j = Http.json(r);
    assertThat(j.get("ready").asBoolean()).isTrue();
    assertThat(j.get("model").get("bundle").asText()).isEqualTo("fake");
    assertThat(j.get("model").get("items").asInt()).isEqualTo(FakeRecommender.CATALOGUE.length);
    assertThat(j.get("model").get("max_history").asInt()).isEqualTo(FakeRecommender.MAX_HISTORY);
  }

  @Test
  void metricsInPrometheusTextFormat() {
    http.post("/v1/recommend", "{\"history\":[\"B001\"]}");
    http.get("/v1/items/NOPE");
    http.post("/v1/items", "{\"id\":\"N9\",\"text\":\"Blue Eyeliner\"}");
    HttpResponse<String> r = http.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    String m = r.body();
    assertThat(m).contains("# TYPE llmesr_http_requests_total counter")
        .contains("llmesr_http_requests_total{method=\"POST\",route=\"/v1/recommend\",status=\"200\"} 1")
        .contains("llmesr_http_requests_total{method=\"GET\",route=\"/v1/items/{id}\",status=\"404\"} 1")
        .contains("# TYPE llmesr_http_request_duration_seconds histogram")
        .contains("llmesr_http_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/recommend\",le=\"+Inf\"} 1")
        .contains("llmesr_http_in_flight ")
        .contains("llmesr_http_in_flight_limit 128")
        .contains("llmesr_batch_size_count 1")
        .contains("llmesr_catalogue_items 31")
        .contains("llmesr_catalogue_added_items 1")
        .containsPattern("llmesr_model_info\\{[^}]*backbone=\"sasrec\"[^}]*bundle=\"fake\"[^}]*\\} 1");
  }

  @Test
  void openApiDescribesEveryRoute() {
    HttpResponse<String> r = http.get("/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = Http.json(r);
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    List<String> paths = new ArrayList<>();
    doc.get("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths).containsExactlyInAnyOrder("/v1/recommend", "/v1/recommend/batch", "/v1/items",
        "/v1/items/{id}", "/v1/items/{id}/similar", "/v1/admin/reload", "/health", "/ready", "/metrics",
        "/openapi.json");
    assertThat(doc.get("paths").get("/v1/items").has("get")).isTrue();
    assertThat(doc.get("paths").get("/v1/items").has("post")).isTrue();
    // every $ref points at a component that exists
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      String[] parts = ref.substring(2).split("/");
      JsonNode n = doc;
      for (String p : parts) n = n.get(p);
      assertThat(n).as(ref).isNotNull();
    }
  }

  @Test
  void webPageAndItsAssetsAreServed() {
    HttpResponse<String> page = http.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.body()).contains("<script src=\"app.js\"").contains("style.css");
    assertThat(http.get("/app.js").statusCode()).isEqualTo(200);
    assertThat(http.get("/style.css").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownRoutesAndMethodsAnswerJson() {
    HttpResponse<String> r = http.get("/v1/nothing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Http.json(r).has("error")).isTrue();
    HttpResponse<String> m = http.get("/v1/recommend");
    assertThat(m.statusCode()).isEqualTo(405);
    assertThat(Http.json(m).has("error")).isTrue();
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      Iterator<String> it = n.fieldNames();
      while (it.hasNext()) {
        String f = it.next();
        if (f.equals("$ref")) out.add(n.get(f).asText());
        else collectRefs(n.get(f), out);
      }
    } else if (n.isArray()) {
      n.forEach(e -> collectRefs(e, out));
    }
  }

  static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.isObject() ? e.get("id").asText() : e.asText()));
    return out;
  }
}
