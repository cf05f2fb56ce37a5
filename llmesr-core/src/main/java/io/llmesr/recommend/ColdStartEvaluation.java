package io.llmesr.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmesr.data.DataFormatException;
import io.llmesr.data.io.AtomicFiles;
import io.llmesr.prepare.DatasetIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cold-start protocol (docs/serving.md, "Cold-start quality"): a dataset prepared with
 * {@code --hold-out-new-items} lacks its newest items; a model trained on it is exported, the held-out items are added
 * to the bundle by their text through {@link Recommender#addItem} (the code path of {@code POST /v1/items}), and every
 * held-out target — a user whose last item was one of them — is ranked against the whole catalogue (trained and added
 * items, the user's history excluded, the target never). HR@10 and NDCG@10 ({@code 1/log2(rank+1)} for rank ≤ 10)
 * over those users.
 *
 * <p>Because every target is an added item, a rule that lifted every added item for everybody would score well
 * here while spoiling everyone else's lists. So the same bundle also ranks the dataset's own test users (whose targets
 * are trained items) before and after the items are added, and counts how many added items enter their top 10
 * ({@code AddedShare@10}, the share of list slots taken by added items): a good rule finds the users who want a new
 * item without pushing it on the others.
 *
 * <p>Beside it: a popularity ranking (training popularity; added items have none) and, with {@code warm}, a bundle of a
 * model trained on the full dataset, which knows the items, on the same users and histories: the reference a
 * cold-start item can approach.
 */
public final class ColdStartEvaluation {
  /** Requests per model call. */
  static final int BATCH = 64;

  private ColdStartEvaluation() { }

  /**
   * What one evaluation found.
   *
   * @param model          method/backbone of the bundle, or {@code popularity}
   * @param rule           how added items got their collaborative vector ({@code pca}, {@code regression}), or
   *                       {@code warm} (the items were trained), {@code -} for popularity
   * @param targets        held-out targets
   * @param evaluated      targets with at least one known history item
   * @param hr10           HR@10 over the evaluated targets
   * @param ndcg10         NDCG@10
   * @param medianRank     median rank of the target (1 = first)
   * @param addedItems     items added by text
   * @param addMillisMedian median time to add one item (prompt, encoder, vectors, persistence), ms; 0 when none
   * @param addMillisP95   95th percentile of that
   * @param otherUsers     the dataset's test users (targets are trained items); 0 when not measured
   * @param otherHr10Before their HR@10 before the items were added
   * @param otherHr10After  their HR@10 after
   * @param addedShare10   share of their top-10 slots taken by added items after adding
   */
  public record Result(String model, String rule, int targets, int evaluated, double hr10, double ndcg10,
                       double medianRank, int addedItems, double addMillisMedian, double addMillisP95, int otherUsers,
                       double otherHr10Before, double otherHr10After, double addedShare10) { }

  /** What the dataset's own test users get: HR@10 and the share of top-10 slots taken by added items. */
  record Others(int users, double hr10, double addedShare10) {
    static final Others NONE = new Others(0, 0, 0);
  }

  /** A held-out user: history and target, raw ids. */
  record Target(String user, List<String> history, String target) { }

  /**
   * Evaluates a bundle on the hold-out of {@code dataset}.
   *
   * @param bundle  a bundle exported from a run trained on {@code dataset} (or, with {@code warm}, on the full data)
   * @param dataset a dataset directory prepared with {@code --hold-out-new-items}
   * @param rule    cold-start rule for added items ({@code pca}, {@code regression}, {@code null} = the bundle's)
   * @param warm    the bundle already knows the held-out items: add nothing
   */
  public static Result run(Path bundle, Path dataset, String rule, boolean warm) throws IOException {
    List<Target> targets = readTargets(dataset);
    Path copy = Files.createTempDirectory("llmesr-cold-start-");
    try {
      copyBundle(bundle, copy);
      try (BundleRecommender rec = BundleRecommender.open(copy, warm ? null : rule)) {
        List<Target> others = otherUsers(dataset, rec);
        Others before = others(rec, others);
        double[] addMillis = new double[0];
        if (!warm) {
          List<JsonNode> items = readJsonl(dataset.resolve(DatasetIO.HELD_OUT_ITEMS));
          addMillis = new double[items.size()];
          int k = 0;
          for (JsonNode it : items) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> f = it.path("fields").fields(); f.hasNext(); ) {
              Map.Entry<String, JsonNode> e = f.next();
              fields.put(e.getKey(), e.getValue().asText());
            }
            long t0 = System.nanoTime();
            rec.addItem(new Recommender.NewItem(it.path("id").asText(), null, fields));
            addMillis[k++] = (System.nanoTime() - t0) / 1e6;
          }
        }
        int[] ranks = ranks(rec, targets);
        Others after = warm ? before : others(rec, others);
        Arrays.sort(addMillis);
        return summary(rec.info().backbone() + "/" + rec.info().method(),
            warm ? "warm" : rec.manifest().coldStart().equals("none") ? "-" : (rule == null ? rec.manifest().coldStart() : rule),
            targets.size(), ranks, addMillis.length, quantile(addMillis, 0.5), quantile(addMillis, 0.95), before, after);
      }
    } finally {
      AtomicFiles.deleteRecursively(copy);
    }
  }

  /**
   * Popularity on the same targets: items ranked by training popularity (the bundle's), added items at 0, ties
   * ranked pessimistically.
   */
  public static Result popularity(Path bundle, Path dataset) throws IOException {
    List<Target> targets = readTargets(dataset);
    List<Bundle.ItemLine> items = Bundle.readItems(bundle, Bundle.readManifest(bundle).items());
    Map<String, Integer> pop = new LinkedHashMap<>();
    for (Bundle.ItemLine it : items) pop.put(it.id(), it.popularity());
    for (JsonNode it : readJsonl(dataset.resolve(DatasetIO.HELD_OUT_ITEMS))) pop.putIfAbsent(it.path("id").asText(), 0);
    int[] ranks = new int[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      Target q = targets.get(t);
      Set<String> skip = new HashSet<>(q.history());
      skip.remove(q.target());
      int p = pop.getOrDefault(q.target(), 0);
      int rank = 1;
      for (Map.Entry<String, Integer> e : pop.entrySet()) {
        if (e.getKey().equals(q.target()) || skip.contains(e.getKey())) continue;
        if (e.getValue() >= p) rank++;
      }
      ranks[t] = rank;
    }
    return summary("popularity", "-", targets.size(), ranks, 0, 0, 0, Others.NONE, Others.NONE);
  }

  /** Rank of each target (0 = the target could not be ranked: no known history item, or not in the catalogue). */
  private static int[] ranks(Recommender rec, List<Target> targets) {
    int total = rec.info().items();
    int[] ranks = new int[targets.size()];
    for (int start = 0; start < targets.size(); start += BATCH) {
      int end = Math.min(targets.size(), start + BATCH);
      List<Recommender.Request> batch = new ArrayList<>();
      List<Integer> which = new ArrayList<>();
      for (int t = start; t < end; t++) {
        Target q = targets.get(t);
        if (rec.item(q.target()).isEmpty() || q.history().stream().noneMatch(h -> rec.item(h).isPresent())) continue;
        List<String> exclude = new ArrayList<>(q.history());
        exclude.removeIf(q.target()::equals);
        batch.add(new Recommender.Request(q.history(), total, exclude, false));
        which.add(t);
      }
      if (batch.isEmpty()) continue;
      List<Recommender.Recommendation> answers = rec.recommend(batch);
      for (int b = 0; b < batch.size(); b++) {
        Target q = targets.get(which.get(b));
        List<Recommender.ScoredItem> list = answers.get(b).items();
        for (int r = 0; r < list.size(); r++) {
          if (list.get(r).id().equals(q.target())) {
            ranks[which.get(b)] = r + 1;
            break;
          }
        }
      }
    }
    return ranks;
  }

  /**
   * The dataset's test users as held-out-style targets: history = training and validation items, target = the test
   * item (raw ids); users whose history the bundle does not know at all are left out.
   */
  private static List<Target> otherUsers(Path dataset, Recommender rec) throws IOException {
    io.llmesr.prepare.Dataset d = DatasetIO.read(dataset);
    List<Target> out = new ArrayList<>();
    for (int u = 0; u < d.numUsers(); u++) {
      if (!d.hasTest(u)) continue;
      int[] s = d.sequences()[u];
      List<String> h = new ArrayList<>(d.validEnd()[u]);
      for (int j = 0; j < d.validEnd()[u]; j++) h.add(d.itemIds().get(s[j]));
      String target = d.itemIds().get(d.testTarget(u));
      if (rec.item(target).isPresent()) out.add(new Target(d.userIds().get(u), List.copyOf(h), target));
    }
    return out;
  }

  /** HR@10 of {@code users} and the share of their top-10 slots that added items take. */
  private static Others others(Recommender rec, List<Target> users) {
    int hits = 0;
    long added = 0;
    long slots = 0;
    for (int start = 0; start < users.size(); start += BATCH) {
      List<Target> part = users.subList(start, Math.min(users.size(), start + BATCH));
      List<Recommender.Request> batch = new ArrayList<>();
      for (Target q : part) {
        List<String> exclude = new ArrayList<>(q.history());
        exclude.removeIf(q.target()::equals);
        batch.add(new Recommender.Request(q.history(), 10, exclude, false));
      }
      List<Recommender.Recommendation> answers = rec.recommend(batch);
      for (int b = 0; b < part.size(); b++) {
        for (Recommender.ScoredItem it : answers.get(b).items()) {
          if (it.id().equals(part.get(b).target())) hits++;
          if (it.added()) added++;
          slots++;
        }
      }
    }
    return users.isEmpty() ? Others.NONE : new Others(users.size(), (double) hits / users.size(), (double) added / slots);
  }

  private static Result summary(String model, String rule, int targets, int[] ranks, int added, double addMedian,
                                double addP95, Others before, Others after) {
    int evaluated = 0;
    double hr = 0;
    double ndcg = 0;
    List<Integer> ok = new ArrayList<>();
    for (int r : ranks) {
      if (r <= 0) continue;
      evaluated++;
      ok.add(r);
      if (r <= 10) {
        hr += 1;
        ndcg += 1 / (Math.log(r + 1) / Math.log(2));
      }
    }
    double[] sorted = ok.stream().mapToDouble(Integer::doubleValue).sorted().toArray();
    return new Result(model, rule, targets, evaluated, evaluated == 0 ? 0 : hr / evaluated,
        evaluated == 0 ? 0 : ndcg / evaluated, quantile(sorted, 0.5), added, addMedian, addP95, after.users(),
        before.hr10(), after.hr10(), after.addedShare10());
  }

  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) return 0;
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  static List<Target> readTargets(Path dataset) throws IOException {
    List<Target> out = new ArrayList<>();
    for (JsonNode j : readJsonl(dataset.resolve(DatasetIO.HELD_OUT_TARGETS))) {
      List<String> h = new ArrayList<>();
      for (JsonNode x : j.path("history")) h.add(x.asText());
      out.add(new Target(j.path("user").asText(), List.copyOf(h), j.path("target").asText()));
    }
    return out;
  }

  private static List<JsonNode> readJsonl(Path f) throws IOException {
    if (!Files.isRegularFile(f)) {
      throw new DataFormatException(f, 0, null, "missing: prepare the dataset with --hold-out-new-items");
    }
    List<JsonNode> out = new ArrayList<>();
    long no = 0;
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      no++;
      if (line.isBlank()) continue;
      try {
        out.add(Bundle.JSON.readTree(line));
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new DataFormatException(f, no, null, "malformed JSON: " + e.getOriginalMessage());
      }
    }
    return out;
  }

  /** Copies a bundle's checksummed files (not its added items) so that the evaluation never writes into it. */
  private static void copyBundle(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else if (!p.getFileName().toString().equals(BundleLayout.ADDED)) Files.copy(p, t);
      }
    }
  }
}
