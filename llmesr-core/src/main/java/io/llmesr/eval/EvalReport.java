package io.llmesr.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one evaluation: protocol, split, thresholds and the metrics of each user group.
 *
 * <p>JSON ({@link #toJson()}):
 * <pre>{@code
 * {"protocol": "sampled100", "split": "test", "tie_rule": "pessimistic",
 *  "dataset": {"name": "...", "fingerprint": "sha256:..."}, "seed": 42, "candidates_file": "...",
 *  "max_len": 200, "ks": [5, 10, 20],
 *  "thresholds": {"tail_user_below": 9, "tail_item_below": 4, "source": "paper-beauty"},
 *  "groups": {"overall": {"HR@5": .., "HR@10": .., "HR@20": .., "NDCG@5": .., "NDCG@10": .., "NDCG@20": ..,
 *                         "MRR": .., "n": 22363},
 *             "tail_item": {...}, "head_item": {...}, "tail_user": {...}, "head_user": {...}},
 *  "lists": {"overall": {"AvgPop@5": .., "AvgPop@10": .., .., "TailShare@10": .., .., "Coverage@20": .., "n": 22363},
 *            "tail_item": {...}, ...},
 *  "elapsed_seconds": 1.2}
 * }</pre>
 * {@code lists} ({@link ListMetrics}) is present for full ranking only.
 * {@code seed} and {@code candidates_file} are {@code null} for the full protocol; metrics of an empty group
 * are {@code null}. Per-user ranks ({@link #userRanks()}) are not part of the JSON; write them with
 * {@link UserRanks#writeCsv(Path)}.
 *
 * @param protocol           the ranking protocol
 * @param split              valid or test
 * @param datasetName        the dataset's name
 * @param datasetFingerprint {@link DatasetFingerprint} of the evaluated dataset
 * @param seed               seed of the sampled negatives; {@code null} for full ranking
 * @param candidatesFile     the saved candidates file, or {@code null}
 * @param maxLen             max input length L
 * @param ks                 the cut-offs
 * @param thresholds         head/tail thresholds actually used
 * @param groups             metrics per group, every {@link EvalGroup} present
 * @param lists              top-K list metrics per group (full ranking), or empty
 * @param elapsedSeconds     wall time of the evaluation (scorer included)
 * @param userRanks          per-user ranks, or {@code null} (e.g. when read back from JSON)
 */
public record EvalReport(EvalProtocol protocol, EvalSplit split, String datasetName, String datasetFingerprint,
                         Long seed, String candidatesFile, int maxLen, List<Integer> ks, GroupThresholds thresholds,
                         Map<EvalGroup, GroupMetrics> groups, Map<EvalGroup, ListMetrics> lists,
                         double elapsedSeconds, UserRanks userRanks) {

  /** The tie rule written in every report. */
  public static final String TIE_RULE = "pessimistic";

  private static final ObjectMapper JSON = new ObjectMapper();

  public EvalReport {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(thresholds, "thresholds");
    ks = List.copyOf(ks);
    EnumMap<EvalGroup, GroupMetrics> copy = new EnumMap<>(EvalGroup.class);
    copy.putAll(groups);
    for (EvalGroup g : EvalGroup.values()) {
      if (!copy.containsKey(g)) throw new IllegalArgumentException("group " + g.key() + " missing");
    }
    groups = Collections.unmodifiableMap(copy);
    EnumMap<EvalGroup, ListMetrics> listCopy = new EnumMap<>(EvalGroup.class);
    if (lists != null) listCopy.putAll(lists);
    if (!listCopy.isEmpty() && listCopy.size() != EvalGroup.values().length) {
      throw new IllegalArgumentException("list metrics must cover every group or none");
    }
    lists = Collections.unmodifiableMap(listCopy);
  }

  /** Metrics of all evaluated users. */
  public GroupMetrics overall() {
    return groups.get(EvalGroup.OVERALL);
  }

  /** Metrics of one group. */
  public GroupMetrics group(EvalGroup g) {
    return groups.get(g);
  }

  /**
   * A metric of one group by report name: a ranking metric ({@code HR@10}, {@code NDCG@10}, {@code MRR}) or a
   * top-K list metric of full ranking ({@code AvgPop@10}, {@code TailShare@10}, {@code Coverage@10}).
   */
  public double metric(EvalGroup g, String name) {
    if (name.startsWith("HR@") || name.startsWith("NDCG@") || name.equals("MRR")) return groups.get(g).metric(name);
    if (lists.isEmpty()) {
      throw new IllegalArgumentException("'" + name + "' is not a ranking metric, and this " + protocol.label()
          + " report has no top-K list metrics (full ranking only)");
    }
    return lists.get(g).metric(name);
  }

  /** The same report without per-user ranks (e.g. to keep many epochs in memory). */
  public EvalReport withoutUserRanks() {
    return new EvalReport(protocol, split, datasetName, datasetFingerprint, seed, candidatesFile, maxLen, ks,
        thresholds, groups, lists, elapsedSeconds, null);
  }

  /** A one-line description of the candidates: what the target is ranked against. */
  public String candidatesDescription() {
    if (protocol == EvalProtocol.POP100) {
      return "target + " + SampledCandidates.NUM_NEGATIVES + " popularity-sampled negatives (seed " + seed + ")";
    }
    return protocol == EvalProtocol.SAMPLED100
        ? "target + " + SampledCandidates.NUM_NEGATIVES + " sampled negatives (seed " + seed + ")"
        : "all items minus the input history";
  }

  /** The report as a Jackson tree (shape in the class comment). */
  public ObjectNode toJsonTree() {
    ObjectNode root = JSON.createObjectNode();
    root.put("protocol", protocol.label());
    root.put("split", split.label());
    root.put("tie_rule", TIE_RULE);
    ObjectNode ds = root.putObject("dataset");
    ds.put("name", datasetName);
    ds.put("fingerprint", datasetFingerprint);
    if (seed == null) root.putNull("seed"); else root.put("seed", seed);
    root.put("candidates_file", candidatesFile);
    root.put("max_len", maxLen);
    ArrayNode k = root.putArray("ks");
    ks.forEach(k::add);
    ObjectNode t = root.putObject("thresholds");
    t.put("tail_user_below", thresholds.tailUserBelow());
    t.put("tail_item_below", thresholds.tailItemBelow());
    t.put("source", thresholds.source());
    ObjectNode gs = root.putObject("groups");
    for (EvalGroup g : EvalGroup.values()) putMetrics(gs.putObject(g.key()), groups.get(g).asMap(), groups.get(g).n());
    if (!lists.isEmpty()) {
      ObjectNode ls = root.putObject("lists");
      for (EvalGroup g : EvalGroup.values()) putMetrics(ls.putObject(g.key()), lists.get(g).asMap(), lists.get(g).n());
    }
    root.put("elapsed_seconds", elapsedSeconds);
    return root;
  }

  /** One group's metrics as JSON fields (NaN, i.e. an empty group, as null), then its user count {@code n}. */
  private static void putMetrics(ObjectNode o, Map<String, Double> metrics, int n) {
    metrics.forEach((name, v) -> {
      if (Double.isNaN(v)) o.putNull(name); else o.put(name, v);
    });
    o.put("n", n);
  }

  /** The report as pretty-printed JSON. */
  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJsonTree());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #toJson()} to {@code file} atomically. */
  public void writeJson(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson() + "\n");
  }

  /** Reads a report written by {@link #toJson()} (without per-user ranks). */
  public static EvalReport fromJson(String json) throws IOException {
    JsonNode r = JSON.readTree(json);
    List<Integer> ks = new ArrayList<>();
    r.path("ks").forEach(n -> ks.add(n.asInt()));
    JsonNode t = r.path("thresholds");
    GroupThresholds th = new GroupThresholds(t.path("tail_user_below").asInt(), t.path("tail_item_below").asInt(),
        t.path("source").asText());
    EnumMap<EvalGroup, GroupMetrics> groups = new EnumMap<>(EvalGroup.class);
    for (EvalGroup g : EvalGroup.values()) {
      JsonNode o = r.path("groups").get(g.key());
      if (o == null) throw new IOException("report JSON: missing group '" + g.key() + "'");
      List<Double> hr = new ArrayList<>();
      List<Double> ndcg = new ArrayList<>();
      for (int k : ks) {
        hr.add(number(o, "HR@" + k));
        ndcg.add(number(o, "NDCG@" + k));
      }
      groups.put(g, new GroupMetrics(ks, hr, ndcg, number(o, "MRR"), o.path("n").asInt()));
    }
    EnumMap<EvalGroup, ListMetrics> lists = new EnumMap<>(EvalGroup.class);
    if (r.hasNonNull("lists")) {
      for (EvalGroup g : EvalGroup.values()) {
        JsonNode o = r.path("lists").get(g.key());
        if (o == null) throw new IOException("report JSON: missing list group '" + g.key() + "'");
        List<Double> pop = new ArrayList<>();
        List<Double> tail = new ArrayList<>();
        List<Double> cov = new ArrayList<>();
        for (int k : ks) {
          pop.add(number(o, "AvgPop@" + k));
          tail.add(number(o, "TailShare@" + k));
          cov.add(number(o, "Coverage@" + k));
        }
        lists.put(g, new ListMetrics(ks, pop, tail, cov, o.path("n").asInt()));
      }
    }
    JsonNode seed = r.get("seed");
    JsonNode cf = r.get("candidates_file");
    return new EvalReport(EvalProtocol.parse(r.path("protocol").asText()), EvalSplit.parse(r.path("split").asText()),
        r.path("dataset").path("name").asText(), r.path("dataset").path("fingerprint").asText(),
        seed == null || seed.isNull() ? null : seed.asLong(), cf == null || cf.isNull() ? null : cf.asText(),
        r.path("max_len").asInt(), ks, th, groups, lists, r.path("elapsed_seconds").asDouble(), null);
  }

  /** Reads a report file written by {@link #writeJson(Path)}. */
  public static EvalReport readJson(Path file) throws IOException {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static double number(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }

  /**
   * A printable table: a header naming protocol, split, tie rule, candidates, L and thresholds, then one row per
   * group with its user count {@code n} beside the metrics.
   */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s / %s on %s — ties %s — %s — L = %d%n", protocol.label(),
        split.label(), datasetName, TIE_RULE, candidatesDescription(), maxLen));
    sb.append("thresholds: ").append(thresholds).append(System.lineSeparator());
    List<String> names = overall().metricNames();
    sb.append(String.format(Locale.ROOT, "%-10s %7s", "group", "n"));
    for (String n : names) sb.append(String.format(Locale.ROOT, " %8s", n));
    sb.append(System.lineSeparator());
    for (EvalGroup g : EvalGroup.values()) {
      GroupMetrics m = groups.get(g);
      sb.append(String.format(Locale.ROOT, "%-10s %7d", g.key(), m.n()));
      for (String n : names) {
        double v = m.metric(n);
        sb.append(Double.isNaN(v) ? String.format(Locale.ROOT, " %8s", "-") : String.format(Locale.ROOT, " %8.4f", v));
      }
      sb.append(System.lineSeparator());
    }
    if (!lists.isEmpty()) {
      List<String> listNames = new ArrayList<>(lists.get(EvalGroup.OVERALL).asMap().keySet());
      sb.append("top-K lists (AvgPop: mean popularity of listed items; TailShare: share of tail items; Coverage: ")
          .append("distinct listed items / N)").append(System.lineSeparator());
      sb.append(String.format(Locale.ROOT, "%-10s %7s", "group", "n"));
      for (String n : listNames) sb.append(String.format(Locale.ROOT, " %12s", n));
      sb.append(System.lineSeparator());
      for (EvalGroup g : EvalGroup.values()) {
        ListMetrics m = lists.get(g);
        sb.append(String.format(Locale.ROOT, "%-10s %7d", g.key(), m.n()));
        for (String n : listNames) {
          double v = m.metric(n);
          sb.append(Double.isNaN(v) ? String.format(Locale.ROOT, " %12s", "-")
              : String.format(Locale.ROOT, " %12.4f", v));
        }
        sb.append(System.lineSeparator());
      }
    }
    return sb.toString();
  }
}
