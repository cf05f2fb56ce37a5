package io.llmesr.eval;

import io.llmesr.prepare.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a {@link Scorer} on a {@link Dataset} (docs/model.md §5): for every user with a target in the split, the
 * model scores the candidates given the user's evaluation input (truncated to its last L items), the target's
 * pessimistic rank is computed ({@link Ranking}), and HR@K, NDCG@K and MRR are averaged overall and per
 * head/tail group ({@link GroupThresholds}). Full ranking also keeps each user's top-K list ({@link TopK}) and
 * reports what the lists contain ({@link ListMetrics}: popularity, tail share, coverage).
 *
 * <p>Users are scored in batches of {@link EvalSpec#batchSize()}; full ranking keeps at most one batch of score
 * rows in memory. Ranks are stored per user and summed in user order afterwards, so results do not depend on
 * the batch size (given a {@link Scorer} that scores each user independently, as its contract requires).
 *
 * <p>An instance caches the sampled candidates it has loaded or drawn (keyed by dataset fingerprint, split,
 * seed and directory), so a trainer that calls {@link #evaluate} on the validation split every epoch reads or
 * draws them once. Instances are thread-safe; evaluation itself runs on the calling thread.
 *
 * <p>Note: the official code skips the first test user's hit in its item-group metrics while still counting
 * the user in the denominator (docs/model.md §5.3). That quirk is not reproduced: every user counts fully in every
 * group.
 */
public final class Evaluator {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
  private static final long PROGRESS_INTERVAL_MS = 10_000;
  private static final int CACHE_LIMIT = 8;

  private final Map<String, SampledCandidates> candidateCache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SampledCandidates> eldest) {
      return size() > CACHE_LIMIT;
    }
  };
  private Dataset lastDataset;
  private String lastFingerprint;

  /** Evaluates {@code scorer} on {@code ds} as {@code spec} says. */
  public EvalReport evaluate(Dataset ds, Scorer scorer, EvalSpec spec) {
    String fingerprint = fingerprint(ds);
    GroupThresholds thresholds = spec.thresholds().resolve(ds, spec.maxLen());
    SampledCandidates candidates = null;
    int[] users;
    if (spec.protocol().isSampled()) {
      candidates = candidates(ds, spec, fingerprint);
      users = new int[candidates.size()];
      for (int r = 0; r < users.length; r++) users[r] = candidates.user(r);
    } else {
      users = usersWithTarget(ds, spec.split());
    }

    int m = users.length;
    int[] ranks = new int[m];
    int[] numCandidates = new int[m];
    String what = "evaluate " + spec.protocol() + "/" + spec.split() + " on " + ds.name();
    ProgressLog progress = new ProgressLog(LOG, what, "users", m, PROGRESS_INTERVAL_MS);
    int n = ds.numItems();
    int[] stamp = spec.protocol() == EvalProtocol.FULL ? new int[n + 1] : null;
    int listLength = spec.ks().stream().mapToInt(Integer::intValue).max().orElse(0);
    int[][] lists = stamp != null ? new int[m][] : null;
    for (int start = 0; start < m; start += spec.batchSize()) {
      int b = Math.min(spec.batchSize(), m - start);
      int[] batchUsers = Arrays.copyOfRange(users, start, start + b);
      int[][] inputs = new int[b][];
      for (int i = 0; i < b; i++) inputs[i] = truncatedInput(ds, spec.split(), batchUsers[i], spec.maxLen());
      if (candidates != null) {
        int[][] cands = new int[b][];
        for (int i = 0; i < b; i++) cands[i] = candidates.candidates(start + i);
        float[][] scores = scorer.scoreCandidates(batchUsers, inputs, cands);
        checkShape(scores, b, SampledCandidates.NUM_NEGATIVES + 1, "scoreCandidates");
        for (int i = 0; i < b; i++) {
          ranks[start + i] = Ranking.rankOfFirst(scores[i], batchUsers[i]);
          numCandidates[start + i] = SampledCandidates.NUM_NEGATIVES + 1;
        }
      } else {
        float[][] scores = scorer.scoreAll(batchUsers, inputs);
        checkShape(scores, b, n + 1, "scoreAll");
        for (int i = 0; i < b; i++) {
          int u = batchUsers[i];
          int target = spec.split().target(ds, u);
          int mark = u + 1;
          int excluded = 0;
          int[] seq = ds.sequences()[u];
          for (int j = 0, end = spec.split().inputEnd(ds, u); j < end; j++) {
            int item = seq[j];
            if (item != target && stamp[item] != mark) {
              stamp[item] = mark;
              excluded++;
            }
          }
          ranks[start + i] = Ranking.rankInFull(scores[i], target, stamp, mark, u);
          lists[start + i] = TopK.select(scores[i], listLength, stamp, mark, target);
          numCandidates[start + i] = n - excluded;
        }
      }
      progress.update(start + b);
    }
    double seconds = progress.finish();

    UserRanks perUser = userRanks(ds, spec, thresholds, users, ranks, numCandidates);
    Map<EvalGroup, GroupMetrics> groups = groupMetrics(spec, perUser);
    Map<EvalGroup, ListMetrics> listMetrics = lists == null ? Map.of()
        : listMetrics(spec, perUser, lists, ds.itemPopularity(), thresholds, n);
    Path file = candidates != null && spec.candidatesDir() != null
        ? SampledCandidates.fileFor(spec.candidatesDir(), spec.protocol(), spec.split(), spec.seed()) : null;
    return new EvalReport(spec.protocol(), spec.split(), ds.name(), fingerprint,
        spec.protocol().isSampled() ? spec.seed() : null, file == null ? null : file.toString(),
        spec.maxLen(), spec.ks(), thresholds, groups, listMetrics, seconds, perUser);
  }

  /**
   * Overall NDCG@10 on the validation split with {@code spec}'s protocol — the early-stopping criterion of the
   * paper (docs/model.md §4.4). Repeated calls on the same instance reuse the candidate sets.
   */
  public double validationNdcg10(Dataset ds, Scorer scorer, EvalSpec spec) {
    EvalSpec s = spec.withSplit(EvalSplit.VALID);
    if (!s.ks().contains(10)) {
      java.util.List<Integer> ks = new java.util.ArrayList<>(s.ks());
      ks.add(10);
      s = s.withKs(ks);
    }
    return evaluate(ds, scorer, s).overall().ndcg(10);
  }

  /** Users with a target in {@code split}, ascending. */
  public static int[] usersWithTarget(Dataset ds, EvalSplit split) {
    int count = 0;
    for (int u = 0; u < ds.numUsers(); u++) if (split.hasTarget(ds, u)) count++;
    int[] users = new int[count];
    for (int u = 0, r = 0; u < ds.numUsers(); u++) if (split.hasTarget(ds, u)) users[r++] = u;
    return users;
  }

  /** User {@code u}'s evaluation input, truncated to its last {@code maxLen} items (oldest first). */
  public static int[] truncatedInput(Dataset ds, EvalSplit split, int u, int maxLen) {
    int end = split.inputEnd(ds, u);
    return Arrays.copyOfRange(ds.sequences()[u], Math.max(0, end - maxLen), end);
  }

  private synchronized String fingerprint(Dataset ds) {
    if (ds != lastDataset) {
      lastFingerprint = DatasetFingerprint.of(ds);
      lastDataset = ds;
    }
    return lastFingerprint;
  }

  private synchronized SampledCandidates candidates(Dataset ds, EvalSpec spec, String fingerprint) {
    Path dir = spec.candidatesDir();
    String key = fingerprint + "|" + spec.protocol() + "|" + spec.split() + "|" + spec.seed() + "|"
        + (dir == null ? "" : dir.toAbsolutePath().normalize());
    SampledCandidates c = candidateCache.get(key);
    if (c == null) {
      c = dir == null
          ? SampledCandidates.draw(ds, spec.protocol(), spec.split(), spec.seed(), fingerprint)
          : SampledCandidates.loadOrDraw(ds, spec.protocol(), spec.split(), spec.seed(), dir, fingerprint);
      candidateCache.put(key, c);
    }
    return c;
  }

  private static void checkShape(float[][] scores, int rows, int cols, String method) {
    if (scores == null || scores.length != rows) {
      throw new IllegalStateException("Scorer." + method + " returned " + (scores == null ? "null" : scores.length
          + " rows") + " for a batch of " + rows + " users");
    }
    for (int i = 0; i < rows; i++) {
      if (scores[i] == null || scores[i].length != cols) {
        throw new IllegalStateException("Scorer." + method + " returned a row of length "
            + (scores[i] == null ? "null" : scores[i].length) + " for batch row " + i + ", expected " + cols);
      }
    }
  }

  private static UserRanks userRanks(Dataset ds, EvalSpec spec, GroupThresholds th, int[] users, int[] ranks,
                                     int[] numCandidates) {
    int m = users.length;
    int[] pop = ds.itemPopularity();
    int[] targets = new int[m];
    int[] inputLen = new int[m];
    int[] targetPop = new int[m];
    boolean[] tailUser = new boolean[m];
    boolean[] tailItem = new boolean[m];
    for (int r = 0; r < m; r++) {
      int u = users[r];
      targets[r] = spec.split().target(ds, u);
      inputLen[r] = Math.min(spec.split().inputEnd(ds, u), spec.maxLen());
      targetPop[r] = pop[targets[r]];
      tailUser[r] = th.isTailUser(inputLen[r]);
      tailItem[r] = th.isTailItem(targetPop[r]);
    }
    return new UserRanks(users, targets, ranks, numCandidates, inputLen, targetPop, tailUser, tailItem,
        ds.userIds(), ds.itemIds());
  }

  private static Map<EvalGroup, GroupMetrics> groupMetrics(EvalSpec spec, UserRanks ur) {
    Map<EvalGroup, GroupMetrics.Sums> sums = new EnumMap<>(EvalGroup.class);
    for (EvalGroup g : EvalGroup.values()) sums.put(g, new GroupMetrics.Sums(spec.ks()));
    for (int r = 0; r < ur.size(); r++) {
      for (EvalGroup g : EvalGroup.values()) {
        if (g.contains(ur.tailUser()[r], ur.tailItem()[r])) sums.get(g).add(ur.rank()[r]);
      }
    }
    Map<EvalGroup, GroupMetrics> out = new EnumMap<>(EvalGroup.class);
    sums.forEach((g, s) -> out.put(g, s.toMetrics()));
    return out;
  }

  private static Map<EvalGroup, ListMetrics> listMetrics(EvalSpec spec, UserRanks ur, int[][] lists, int[] popularity,
                                                         GroupThresholds th, int numItems) {
    Map<EvalGroup, ListMetrics.Sums> sums = new EnumMap<>(EvalGroup.class);
    for (EvalGroup g : EvalGroup.values()) sums.put(g, new ListMetrics.Sums(spec.ks(), popularity, th, numItems));
    for (int r = 0; r < ur.size(); r++) {
      for (EvalGroup g : EvalGroup.values()) {
        if (g.contains(ur.tailUser()[r], ur.tailItem()[r])) sums.get(g).add(lists[r]);
      }
    }
    Map<EvalGroup, ListMetrics> out = new EnumMap<>(EvalGroup.class);
    sums.forEach((g, s) -> out.put(g, s.toMetrics()));
    return out;
  }
}
