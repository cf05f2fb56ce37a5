package io.llmesr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Gathers the outputs of {@code llmesr-bench/scripts/serving-bench.sh} in one directory into {@code results.json},
 * a Markdown summary {@code serving.md} and two plots ({@link ServingPlots}). It measures nothing itself.
 *
 * <p>Reads {@code runs/*.json} (one {@link LoadGenerator} JSON line each; the label says the phase: {@code fixed-*},
 * {@code search-*}, {@code soak*}), {@code add-items.json} ({@link AddItemTimer}), {@code ready.json} (the
 * server's {@code /ready} answer) and the soak's RSS CSV. The rate search's answer is the highest offered rate
 * among the {@code search-*} runs whose {@code slo_met} is true.
 */
@Command(name = "ServingReport", mixinStandardHelpOptions = true,
    description = "Serving benchmark outputs in DIR -> DIR/results.json, DIR/serving.md, DIR/serving-latency.png, DIR/serving-rss.png")
public final class ServingReport implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", paramLabel = "DIR", description = "the benchmark's output directory")
  Path dir;

  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "facts to record (machine, commit, bundle, ...)")
  Map<String, String> meta = new LinkedHashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new ServingReport()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<JsonNode> runs = new ArrayList<>();
    Path runDir = dir.resolve("runs");
    if (Files.isDirectory(runDir)) {
      try (Stream<Path> files = Files.list(runDir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) runs.add(JSON.readTree(line));
          }
        }
      }
    }
    runs.sort(Comparator.comparing(r -> r.path("started_at").asText()));
    List<JsonNode> fixed = byPrefix(runs, "fixed");
    List<JsonNode> search = byPrefix(runs, "search");
    List<JsonNode> soak = byPrefix(runs, "soak");

    ObjectNode results = JSON.createObjectNode();
    results.put("bench", "serving");
    ObjectNode m = results.putObject("meta");
    meta.forEach(m::put);
    JsonNode ready = readJson(dir.resolve("ready.json"));
    if (ready != null) results.set("server", ready.path("model"));
    results.set("fixed", JSON.valueToTree(fixed));
    ObjectNode s = results.putObject("search");
    JsonNode best = search.stream().filter(r -> r.path("slo_met").asBoolean())
        .max(Comparator.comparingDouble(r -> r.path("rate").asDouble())).orElse(null);
    double slo = runs.isEmpty() ? 50 : runs.get(0).path("slo_p99_ms").asDouble(50);
    s.put("slo", "p99 <= " + fmt(slo) + " ms and every answer 200");
    if (best == null) s.putNull("best_rate");
    else s.put("best_rate", best.path("rate").asDouble());
    s.set("runs", JSON.valueToTree(search));
    if (!soak.isEmpty()) results.set("soak", soak.get(soak.size() - 1));
    JsonNode add = readJson(dir.resolve("add-items.json"));
    if (add != null) results.set("add_item", add);

    List<double[]> rss = new ArrayList<>();
    if (!soak.isEmpty() && soak.get(soak.size() - 1).has("rss")) {
      Path csv = dir.resolve(soak.get(soak.size() - 1).path("rss").path("csv").asText());
      if (Files.exists(csv)) rss = readRss(csv);
    }
    ServingPlots.latencyVsRate(fixed, search, slo, dir.resolve("serving-latency.png"));
    ServingPlots.rssOverTime(rss, dir.resolve("serving-rss.png"));
    results.put("plots", "serving-latency.png, serving-rss.png");

    Files.writeString(dir.resolve("results.json"), JSON.writeValueAsString(results) + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("serving.md"), markdown(fixed, search, best, slo, soak, add), StandardCharsets.UTF_8);
    System.out.println("wrote " + dir.resolve("results.json") + ", serving.md, serving-latency.png, serving-rss.png");
    return 0;
  }

  private String markdown(List<JsonNode> fixed, List<JsonNode> search, JsonNode best, double slo, List<JsonNode> soak, JsonNode add) {
    StringBuilder b = new StringBuilder("# Serving benchmark\n\n");
    meta.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    b.append("\nOpen loop (`io.llmesr.bench.LoadGenerator`): requests at a fixed rate, latency from the scheduled send time "
        + "(no coordinated omission), `POST /v1/recommend` with k=10 and test users' histories. Latency of `200` answers in ms.\n\n");
    b.append("| run | offered /s | sent /s | ok /s | p50 | p95 | p99 | max | 200 | 503 | other | errors | send lag max | SLO |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    List<JsonNode> all = new ArrayList<>(fixed);
    all.addAll(search);
    all.addAll(soak);
    for (JsonNode r : all) {
      JsonNode l = r.path("latency_ms");
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %s | %s |%n",
          r.path("label").asText(), fmt(r.path("rate").asDouble()), fmt(r.path("sent_per_s").asDouble()),
          fmt(r.path("throughput_ok_per_s").asDouble()), ms(l, "p50"), ms(l, "p95"), ms(l, "p99"), ms(l, "max"),
          r.path("status").path("200").asLong(), r.path("status").path("503").asLong(), r.path("status").path("other").asLong(),
          r.path("errors_total").asLong(), fmt(r.path("max_send_lag_ms").asDouble()), r.path("slo_met").asBoolean() ? "met" : "no"));
    }
    b.append("\nSLO: p99 ≤ ").append(fmt(slo)).append(" ms and every answer `200`. ");
    if (search.isEmpty()) b.append("No rate search was run.\n");
    else if (best == null) b.append("Highest rate meeting it: none of the searched rates (").append(rates(search)).append(").\n");
    else b.append("Highest searched rate meeting it: **").append(fmt(best.path("rate").asDouble())).append(" req/s** (searched: ")
        .append(rates(search)).append(").\n");
    if (!soak.isEmpty()) {
      JsonNode r = soak.get(soak.size() - 1);
      JsonNode rss = r.path("rss");
      b.append(String.format(Locale.ROOT, "%nSoak: %s s at %s req/s, p99 %s ms, errors %d; server RSS %s → %s MiB (max %s, growth %s MiB, %d samples).%n",
          fmt(r.path("duration_s").asDouble()), fmt(r.path("rate").asDouble()), ms(r.path("latency_ms"), "p99"),
          r.path("errors_total").asLong() + r.path("status").path("503").asLong() + r.path("status").path("other").asLong(),
          mib(rss, "first_kb"), mib(rss, "last_kb"), mib(rss, "max_kb"), mib(rss, "growth_kb"), rss.path("samples").asInt()));
    }
    if (add != null) {
      b.append(String.format(Locale.ROOT, "%nAdd item (`io.llmesr.bench.AddItemTimer`): %d/%d new items visible; from sending "
              + "`POST /v1/items` to `GET /v1/items/{id}/similar` = 200: median %s ms, p95 %s ms, max %s ms "
              + "(POST round trip median %s ms; the first item, which may pay the encoder's load, %s ms); found in the top %d of a recommendation from its 3 nearest items: %d.%n",
          add.path("visible").asInt(), add.path("items").asInt(), ms(add.path("visible_ms"), "median"),
          ms(add.path("visible_ms"), "p95"), ms(add.path("visible_ms"), "max"), ms(add.path("post_ms"), "median"),
          ms(add, "first_visible_ms"), add.path("check_k").asInt(), add.path("in_top_k").asInt()));
    }
    b.append("\n![latency vs rate](serving-latency.png)\n\n![RSS during the soak](serving-rss.png)\n");
    return b.toString();
  }

  private static List<JsonNode> byPrefix(List<JsonNode> runs, String prefix) {
    return runs.stream().filter(r -> r.path("label").asText().startsWith(prefix)).toList();
  }

  private static String rates(List<JsonNode> runs) {
    return String.join(", ", runs.stream().map(r -> fmt(r.path("rate").asDouble()) + (r.path("slo_met").asBoolean() ? " ✓" : " ✗")).toList());
  }

  private static JsonNode readJson(Path f) throws java.io.IOException {
    if (!Files.exists(f)) return null;
    String text = Files.readString(f, StandardCharsets.UTF_8).trim();
    return text.isEmpty() ? null : JSON.readTree(text);
  }

  /** Rows {@code (t_s, rss_kb)} of the measured phase of an RSS CSV written by {@link RssSampler}. */
  static List<double[]> readRss(Path csv) throws java.io.IOException {
    List<double[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
      String[] c = line.split(",");
      if (c.length < 2 || c[0].equals("t_s")) continue;
      if (c.length > 2 && !c[2].equals("measure")) continue;
      rows.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1])});
    }
    return rows;
  }

  private static String ms(JsonNode n, String key) {
    return n.has(key) ? fmt(n.path(key).asDouble()) : "–";
  }

  private static String mib(JsonNode n, String key) {
    return n.has(key) ? String.format(Locale.ROOT, "%.1f", n.path(key).asDouble() / 1024.0) : "–";
  }

  static String fmt(double x) {
    if (Double.isNaN(x)) return "–";
    if (x == Math.rint(x) && Math.abs(x) < 1e9) return Long.toString((long) x);
    double a = Math.abs(x);
    return String.format(Locale.ROOT, a >= 99.95 ? "%.0f" : a >= 9.995 ? "%.1f" : "%.2f", x);
  }
}
