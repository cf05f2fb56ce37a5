package io.llmesr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.prepare.DatasetIO;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times how long a new item takes to become recommendable on a running {@code llmesr serve}.
 *
 * <p><b>What it measures.</b> For each of N new items (one after another, on an otherwise idle server unless load
 * runs beside it): the time from sending {@code POST /v1/items} to the first answer of
 * {@code GET /v1/items/{id}/similar} that is {@code 200} (i.e. the item has a vector in the model's item space and
 * can be ranked), polled every {@code --poll-ms} from the moment the POST is sent, concurrently with it
 * ({@code visible_ms}: the completion time of the first successful poll, an upper bound within one poll); and the
 * POST's own round trip ({@code post_ms}; the server embeds the text with the in-process encoder before answering
 * {@code 201}). Reports median, p95 and max over the items, and the first item's time apart
 * ({@code first_visible_ms}: it also pays for loading the encoder if the server loads it lazily).
 *
 * <p>As a check that the item is really <em>recommended</em>, not only known, it then asks {@code POST /v1/recommend}
 * with a history of the item's three nearest items and {@code k = --check-k}, and records the new item's rank
 * ({@code in_top_k} counts the items found). This is informational: a sequential model need not rank a text-similar
 * item first.
 *
 * <p>New items are texts of existing items of the dataset ({@code item_fields.jsonl}, drawn with the seed) with the
 * title marked as a new edition, under fresh ids ({@code --id-prefix} + index). They are written into the served
 * bundle ({@code added-items.jsonl}): run it against a copy.
 */
@Command(name = "AddItemTimer", mixinStandardHelpOptions = true,
    description = "POST /v1/items N times and time until each new item is served (GET /v1/items/{id}/similar = 200).")
