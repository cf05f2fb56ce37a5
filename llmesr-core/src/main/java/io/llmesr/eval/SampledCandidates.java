package io.llmesr.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.io.AtomicFiles;
import io.llmesr.prepare.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen candidate sets of the {@code sampled100} protocol (docs/model.md §5.1): for every user with a target in
 * the split, the target followed by 100 negatives drawn uniformly from items 1..N, distinct, and outside the user's
 * <b>whole</b> history (train + valid + test, so the target and the other split's item are never negatives).
 * The {@code pop100} protocol draws the same way but with probability proportional to the item's popularity
 * ({@code Dataset.itemPopularity()}: the number of users who interacted with it; binary search on the cumulative
 * counts), so its negatives are the items a popularity-leaning model ranks high.
 *
 * <p><b>Drawing.</b> Each user has an own random stream, {@code SplittableRandom(mix(mix(seed + φ·(split+1)) +
 * φ·(user+1)))} with SplitMix64's finaliser as {@code mix} and φ the golden-ratio constant; negatives are drawn
 * with {@code nextInt(1, N+1)} and rejected when already in the history or already drawn. A user's candidates
 * therefore depend only on (seed, split, user, dataset), not on the evaluation order or batch size.
 *
 * <p><b>On disk</b> ({@link #fileFor}): {@code <protocol>-<split>-seed<S>.i32}, little-endian int32, one row of
 * {@code 102} ints per evaluated user in ascending user order: {@code user index, target item, 100 negative
 * items}; and a JSON manifest {@code <protocol>-<split>-seed<S>.json} with format, protocol, split, seed, row
 * count, the {@link DatasetFingerprint} and the SHA-256 of the {@code .i32} file. {@link #loadOrDraw} reuses the
 * files when the manifest matches (seed, split, dataset fingerprint, data hash) and otherwise redraws and replaces
 * them atomically (temporary file in the same directory, then rename; the manifest is written last).
 *
 * <p>Note: the paper re-samples the negatives every time the validation loader is iterated, i.e. every epoch
 * (docs/model.md §5.1), so early stopping compares epochs on different candidate sets and its NDCG@10 curve carries the
 * sampling noise (±0.002–0.005). We draw once and freeze them so that epochs, models and seeds are compared on
 * exactly the same candidates (docs/evaluation.md, "Protocols"; RecBole#2077), and validation is cheaper. Validation
 * and test have separate candidate sets (different targets). Note also: at validation the paper excludes only
 * train + valid from the negatives (its test item may be drawn); we exclude the whole history at both splits.
 */
public final class SampledCandidates {
  /** Negatives per user. */
  public static final int NUM_NEGATIVES = 100;
  /** Ints per row on disk: user, target, negatives. */
  public static final int ROW_LENGTH = 2 + NUM_NEGATIVES;
  /** Manifest format tag. */
  public static final String FORMAT = "llmesr-sampled-candidates/1";

  private static final Logger LOG = LoggerFactory.getLogger(SampledCandidates.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PHI = 0x9E3779B97F4A7C15L;

  private final EvalProtocol protocol;
  private final EvalSplit split;
  private final long seed;
  private final String datasetFingerprint;
  private final int[] rows;
  private final int numRows;

  private SampledCandidates(EvalProtocol protocol, EvalSplit split, long seed, String datasetFingerprint, int[] rows) {
    if (rows.length % ROW_LENGTH != 0) throw new IllegalArgumentException("ragged candidate rows");
    if (!protocol.isSampled()) throw new IllegalArgumentException(protocol + " has no sampled candidates");
    this.protocol = protocol;
    this.split = split;
    this.seed = seed;
    this.datasetFingerprint = datasetFingerprint;
    this.rows = rows;
    this.numRows = rows.length / ROW_LENGTH;
  }

  /** The sampled protocol these candidates belong to. */
  public EvalProtocol protocol() {
    return protocol;
  }

  /** The split these candidates belong to. */
  public EvalSplit split() {
    return split;
  }

  /** The seed they were drawn from. */
  public long seed() {
    return seed;
  }

  /** The {@link DatasetFingerprint} of the dataset they were drawn for. */
  public String datasetFingerprint() {
    return datasetFingerprint;
  }

  /** Number of evaluated users (rows). */
  public int size() {
    return numRows;
  }

  /** User index of row {@code r}. */
  public int user(int r) {
    return rows[r * ROW_LENGTH];
  }

  /** Target item of row {@code r}. */
  public int target(int r) {
    return rows[r * ROW_LENGTH + 1];
  }

  /** The 101 candidates of row {@code r}, target first (a copy). */
  public int[] candidates(int r) {
    int from = r * ROW_LENGTH + 1;
    return Arrays.copyOfRange(rows, from, from + 1 + NUM_NEGATIVES);
  }

  /** File name stem {@code <protocol>-<split>-seed<S>}. */
  public static String stem(EvalProtocol protocol, EvalSplit split, long seed) {
    return protocol.label() + "-" + split.label() + "-seed" + seed;
  }

  /** The {@code .i32} file of a protocol, split and seed in {@code dir}. */
  public static Path fileFor(Path dir, EvalProtocol protocol, EvalSplit split, long seed) {
    return dir.resolve(stem(protocol, split, seed) + ".i32");
  }

  /** The JSON manifest of a protocol, split and seed in {@code dir}. */
  public static Path manifestFor(Path dir, EvalProtocol protocol, EvalSplit split, long seed) {
    return dir.resolve(stem(protocol, split, seed) + ".json");
  }

  /** Draws the sampled100 candidates of every user with a target in {@code split} (in memory). */
  public static SampledCandidates draw(Dataset ds, EvalSplit split, long seed) {
    return draw(ds, EvalProtocol.SAMPLED100, split, seed, DatasetFingerprint.of(ds));
  }

  /** Draws the candidates of a sampled {@code protocol} for every user with a target in {@code split}. */
  public static SampledCandidates draw(Dataset ds, EvalProtocol protocol, EvalSplit split, long seed) {
    return draw(ds, protocol, split, seed, DatasetFingerprint.of(ds));
  }

  static SampledCandidates draw(Dataset ds, EvalProtocol protocol, EvalSplit split, long seed, String fingerprint) {
    int n = ds.numItems();
    // pop100: cumulative popularity, cum[i] = pop(1) + ... + pop(i); an item is drawn with probability pop(i) / total
    long[] cum = null;
    if (protocol == EvalProtocol.POP100) {
      int[] pop = ds.itemPopularity();
      cum = new long[n + 1];
      for (int i = 1; i <= n; i++) cum[i] = cum[i - 1] + pop[i];
    }
    int count = 0;
    for (int u = 0; u < ds.numUsers(); u++) if (split.hasTarget(ds, u)) count++;
    int[] rows = new int[count * ROW_LENGTH];
    int[] stamp = new int[n + 1];
    long splitSeed = mix(seed + PHI * (split.ordinal() + 1));
    int r = 0;
    for (int u = 0; u < ds.numUsers(); u++) {
      if (!split.hasTarget(ds, u)) continue;
      int mark = u + 1;
      int distinct = 0;
      for (int item : ds.sequences()[u]) {
        if (stamp[item] != mark) {
          stamp[item] = mark;
          distinct++;
        }
      }
      if (n - distinct < NUM_NEGATIVES) {
        throw new IllegalArgumentException(protocol + " needs " + NUM_NEGATIVES + " negatives per user, but user "
            + u + " (" + ds.userIds().get(u) + ") has only " + (n - distinct) + " of the " + n
            + " items outside their history; use --protocol full on this dataset");
      }
      SplittableRandom rnd = new SplittableRandom(mix(splitSeed + PHI * (u + 1L)));
      int base = r * ROW_LENGTH;
      rows[base] = u;
      rows[base + 1] = split.target(ds, u);
      for (int j = 0; j < NUM_NEGATIVES; ) {
        int item = cum == null ? rnd.nextInt(1, n + 1) : byPopularity(cum, rnd);
        if (stamp[item] == mark) continue;
        stamp[item] = mark;
        rows[base + 2 + j++] = item;
      }
      r++;
    }
    return new SampledCandidates(protocol, split, seed, fingerprint, rows);
  }

  /** The item i with cum[i-1] <= x < cum[i] for x uniform in [0, total): probability pop(i) / total. */
  private static int byPopularity(long[] cum, SplittableRandom rnd) {
    long x = rnd.nextLong(cum[cum.length - 1]);
    int lo = 1;
    int hi = cum.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid; else lo = mid + 1;
    }
    return lo;
  }

  /**
   * The saved candidates of {@code split}/{@code seed} in {@code dir} if their manifest matches {@code ds};
   * otherwise draws them and saves them there (atomically). Creates {@code dir} if needed.
   */
  public static SampledCandidates loadOrDraw(Dataset ds, EvalSplit split, long seed, Path dir) {
    return loadOrDraw(ds, EvalProtocol.SAMPLED100, split, seed, dir, DatasetFingerprint.of(ds));
  }

  static SampledCandidates loadOrDraw(Dataset ds, EvalProtocol protocol, EvalSplit split, long seed, Path dir,
                                      String fingerprint) {
    Path data = fileFor(dir, protocol, split, seed);
    Path manifest = manifestFor(dir, protocol, split, seed);
    String why = null;
    if (Files.isRegularFile(data) && Files.isRegularFile(manifest)) {
      try {
        SampledCandidates c = load(data, manifest);
        if (c.protocol != protocol || c.split != split || c.seed != seed) {
          why = "manifest is for another protocol/split/seed";
        } else if (!c.datasetFingerprint.equals(fingerprint)) {
          why = "the dataset changed (fingerprint " + c.datasetFingerprint + " != " + fingerprint + ")";
        } else {
          LOG.debug("reusing {} candidate sets from {}", c.size(), data);
          return c;
        }
      } catch (IOException | RuntimeException e) {
        why = "cannot be read: " + e.getMessage();
      }
    } else if (Files.exists(data) || Files.exists(manifest)) {
      why = "data or manifest file missing";
    }
    if (why != null) LOG.warn("redrawing sampled candidates {}: {}", data, why);
    long t0 = System.nanoTime();
    SampledCandidates c = draw(ds, protocol, split, seed, fingerprint);
    try {
      c.save(dir, ds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save sampled candidates to " + dir + ": " + e.getMessage(), e);
    }
    LOG.info("drew {} {} candidate sets ({} split, seed {}) in {} ms -> {}", c.size(), protocol, split, seed,
        (System.nanoTime() - t0) / 1_000_000, data);
    return c;
  }

  /**
   * Writes the {@code .i32} file and then the manifest into {@code dir}, each through a temporary file and an
   * atomic rename.
   */
  public void save(Path dir, Dataset ds) throws IOException {
    Files.createDirectories(dir);
    Path data = fileFor(dir, protocol, split, seed);
    Path manifest = manifestFor(dir, protocol, split, seed);
    ByteBuffer bytes = ByteBuffer.allocate(rows.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(rows);
    byte[] raw = bytes.array();
    MessageDigest md = DatasetFingerprint.sha256();
    String dataHash = "sha256:" + HexFormat.of().formatHex(md.digest(raw));
    AtomicFiles.writeBytes(data, raw);

    ObjectNode m = JSON.createObjectNode();
    m.put("format", FORMAT);
    m.put("protocol", protocol.label());
    m.put("split", split.label());
    m.put("seed", seed);
    m.put("num_negatives", NUM_NEGATIVES);
    m.put("rows", numRows);
    m.put("row_length", ROW_LENGTH);
    m.put("columns", "user_index, target_item, " + NUM_NEGATIVES + " negative items");
    m.put("byte_order", "little-endian int32");
    m.put("exclusion", "whole user history (train + valid + test, target included)");
    m.put("sampling", (protocol == EvalProtocol.POP100 ? "proportional to item popularity (users per item)"
        : "uniform over 1..N") + ", distinct, rejection; per-user SplittableRandom stream");
    m.put("dataset_name", ds.name());
    m.put("dataset_fingerprint", datasetFingerprint);
    m.put("num_users", ds.numUsers());
    m.put("num_items", ds.numItems());
    m.put("data_file", data.getFileName().toString());
    m.put("data_sha256", dataHash);
    AtomicFiles.writeBytes(manifest, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
  }

  /**
   * Reads a candidate file and its manifest, checking the format, the size and the data hash.
   *
   * @throws IOException if a file cannot be read or does not match its manifest (the message names the file)
   */
  public static SampledCandidates load(Path data, Path manifest) throws IOException {
    JsonNode m;
    try {
      m = JSON.readTree(manifest.toFile());
    } catch (IOException e) {
      throw new IOException(manifest + ": not valid JSON: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(m.path("format").asText())) {
      throw new IOException(manifest + ": field 'format' is '" + m.path("format").asText() + "', expected " + FORMAT);
    }
    if (m.path("row_length").asInt() != ROW_LENGTH) {
      throw new IOException(manifest + ": field 'row_length' is " + m.path("row_length") + ", expected " + ROW_LENGTH);
    }
    EvalSplit split = EvalSplit.parse(required(m, "split", manifest).asText());
    // manifests written before pop100 existed are sampled100 ones
    EvalProtocol protocol = EvalProtocol.parse(m.path("protocol").asText(EvalProtocol.SAMPLED100.label()));
    long seed = required(m, "seed", manifest).asLong();
    int numRows = required(m, "rows", manifest).asInt();
    String fp = required(m, "dataset_fingerprint", manifest).asText();
    String hash = required(m, "data_sha256", manifest).asText();
    long expectedBytes = (long) numRows * ROW_LENGTH * 4;
    long size = Files.size(data);
    if (size != expectedBytes) {
      throw new IOException(data + ": " + size + " bytes, manifest field 'rows' = " + numRows + " needs "
          + expectedBytes);
    }
    byte[] raw = Files.readAllBytes(data);
    String actual = "sha256:" + HexFormat.of().formatHex(DatasetFingerprint.sha256().digest(raw));
    if (!actual.equals(hash)) {
      throw new IOException(data + ": content hash " + actual + " differs from manifest field 'data_sha256' " + hash);
    }
    int[] rows = new int[numRows * ROW_LENGTH];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(rows);
    return new SampledCandidates(protocol, split, seed, fp, rows);
  }

  private static JsonNode required(JsonNode m, String field, Path manifest) throws IOException {
    JsonNode v = m.get(field);
    if (v == null || v.isNull()) throw new IOException(manifest + ": missing field '" + field + "'");
    return v;
  }

  /** SplitMix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SampledCandidates c && c.protocol == protocol && c.split == split && c.seed == seed
        && c.datasetFingerprint.equals(datasetFingerprint) && Arrays.equals(c.rows, rows);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(rows);
  }
}
