package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.ann.HnswParams;
import io.llmesr.data.DataFormatException;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.recommend.BundleRecommender;
import io.llmesr.recommend.LoadedRun;
import io.llmesr.recommend.ModelScorer;
import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.SimilarIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model bundles end to end: every backbone, plain and LLM-ESR, trained on a small real-text dataset, exported, and
 * loaded with nothing else; the bundle answers exactly what the run answers; {@code recommend} on the command line;
 * corrupt bundles refused by file; items added by text (cold start) found, recommended and kept across a restart.
 */
class BundleCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] BACKBONES = {"sasrec", "bert4rec", "gru4rec"};
  private static final String[] METHODS = {"plain", "llmesr"};
  @TempDir static Path tmp;
  static Path ds;
  static Dataset dataset;

  @BeforeAll
  static void trainEveryModel() throws Exception {
    Path src = TinySource.write(tmp.resolve("src"), 150, 200, 5);
    ds = tmp.resolve("ds");
    ok("prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore", "--kcore", "3", "--out", ds.toString());
    ok("embed", ds.toString());
    ok("pca", ds.toString(), "--dim", "16");
    ok("similar-users", ds.toString(), "--top", "10");
    dataset = DatasetIO.read(ds);
    for (String b : BACKBONES) {
      for (String m : METHODS) {
        // LLM-ESR-SASRec (the cold-start tests' model) trains long enough to learn which kind follows which
        String epochs = b.equals("sasrec") && m.equals("llmesr") ? "12" : "3";
        ok("train", ds.toString(), "--backbone", b, "--method", m, "--preset", "fast", "--epochs", epochs, "--max-len", "20",
            "--set", "model.hidden_size=16", "--set", "train.batch_size=32", "--set", "train.lr=0.01", "--no-test",
            "--out", run(b, m).toString());
        ok("export", run(b, m).toString(), "--out", bundle(b, m).toString());
      }
    }
  }

  static Path run(String b, String m) {
    return tmp.resolve("runs").resolve(b + "-" + m);
  }

  static Path bundle(String b, String m) {
    return tmp.resolve("bundles").resolve(b + "-" + m);
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  /** Training histories of the first users, as item indices. */
  private static List<int[]> histories(int users) {
    List<int[]> out = new ArrayList<>();
    for (int u = 0; u < users; u++) out.add(Arrays.copyOf(dataset.sequences()[u], dataset.trainEnd()[u]));
    return out;
  }

  private static List<String> rawIds(int[] items) {
    List<String> out = new ArrayList<>();
    for (int i : items) out.add(dataset.itemIds().get(i));
    return out;
  }

  @Test
  void aBundleAnswersWhatItsRunAnswersForEveryBackboneAndMethod() throws Exception {
    for (String b : BACKBONES) {
      for (String m : METHODS) {
        try (LoadedRun run = LoadedRun.open(run(b, m)); BundleRecommender rec = BundleRecommender.open(bundle(b, m))) {
          ModelScorer scorer = run.scorer(64);
          List<Recommender.Request> batch = new ArrayList<>();
          List<ModelScorer.TopK> expected = new ArrayList<>();
          for (int[] h : histories(25)) {
            batch.add(Recommender.Request.of(rawIds(h), 10));
            expected.add(scorer.topK(h, 10, h));
          }
          List<Recommender.Recommendation> got = rec.recommend(batch);   // one batched pass
          for (int r = 0; r < batch.size(); r++) {
            List<Recommender.ScoredItem> items = got.get(r).items();
            assertThat(items.stream().map(Recommender.ScoredItem::id).toList()).as(b + "/" + m + " user " + r)
                .isEqualTo(rawIds(expected.get(r).items()));
            for (int j = 0; j < items.size(); j++) {
              assertThat(items.get(j).score()).as(b + "/" + m).isCloseTo(expected.get(r).scores()[j], offset(1e-4f));
            }
            // one request alone gives the same list as inside the batch (scores up to float rounding: the batch is
            // padded to its longest history)
            if (r < 3) {
              List<Recommender.ScoredItem> alone = rec.recommend(batch.get(r)).items();
              assertThat(alone).extracting(Recommender.ScoredItem::id)
                  .isEqualTo(items.stream().map(Recommender.ScoredItem::id).toList());
              for (int j = 0; j < alone.size(); j++) {
                assertThat(alone.get(j).score()).isCloseTo(items.get(j).score(), offset(1e-4f));
              }
            }
          }
          assertThat(rec.info().method()).isEqualTo(m);
          assertThat(rec.info().backbone()).isEqualTo(b);
        }
      }
    }
  }

  @Test
  void theBundleNeedsNeitherTheRunNorTheDataset() throws Exception {
    Path moved = tmp.resolve("moved");
    copyTree(bundle("sasrec", "llmesr"), moved);
    try (BundleRecommender rec = BundleRecommender.open(moved)) {
      assertThat(rec.info().items()).isEqualTo(dataset.numItems());
      assertThat(rec.item(dataset.itemIds().get(1))).isPresent();
    }
    String config = Files.readString(moved.resolve("config.json"));
    assertThat(config).doesNotContain(tmp.toString());
  }

  @Test
  void recommendOnTheCommandLine() throws Exception {
    List<String> h = rawIds(histories(1).get(0));
    CliRun r = ok("recommend", bundle("sasrec", "llmesr").toString(), "--history", String.join(",", h) + ",no-such-id",
        "--k", "5", "--json");
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("items")).hasSize(5);
    for (JsonNode it : j.get("items")) {
      assertThat(it.has("id") && it.has("score") && it.has("title") && it.has("tail")).isTrue();
      assertThat(h).doesNotContain(it.get("id").asText());
    }
    assertThat(j.get("unknown_ids").get(0).asText()).isEqualTo("no-such-id");
    CliRun none = CliRun.of("recommend", bundle("sasrec", "llmesr").toString(), "--history", "x,y");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("none of the 2 history ids is in the catalogue");
    CliRun table = ok("recommend", bundle("gru4rec", "plain").toString(), "--history", h.get(0), "--k", "3");
    assertThat(table.out()).contains("rank", "title");

    Path in = tmp.resolve("requests.jsonl");
    Files.write(in, List.of("{\"history\":[\"" + h.get(0) + "\"],\"k\":2}", "{\"history\": 5}", "not json",
        "{\"history\":[\"" + h.get(1) + "\"],\"k\":0}", "{\"history\":[\"" + h.get(1) + "\"]}"));
    CliRun stream = CliRun.of("recommend", bundle("sasrec", "plain").toString(), "--requests", in.toString(), "--k", "4");
    assertThat(stream.exitCode()).isEqualTo(1);   // three bad lines
    String[] lines = stream.out().strip().split("\n");
    assertThat(lines).hasSize(5);
    JsonNode first = JSON.readTree(lines[0]);
    assertThat(first.get("line").asInt()).isEqualTo(1);
    assertThat(first.get("items")).hasSize(2);
    assertThat(JSON.readTree(lines[1]).get("field").asText()).isEqualTo("history");
    assertThat(JSON.readTree(lines[2]).get("error").asText()).contains("malformed JSON");
    List<JsonNode> rest = List.of(JSON.readTree(lines[3]), JSON.readTree(lines[4]));
    assertThat(rest).anySatisfy(n -> assertThat(n.path("field").asText()).isEqualTo("k"));
    assertThat(rest).anySatisfy(n -> assertThat(n.path("items")).hasSize(4));
  }

  @Test
  void aCorruptOrTruncatedBundleIsRefusedByFile() throws Exception {
    Path b = tmp.resolve("corrupt");
    copyTree(bundle("sasrec", "plain"), b);
    byte[] params = Files.readAllBytes(b.resolve("params.bin"));
    Files.write(b.resolve("params.bin"), Arrays.copyOf(params, params.length - 8));
    assertThatThrownBy(() -> BundleRecommender.open(b)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("params.bin").hasMessageContaining("truncated");
    Files.write(b.resolve("params.bin"), params);
    byte[] items = Files.readAllBytes(b.resolve("items.jsonl"));
    items[20] ^= 1;
    Files.write(b.resolve("items.jsonl"), items);
    assertThatThrownBy(() -> BundleRecommender.open(b)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("items.jsonl").hasMessageContaining("corrupt");
    Files.delete(b.resolve("bundle.json"));
    assertThatThrownBy(() -> BundleRecommender.open(b)).hasMessageContaining("not a model bundle");
    CliRun export = CliRun.of("export", run("sasrec", "plain").toString(), "--out", src().toString());
    assertThat(export.exitCode()).isEqualTo(1);
    assertThat(export.err()).contains("is not a model bundle");
  }

  private static Path src() {
    return tmp.resolve("src");
  }

  @Test
  void anItemAddedByTextIsSimilarToItsNearDuplicatesRecommendedAfterThemAndKept() throws Exception {
    Path b = tmp.resolve("cold");
    copyTree(bundle("sasrec", "llmesr"), b);
    // items i0-i2, i30-i32, i60-i62, ... are "<trait> lipstick no. N" (TinySource): the new one is another lipstick
    List<String> lipsticks = new ArrayList<>();
    for (int i = 1; i <= dataset.numItems(); i++) {
      String id = dataset.itemIds().get(i);
      if ((Integer.parseInt(id.substring(1)) / 3) % 10 == 0) lipsticks.add(id);
    }
    assertThat(lipsticks).hasSizeGreaterThanOrEqualTo(3);
    try (BundleRecommender rec = BundleRecommender.open(b)) {
      Recommender.Item added = rec.addItem(new Recommender.NewItem("new-lipstick", null,
          Map.of("title", "matte lipstick no. 999", "categories", "Beauty lipstick")));
      assertThat(added.added()).isTrue();
      assertThat(added.tail()).isTrue();
      assertThat(added.title()).isEqualTo("matte lipstick no. 999");
      assertThat(rec.item("new-lipstick")).contains(added);
      assertThat(rec.search("lipstick 999", 5)).extracting(Recommender.Item::id).containsExactly("new-lipstick");
      // nearest items of the new one are lipsticks, and it is among the nearest of a lipstick
      List<String> near = rec.similar("new-lipstick", 10).stream().map(Recommender.ScoredItem::id).toList();
      assertThat(near).containsAnyElementsOf(lipsticks);
      assertThat(lipsticks).anySatisfy(l -> assertThat(rec.similar(l, 10)).extracting(Recommender.ScoredItem::id)
          .contains("new-lipstick"));
      // after three lipsticks, the new lipstick ranks with its kind: above at least 90 % of the items of other kinds
      // (it has no interactions, so the trained lipsticks, whose collaborative vectors learnt who buys them, may
      // come first)
      List<String> recent = lipsticks.subList(0, 3);
      List<Recommender.ScoredItem> ranking = rec.recommend(Recommender.Request.of(recent, rec.info().items() - 3)).items();
      int at = ranking.stream().map(Recommender.ScoredItem::id).toList().indexOf("new-lipstick");
      assertThat(at).isNotNegative();
      long othersBelow = ranking.subList(at + 1, ranking.size()).stream().filter(x -> !lipsticks.contains(x.id())).count();
      long others = ranking.stream().filter(x -> !lipsticks.contains(x.id()) && !x.id().equals("new-lipstick")).count();
      assertThat((double) othersBelow / others).as("new lipstick at rank %d of %s", at + 1, ranking).isGreaterThan(0.9);
      // a history holding the added item is read (as its nearest trained item), not rejected
      assertThat(rec.recommend(Recommender.Request.of(List.of("new-lipstick"), 5)).historyUsed()).isEqualTo(1);
      assertThatThrownBy(() -> rec.addItem(new Recommender.NewItem("new-lipstick", "again", null)))
          .isInstanceOf(Recommender.ItemExistsException.class);
      assertThatThrownBy(() -> rec.addItem(new Recommender.NewItem(dataset.itemIds().get(1), "dup", null)))
          .isInstanceOf(Recommender.ItemExistsException.class);
      assertThatThrownBy(() -> rec.addItem(new Recommender.NewItem("empty", " ", null)))
          .isInstanceOf(Recommender.RequestException.class).hasMessageContaining("non-empty text");
      assertThat(rec.info().addedItems()).isEqualTo(1);
    }
    // a restart keeps the item and its vector
    try (BundleRecommender again = BundleRecommender.open(b)) {
      assertThat(again.item("new-lipstick")).isPresent();
      assertThat(again.recommend(Recommender.Request.of(lipsticks.subList(0, 3), again.info().items() - 3)).items())
          .extracting(Recommender.ScoredItem::id).contains("new-lipstick");
      assertThat(again.similar("new-lipstick", 10)).extracting(Recommender.ScoredItem::id).containsAnyElementsOf(lipsticks);
    }
    // the added items live beside the bundle; its checksummed files are untouched
    assertThat(b.resolve("added-items.jsonl")).isRegularFile();
    try (BundleRecommender verified = BundleRecommender.open(b)) {
      assertThat(verified.info().items()).isEqualTo(dataset.numItems() + 1);
    }
  }

  @Test
  void similarThroughTheHnswGraphGivesTheExactTopOneIncludingANearDuplicateAddedItem() throws Exception {
    Path be = tmp.resolve("similar-exact");
    Path bh = tmp.resolve("similar-hnsw");
    copyTree(bundle("sasrec", "llmesr"), be);
    copyTree(bundle("sasrec", "llmesr"), bh);
    SimilarIndex graph = new SimilarIndex(SimilarIndex.Kind.HNSW, new HnswParams(8, 40, 8));   // 8 candidates of 150
    try (BundleRecommender exact = BundleRecommender.open(be, null, new SimilarIndex(SimilarIndex.Kind.EXACT, HnswParams.defaults()));
         BundleRecommender ann = BundleRecommender.open(bh, null, graph)) {
      assertThat(exact.similarIndexed()).isFalse();
      assertThat(ann.similarIndexed()).isTrue();
      // a near-duplicate of a trained item, added by the same text (cold start: scanned beside the graph)
      String twin = dataset.itemIds().get(7);
      String title = exact.item(twin).orElseThrow().title();
      exact.addItem(new Recommender.NewItem("twin", title, null));
      ann.addItem(new Recommender.NewItem("twin", title, null));
      assertThat(ann.similar("twin", 1).get(0).id()).isEqualTo(exact.similar("twin", 1).get(0).id());
      for (int i = 1; i <= dataset.numItems(); i++) {
        String id = dataset.itemIds().get(i);
        Recommender.ScoredItem e = exact.similar(id, 3).get(0);
        Recommender.ScoredItem a = ann.similar(id, 3).get(0);
        assertThat(a.id()).as("top-1 of %s", id).isEqualTo(e.id());
        assertThat(a.score()).isEqualTo(e.score());
      }
    }
  }

  @Test
  void aPlainModelTakesNewItemsThroughTheRidgeMap() throws Exception {
    Path b = tmp.resolve("cold-plain");
    copyTree(bundle("gru4rec", "plain"), b);
    try (BundleRecommender rec = BundleRecommender.open(b)) {
      assertThat(rec.manifest().coldStart()).isEqualTo("regression");
      rec.addItem(new Recommender.NewItem("x1", "organic shampoo no. 1000", null));
      assertThat(rec.similar("x1", 3)).hasSize(3);
    }
    Files.writeString(b.resolve("added-items.jsonl"), "{broken\n", StandardOpenOption.APPEND);
    assertThatThrownBy(() -> BundleRecommender.open(b)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("added-items.jsonl");
  }

  @Test
  void theServerServesARealBundleAndTakesNewItems() throws Exception {
    Path b = tmp.resolve("served");
    copyTree(bundle("sasrec", "llmesr"), b);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    List<String> h = rawIds(histories(1).get(0));
    try (BundleRecommender direct = BundleRecommender.open(bundle("sasrec", "llmesr"));
         io.llmesr.server.LlmesrServer server = new io.llmesr.server.LlmesrServer(BundleRecommender.open(b),
             BundleRecommender::open, io.llmesr.server.ServerConfig.defaults().withPort(0)).start()) {
      String base = "http://127.0.0.1:" + server.port();
      JsonNode rec = post(http, base + "/v1/recommend", "{\"history\":" + JSON.writeValueAsString(h) + ",\"k\":5}", 200);
      List<Recommender.ScoredItem> expected = direct.recommend(Recommender.Request.of(h, 5)).items();
      for (int j = 0; j < 5; j++) {
        assertThat(rec.get("items").get(j).get("id").asText()).isEqualTo(expected.get(j).id());
        assertThat((float) rec.get("items").get(j).get("score").asDouble()).isCloseTo(expected.get(j).score(), offset(1e-5f));
      }
      JsonNode added = post(http, base + "/v1/items", "{\"id\":\"srv-new\",\"fields\":{\"title\":\"glossy lipstick no. 777\"}}", 201);
      assertThat(added.get("added").asBoolean()).isTrue();
      JsonNode similar = get(http, base + "/v1/items/srv-new/similar?k=10");
      List<String> near = new ArrayList<>();
      similar.get("items").forEach(x -> near.add(x.get("id").asText()));
      assertThat(near).anyMatch(id -> (Integer.parseInt(id.substring(1)) / 3) % 10 == 0);   // a lipstick
      post(http, base + "/v1/items", "{\"id\":\"srv-new\",\"text\":\"again\"}", 409);
      post(http, base + "/v1/recommend", "{\"history\":[\"nope\"],\"k\":5}", 400);
    }
    // the item was written beside the served bundle and is there after a restart
    try (BundleRecommender again = BundleRecommender.open(b)) {
      assertThat(again.item("srv-new")).isPresent();
    }
  }

  @Test
  void theServeVerbStartsAndStopsCleanly() throws Exception {
    Path log = tmp.resolve("serve.log");
    Process p = ChildCli.start(log, "serve", bundle("gru4rec", "plain").toString(), "--port", "0");
    try {
      String port = null;
      for (int i = 0; i < 600 && port == null; i++) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/")
            .matcher(Files.exists(log) ? Files.readString(log) : "");
        if (m.find()) port = m.group(1);
        else Thread.sleep(100);
      }
      assertThat(port).as(Files.readString(log)).isNotNull();
      JsonNode ready = get(java.net.http.HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/ready");
      assertThat(ready.get("ready").asBoolean()).isTrue();
    } finally {
      p.destroy();   // SIGTERM: the shutdown hook stops the server
    }
    assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log)).contains("Javalin has stopped");
  }

  private static JsonNode post(java.net.http.HttpClient http, String url, String body, int status) throws Exception {
    java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " " + body + " -> " + r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  private static JsonNode get(java.net.http.HttpClient http, String url) throws Exception {
    java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(t);
        else Files.copy(f, t);
      }
    }
  }
}