public final class AddItemTimer implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--url", required = true, description = "server base URL")
  String url;

  @Option(names = "--dataset", required = true, description = "dataset directory whose item_fields.jsonl gives the texts")
  Path dataset;

  @Option(names = "--items", defaultValue = "20", description = "new items (default ${DEFAULT-VALUE})")
  int items;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the text draw (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--poll-ms", defaultValue = "5", description = "poll period (default ${DEFAULT-VALUE})")
  long pollMs;

  @Option(names = "--timeout-s", defaultValue = "60", description = "give up on an item after this (default ${DEFAULT-VALUE})")
  long timeoutS;

  @Option(names = "--check-k", defaultValue = "50", description = "k of the recommend check (default ${DEFAULT-VALUE})")
  int checkK;

  @Option(names = "--id-prefix", description = "prefix of the new ids (default bench-<time>-)")
  String idPrefix;

  @Option(names = "--json-out", description = "write the JSON line to this file")
  Path jsonOut;

  private HttpClient client;
  private String base;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AddItemTimer()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    base = url.replaceAll("/+$", "");
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    String prefix = idPrefix != null ? idPrefix : "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    List<Map<String, String>> fields = DatasetIO.readItemFields(dataset);
    List<Integer> withText = new ArrayList<>();
    for (int i = 1; i < fields.size(); i++) {
      if (fields.get(i) != null && !fields.get(i).isEmpty()) withText.add(i);
    }
    if (withText.isEmpty()) throw new IllegalStateException(dataset + " has no item text");
    SplittableRandom random = new SplittableRandom(seed);

    ArrayNode perItem = JSON.createArrayNode();
    List<Double> post = new ArrayList<>();
    List<Double> visible = new ArrayList<>();
    int failed = 0;
    int found = 0;
    for (int n = 0; n < items; n++) {
      int source = withText.get(random.nextInt(withText.size()));
      String id = prefix + n;
      ObjectNode r = perItem.addObject();
      r.put("id", id);
      try {
        timeOne(id, newFields(fields.get(source), n), r);
      } catch (Exception e) {
        r.put("error", e.toString());
      }
      if (!r.has("visible_ms")) {
        failed++;
        continue;
      }
      post.add(r.get("post_ms").asDouble());
      visible.add(r.get("visible_ms").asDouble());
      if (r.path("rank").asInt(0) > 0) found++;
    }

    ObjectNode out = JSON.createObjectNode();
    out.put("bench", "serving-add-item");
    out.put("url", base);
    out.put("items", items);
    out.put("visible", visible.size());
    out.put("failed", failed);
    out.set("post_ms", summary(post));
    out.set("visible_ms", summary(visible));
    if (!visible.isEmpty()) out.put("first_visible_ms", round(visible.get(0)));   // pays any lazy encoder load
    out.put("check_k", checkK);
    out.put("in_top_k", found);
    out.set("per_item", perItem);
    System.out.printf(Locale.ROOT, "add-item: %d/%d visible; POST->visible ms median %.1f p95 %.1f max %.1f;"
            + " POST round trip median %.1f ms; in top %d of a recommend from its neighbours: %d%n",
        visible.size(), items, pct(visible, 50), pct(visible, 95), pct(visible, 100), pct(post, 50), checkK, found);
    String line = JSON.writeValueAsString(out);
    System.out.println(line);
    if (jsonOut != null) {
      if (jsonOut.toAbsolutePath().getParent() != null) Files.createDirectories(jsonOut.toAbsolutePath().getParent());
      Files.writeString(jsonOut, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }
    return failed == 0 ? 0 : 1;
  }

  private void timeOne(String id, Map<String, String> itemFields, ObjectNode r) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", id);
    ObjectNode f = body.putObject("fields");
    itemFields.forEach(f::put);
    r.put("title", itemFields.getOrDefault("title", ""));
    String path = "/v1/items/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    long t0 = System.nanoTime();
    long[] postDone = {0};
    CompletableFuture<HttpResponse<String>> posted = client.sendAsync(request("/v1/items", JSON.writeValueAsString(body)),
        HttpResponse.BodyHandlers.ofString()).whenComplete((x, e) -> postDone[0] = System.nanoTime());
    long deadline = t0 + timeoutS * 1_000_000_000L;
    JsonNode similar = null;
    long visibleAt = 0;
    int polls = 0;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> s = client.send(HttpRequest.newBuilder(URI.create(base + path + "/similar?k=3"))
          .timeout(Duration.ofSeconds(timeoutS)).GET().build(), HttpResponse.BodyHandlers.ofString());
      polls++;
      if (s.statusCode() == 200) {
        visibleAt = System.nanoTime();
        similar = JSON.readTree(s.body());
        break;
      }
      if (s.statusCode() != 404) throw new IllegalStateException("GET similar answered " + s.statusCode() + ": " + s.body());
      Thread.sleep(pollMs);
    }
    HttpResponse<String> p = posted.get();
    if (p.statusCode() != 201) throw new IllegalStateException("POST /v1/items answered " + p.statusCode() + ": " + p.body());
    r.put("post_ms", (postDone[0] - t0) / 1e6);
    r.put("polls", polls);
    if (similar == null) throw new IllegalStateException("not visible after " + timeoutS + " s");
    r.put("visible_ms", (visibleAt - t0) / 1e6);

    ObjectNode rec = JSON.createObjectNode();
    ArrayNode history = rec.putArray("history");
    similar.path("items").forEach(x -> history.add(x.path("id").asText()));
    rec.put("k", checkK);
    HttpResponse<String> a = client.send(request("/v1/recommend", JSON.writeValueAsString(rec)), HttpResponse.BodyHandlers.ofString());
    if (a.statusCode() != 200) throw new IllegalStateException("POST /v1/recommend answered " + a.statusCode() + ": " + a.body());
    int rank = 0;
    int i = 0;
    for (JsonNode x : JSON.readTree(a.body()).path("items")) {
      i++;
      if (x.path("id").asText().equals(id)) rank = i;
    }
    r.put("rank", rank);
  }

  private HttpRequest request(String path, String json) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(timeoutS))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  /** The source item's fields with its title (or, without one, a {@code title} field) marked as a new edition. */
  private static Map<String, String> newFields(Map<String, String> source, int n) {
    Map<String, String> f = new LinkedHashMap<>(source);
    String title = f.getOrDefault("title", String.join(" ", source.values()));
    f.put("title", title + " (new edition " + (n + 1) + ")");
    return f;
  }

  private static ObjectNode summary(List<Double> xs) {
    ObjectNode s = JSON.createObjectNode();
    s.put("count", xs.size());
    if (xs.isEmpty()) return s;
    s.put("median", round(pct(xs, 50)));
    s.put("p95", round(pct(xs, 95)));
    s.put("max", round(pct(xs, 100)));
    s.put("mean", round(xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
    return s;
  }

  /** Nearest-rank percentile ({@code NaN} for no values). */
  static double pct(List<Double> xs, double p) {
    if (xs.isEmpty()) return Double.NaN;
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    int rank = (int) Math.ceil(p / 100.0 * a.length);
    return a[Math.max(0, Math.min(a.length - 1, rank - 1))];
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
