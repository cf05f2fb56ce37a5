package io.llmesr.recommend;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.llmesr.ann.Dot;
import io.llmesr.eval.TopK;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TensorFile;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.ModelSpecFile;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Recommender} over a model bundle (docs/serving.md). At load it verifies every file, builds the model with
 * its method's factory (no training code runs), loads the parameters, and computes once the candidate vector of every
 * item ({@link ItemMatrix}): a request then costs one sequence encoding and one product with that matrix.
 *
 * <p>Histories: unknown ids are reported and left out; an item added after training ({@link #addItem}) is read as
 * its nearest trained item (cosine of candidate vectors), since the sequence encoder's tables hold trained items only;
 * the most recent {@link #maxHistory()} items are kept. Scores: {@code u · e_j} for trained and added items alike.
 * Ties go to the lower item index (trained items before added ones).
 *
 * <p>Similar items ({@link #similar}): cosine of candidate vectors, by a scan of the trained items or, for large
 * catalogues, through an HNSW graph built at load ({@link SimilarIndex}, {@link SimilarItems}); added items are
 * always scanned alongside, so that adding an item never rebuilds or edits the graph.
 *
 * <p>Concurrency: forward passes are serialised on the model; the catalogue of added items is an immutable snapshot
 * replaced atomically, so a request sees an added item entirely or not at all.
 */
public final class BundleRecommender implements Recommender {
  private final BundleManifest manifest;
  private final String manifestSha;
  private final NDManager root;
  private final SequenceModel model;
  private final NDArray itemMatrixT;      // D×N, contiguous, for the batched product
  private final float[] unit;             // N×D, L2-normalised candidate vectors, for similar()
  private final SimilarItems similarItems;
  private final int n;
  private final int d;
  private final List<Bundle.ItemLine> items;
  private final Map<String, Integer> indexOf = new HashMap<>();
  private final String[] lowerTitles;
  private final NewItems newItems;
  private final Object modelLock = new Object();
  private final Object addLock = new Object();
  private volatile NewItems.Snapshot added;

  private BundleRecommender(BundleManifest manifest, String manifestSha, NDManager root, SequenceModel model,
                            float[] matrix, List<Bundle.ItemLine> items, NewItems newItems, SimilarIndex similar) {
    this.manifest = manifest;
    this.manifestSha = manifestSha;
    this.root = root;
    this.model = model;
    this.n = model.spec().numItems();
    this.d = model.items().candidateDim();
    this.itemMatrixT = root.create(transpose(matrix, n, d), new Shape(d, n));   // contiguous: no copy per product
    this.unit = normalisedRows(matrix, n, d);
    this.similarItems = new SimilarItems(unit, n, d, similar);
    this.items = items;
    this.lowerTitles = new String[n + 1];
    for (Bundle.ItemLine it : items) {
      indexOf.put(it.id(), it.index());
      lowerTitles[it.index()] = it.title().toLowerCase(Locale.ROOT);
    }
    this.newItems = newItems;
    this.added = NewItems.Snapshot.EMPTY;
  }

  /** Opens a bundle with its default cold-start rule. */
  public static BundleRecommender open(Path bundle) throws IOException {
    return open(bundle, null);
  }

  /**
   * Opens a bundle.
   *
   * @param coldStart how added items get their collaborative vector ({@code pca}, {@code regression}), or
   *                  {@code null} for the bundle's default
   * @throws io.llmesr.data.DataFormatException naming a missing, truncated or corrupt file
   */
  public static BundleRecommender open(Path bundle, String coldStart) throws IOException {
    return open(bundle, coldStart, SimilarIndex.defaults());
  }

  /**
   * Opens a bundle with a chosen search for {@link #similar}.
   *
   * @param coldStart as {@link #open(Path, String)}
   * @param similar   exact scan, HNSW graph, or automatic by catalogue size
   */
  public static BundleRecommender open(Path bundle, String coldStart, SimilarIndex similar) throws IOException {
    Path dir = bundle.toAbsolutePath().normalize();
    BundleManifest m = Bundle.verify(dir);
    String sha = io.llmesr.embed.Hashing.sha256(BundleLayout.manifest(dir));
    RunConfig stored = new RunDirectory(dir).readConfig();
    RunConfig config = new RunConfig(stored.preset(), dir, stored.model(), stored.training(), stored.eval());
    ModelSpec spec = ModelSpecFile.read(dir);
    NDManager root = NDManager.newBaseManager();
    try {
      SequenceModel model = ModelBuilder.build(config, spec, root.newSubManager(), Optional.empty());
      model.parameters().load(TensorFile.read(dir, BundleLayout.PARAMS));
      model.items().freeze(root);
      float[] matrix = ItemMatrix.compute(model);
      List<Bundle.ItemLine> items = Bundle.readItems(dir, spec.numItems());
      NewItems cold = NewItems.of(dir, m, model, coldStart);
      BundleRecommender r = new BundleRecommender(m, sha, root, model, matrix, items, cold, similar);
      r.added = cold.load(r::knownId, r.modelLock, r::nearestTrained);
      return r;
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private boolean knownId(String id) {
    return indexOf.containsKey(id);
  }

  @Override
  public Info info() {
    NewItems.Snapshot a = added;
    return new Info(manifest.method(), manifest.backbone(), n + a.size(), a.size(),
        newItems.encoderName(), manifest.name(), manifestSha);
  }

  @Override
  public int maxHistory() {
    return manifest.maxHistory();
  }

  /** The bundle's manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  @Override
  public Optional<Item> item(String id) {
    Integer i = indexOf.get(id);
    if (i != null) return Optional.of(trainedItem(i));
    NewItems.Snapshot a = added;
    Integer j = a.indexOf(id);
    return j == null ? Optional.empty() : Optional.of(a.item(j));
  }

  private Item trainedItem(int i) {
    Bundle.ItemLine it = items.get(i - 1);
    return new Item(it.id(), it.title(), it.popularity(), it.popularity() < manifest.tailItemBelow(), false);
  }

  @Override
  public List<Item> search(String query, int limit) {
    if (limit < 1) throw new RequestException("limit", "limit must be >= 1, got " + limit);
    String[] words = query == null ? new String[0] : query.toLowerCase(Locale.ROOT).trim().split("\\s+");
    List<Item> hits = new ArrayList<>();
    for (int i = 1; i <= n; i++) if (containsAll(lowerTitles[i], words)) hits.add(trainedItem(i));
    NewItems.Snapshot a = added;
    for (int j = 0; j < a.size(); j++) if (containsAll(a.item(j).title().toLowerCase(Locale.ROOT), words)) hits.add(a.item(j));
    hits.sort((x, y) -> Integer.compare(y.popularity(), x.popularity()));
    return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
  }

  private static boolean containsAll(String text, String[] words) {
    for (String w : words) if (!w.isEmpty() && !text.contains(w)) return false;
    return true;
  }

  @Override
  public List<Recommendation> recommend(List<Request> requests) {
    NewItems.Snapshot a = added;
    int total = n + a.size();
    int b = requests.size();
    int[][] inputs = new int[b][];
    List<List<String>> unknown = new ArrayList<>(b);
    boolean[] truncated = new boolean[b];
    for (int r = 0; r < b; r++) {
      Request q = requests.get(r);
      String where = b == 1 ? "" : " (request " + r + ")";
      if (q.k() < 1 || q.k() > total) {
        throw new RequestException("k", "k must be in 1.." + total + " (the catalogue), got " + q.k() + where);
      }
      if (q.history().isEmpty()) throw new RequestException("history", "history is empty" + where);
      List<String> miss = new ArrayList<>();
      int[] seq = new int[q.history().size()];
      int len = 0;
      for (String id : q.history()) {
        Integer i = indexOf.get(id);
        if (i == null) {
          Integer j = a.indexOf(id);
          if (j != null) i = a.nearestTrained(j);
        }
        if (i == null) miss.add(id);
        else seq[len++] = i;
      }
      if (len == 0) {
        throw new RequestException("history", "none of the " + q.history().size() + " history ids is in the catalogue"
            + where + ": " + abbreviate(miss));
      }
      int keep = Math.min(len, maxHistory());
      truncated[r] = len > keep;
      inputs[r] = Arrays.copyOfRange(seq, len - keep, len);
      unknown.add(miss);
    }
    Scores scored = scoreTrained(inputs);
    float[] scores = scored.scores();
    List<Recommendation> out = new ArrayList<>(b);
    int[] stamp = new int[total + 1];
    for (int r = 0; r < b; r++) {
      Request q = requests.get(r);
      int s = r + 1;
      if (q.excludeHistory()) for (String id : q.history()) exclude(id, a, stamp, s);
      for (String id : q.exclude()) exclude(id, a, stamp, s);
      float[] row;
      int offset;
      if (a.size() == 0) {           // trained items only: select in the score matrix itself, no copy
        row = scores;
        offset = r * n - 1;
      } else {
        row = new float[total + 1];
        System.arraycopy(scores, r * n, row, 1, n);
        a.score(Arrays.copyOfRange(scored.users(), r * d, (r + 1) * d), row, n + 1);
        offset = 0;
      }
      int[] top = TopK.select(row, offset, total, q.k(), stamp, s, -1);
      List<ScoredItem> list = new ArrayList<>(top.length);
      for (int i : top) {
        Item it = i <= n ? trainedItem(i) : a.item(i - n - 1);
        list.add(new ScoredItem(it.id(), row[offset + i], it.title(), it.tail(), it.added()));
      }
      out.add(new Recommendation(List.copyOf(list), List.copyOf(unknown.get(r)), inputs[r].length, truncated[r]));
    }
    return out;
  }

  private void exclude(String id, NewItems.Snapshot a, int[] stamp, int s) {
    Integer i = indexOf.get(id);
    if (i != null) {
      stamp[i] = s;
      return;
    }
    Integer j = a.indexOf(id);
    if (j != null) stamp[n + 1 + j] = s;
  }

  /** Scores of trained items (row-major B×N: entry r·N + i−1 = item i) and the user vectors (B×D) of a batch. */
  private record Scores(float[] scores, float[] users) { }

  /**
   * Scores a batch in groups of similar history length ({@link #lengthGroups}): a batch is computed on the window of
   * its longest history, so one long history would otherwise make every short one in the batch cost as much.
   */
  private static final int SHORT_HISTORY = 32;

  private Scores scoreTrained(int[][] inputs) {
    List<int[]> groups = lengthGroups(inputs);
    if (groups.size() == 1) return scoreGroup(inputs);
    float[] scores = new float[inputs.length * n];
    float[] users = new float[inputs.length * d];
    for (int[] g : groups) {
      int[][] part = new int[g.length][];
      for (int k = 0; k < g.length; k++) part[k] = inputs[g[k]];
      Scores s = scoreGroup(part);
      for (int k = 0; k < g.length; k++) {
        System.arraycopy(s.scores(), k * n, scores, g[k] * n, n);
        System.arraycopy(s.users(), k * d, users, g[k] * d, d);
      }
    }
    return new Scores(scores, users);
  }

  /**
   * The request indices in at most two groups: histories of up to {@value #SHORT_HISTORY} items, and longer ones.
   * Measured on Amazon Beauty's test histories (docs/benchmarks/serving.md): a forward pass costs about 1.5 ms of
   * fixed per-operation overhead, so finer groups cost more than the padding they save; the split only keeps the
   * rare history of 200 items from making a whole batch expensive.
   */
  static List<int[]> lengthGroups(int[][] inputs) {
    Map<Integer, List<Integer>> byBucket = new java.util.TreeMap<>();
    for (int r = 0; r < inputs.length; r++) {
      int len = Math.max(1, inputs[r].length);
      int bucket = len <= SHORT_HISTORY ? 0 : 1;
      byBucket.computeIfAbsent(bucket, x -> new ArrayList<>()).add(r);
    }
    List<int[]> out = new ArrayList<>(byBucket.size());
    for (List<Integer> g : byBucket.values()) out.add(g.stream().mapToInt(Integer::intValue).toArray());
    return out;
  }

  private Scores scoreGroup(int[][] inputs) {
    synchronized (modelLock) {
      try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
        Forward fwd = new Forward(m, false);
        int[] users = new int[inputs.length];
        Arrays.fill(users, -1);
        NDArray u = model.encode(new BatchArrays(model.predictionBatch(inputs, users), m), fwd);
        return new Scores(u.matMul(itemMatrixT).toFloatArray(), u.toFloatArray());
      }
    }
  }

  @Override
  public List<ScoredItem> similar(String id, int k) {
    NewItems.Snapshot a = added;
    int total = n + a.size();
    if (k < 1 || k > total - 1) throw new RequestException("k", "k must be in 1.." + (total - 1) + ", got " + k);
    Integer i = indexOf.get(id);
    float[] v;
    int self;
    if (i != null) {
      v = Arrays.copyOfRange(unit, (i - 1) * d, i * d);
      self = i;
    } else {
      Integer j = a.indexOf(id);
      if (j == null) throw new RequestException("id", "item '" + id + "' is not in the catalogue");
      v = a.unitVector(j);
      self = n + 1 + j;
    }
    float[] row = new float[total + 1];
    row[0] = Float.NEGATIVE_INFINITY;
    similarItems.score(v, k, row);
    a.cosines(v, row, n + 1);
    int[] stamp = new int[total + 1];
    stamp[self] = 1;
    int[] top = TopK.select(row, k, stamp, 1, -1);
    List<ScoredItem> out = new ArrayList<>(top.length);
    for (int t : top) {
      Item it = t <= n ? trainedItem(t) : a.item(t - n - 1);
      out.add(new ScoredItem(it.id(), row[t], it.title(), it.tail(), it.added()));
    }
    return out;
  }

  /** The trained item nearest to a candidate vector (cosine). */
  int nearestTrained(float[] vector) {
    float[] v = normalised(vector);
    int best = 1;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int t = 1; t <= n; t++) {
      float s = dot(unit, (t - 1) * d, v);
      if (s > bestScore) {
        bestScore = s;
        best = t;
      }
    }
    return best;
  }

  @Override
  public Item addItem(NewItem item) throws IOException {
    synchronized (addLock) {
      if (item == null || item.id() == null || item.id().isBlank()) throw new RequestException("id", "id is missing or blank");
      if (indexOf.containsKey(item.id()) || added.indexOf(item.id()) != null) throw new ItemExistsException(item.id());
      NewItems.Snapshot next = newItems.add(added, item, modelLock, this::nearestTrained);
      added = next;
      return next.item(next.size() - 1);
    }
  }

  @Override
  public void close() {
    newItems.close();
    model.close();
    root.close();
  }

  /** {@code Σ_k a[offset+k] · v[k]} ({@link Dot}). */
  static float dot(float[] a, int offset, float[] v) {
    return Dot.dot(a, offset, v, 0, v.length);
  }

  /** Whether {@link #similar} searches the trained items through an HNSW graph. */
  public boolean similarIndexed() {
    return similarItems.indexed();
  }

  /** A unit-length copy of {@code v} ({@link io.llmesr.embed.VectorChecks#l2Normalise}); zeros stay zeros. */
  static float[] normalised(float[] v) {
    float[] out = v.clone();
    if (io.llmesr.embed.VectorChecks.norm(out, 0, out.length) > 0) io.llmesr.embed.VectorChecks.l2Normalise(out, 0, out.length);
    return out;
  }

  /** The {@code cols×rows} transpose of a row-major {@code rows×cols} matrix. */
  private static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
    return t;
  }

  private static float[] normalisedRows(float[] m, int rows, int cols) {
    float[] out = new float[m.length];
    for (int r = 0; r < rows; r++) {
      float[] row = normalised(Arrays.copyOfRange(m, r * cols, (r + 1) * cols));
      System.arraycopy(row, 0, out, r * cols, cols);
    }
    return out;
  }

  private static String abbreviate(List<String> ids) {
    List<String> head = ids.size() > 5 ? ids.subList(0, 5) : ids;
    return String.join(", ", head) + (ids.size() > 5 ? ", ..." : "");
  }
}
