package io.llmesr.embed;

import io.llmesr.ann.HnswParams;
import io.llmesr.data.DataFormatException;
import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Top-K most similar users by cosine similarity of their LLM user embeddings (docs/model.md §2.7, the notebook
 * {@code retrieval_users}); LLM-ESR's self-distillation uses the first 10 (docs/model.md §3.8).
 *
 * <p>Exact search: every pair is scored. Rows are L2-normalised first ({@link #normalise}), so the cosine of
 * users {@code i} and {@code j} is the dot product {@code s_ij = Σ_k a_ik a_jk}, summed in float32 in
 * increasing {@code k} with separate multiply and add (Java never fuses them), which makes every score
 * reproducible bit for bit by a plain loop. The user itself is excluded by index, not by assuming it sorts
 * first (the paper's notebook drops column 0 of the sorted row, which is wrong when another user has an
 * identical embedding). Order: score descending, ties broken by the lower user index.
 *
 * <p>Two kernels ({@link Kernel}). {@link Kernel#TORCH} (the default when PyTorch loads) computes blocks
 * of 256 rows of the score matrix with PyTorch's CPU matrix product — measured 5–15× faster than the Java
 * kernel here — at the price of BLAS summation order (scores may differ from a plain loop in the last
 * bits). {@link Kernel#JAVA}: blocks of 64 query users against blocks of 512 candidates; the candidate
 * block is transposed once per query block so that the inner loop is a vectorisable
 * {@code s[j] += a * c[k][j]} over 4 query rows at once, with the per-pair summation order of the plain
 * loop (bit-exact); query blocks are spread over the threads. Either way each query keeps a bounded heap
 * of its best K. Time O(U²·d), memory O(U·d + U·K) plus one block of scores.
 *
 * <p>For large tables, {@link #runHnsw} searches approximately with an HNSW graph ({@link HnswSimilarUsers}) and
 * writes the same files; the exact search stays the default and the reference.
 */
public final class SimilarUsers {
  private static final Logger LOG = LoggerFactory.getLogger(SimilarUsers.class);
  static final int QUERY_BLOCK = 64;
  static final int CANDIDATE_BLOCK = 512;
  /** Default number of neighbours stored (the paper's {@code sim_user_100}). */
  public static final int DEFAULT_TOP = 100;

  private SimilarUsers() { }

  /**
   * Neighbours of every user.
   *
   * @param users  U
   * @param k      neighbours per user
   * @param indices {@code U*K} user indices, row u = neighbours of user u, most similar first
   * @param scores  {@code U*K} cosine similarities matching {@code indices}
   */
  public record Result(int users, int k, int[] indices, float[] scores) {
    /** Neighbours of user {@code u}. */
    public int[] neighbours(int u) {
      return java.util.Arrays.copyOfRange(indices, u * k, (u + 1) * k);
    }

    /** Scores of user {@code u}'s neighbours. */
    public float[] neighbourScores(int u) {
      return java.util.Arrays.copyOfRange(scores, u * k, (u + 1) * k);
    }
  }

  /**
   * The stored table, as training reads it.
   *
   * @param indices  {@code indices[u]} = the K most similar users of user u, most similar first
   * @param scores   matching cosine similarities
   * @param manifest provenance
   */
  public record Table(int[][] indices, float[][] scores, SimilarUsersManifest manifest) {
    /** Number of users. */
    public int users() {
      return indices.length;
    }

    /** Neighbours per user. */
    public int k() {
      return manifest.k();
    }
  }

  /**
   * L2-normalised copy of rows {@code [0, rows)}: {@code a_i = x_i / ||x_i||} with the norm in double and the
   * quotient rounded to float.
   *
   * @throws IllegalArgumentException for an all-zero or non-finite row
   */
  public static float[] normalise(float[] data, int rows, int dim) {
    float[] out = new float[rows * dim];
    for (int r = 0; r < rows; r++) {
      String problem = VectorChecks.problem(data, r * dim, dim);
      if (problem != null) throw new IllegalArgumentException("user " + r + ": embedding " + problem);
      double n = VectorChecks.norm(data, r * dim, dim);
      for (int k = 0; k < dim; k++) out[r * dim + k] = (float) (data[r * dim + k] / n);
    }
    return out;
  }

  /** How the U×U scores are computed. */
  public enum Kernel {
    /** PyTorch's matrix product through DJL (fast); {@link #JAVA} when PyTorch cannot be loaded. */
    AUTO,
    /** PyTorch's CPU matrix product through DJL; scores exact up to the BLAS's summation order. */
    TORCH,
    /** The blocked pure-Java kernel described above; every score equals a plain sequential loop bit for bit. */
    JAVA;

    /** The kernel actually used. */
    Kernel resolve() {
      if (this != AUTO) return this;
      return TorchSimilarityKernel.available() ? TORCH : JAVA;
    }
  }

  /** {@link #compute(float[], int, int, int, int, Kernel)} on a user table, automatic kernel, all processors. */
  public static Result compute(EmbeddingTable users, int k) {
    return compute(users.data(), users.rows(), users.dim(), k, Runtime.getRuntime().availableProcessors(), Kernel.AUTO);
  }

  /**
   * Top-{@code k} neighbours with the chosen kernel ({@code threads} applies to {@link Kernel#JAVA}; PyTorch
   * uses its own intra-op threads, {@code -Dai.djl.pytorch.num_threads}).
   */
  public static Result compute(float[] data, int rows, int dim, int k, int threads, Kernel kernel) {
    return computeRange(data, rows, dim, k, 0, rows, threads, kernel);
  }

  /**
   * Neighbours (among all {@code rows} users) of users {@code [from, to)} only: row {@code r} of the result
   * is user {@code from + r}. Lets a large search be split across processes, or a slice of it be timed.
   */
  public static Result computeRange(float[] data, int rows, int dim, int k, int from, int to, int threads,
                                    Kernel kernel) {
    k = checkedTop(rows, k);
    if (from < 0 || to > rows || from >= to) throw new IllegalArgumentException("bad user range [" + from + ", " + to + ")");
    float[] a = normalise(data, rows, dim);
    int[] idx = new int[(to - from) * k];
    float[] sc = new float[(to - from) * k];
    if (kernel.resolve() == Kernel.TORCH) {
      TorchSimilarityKernel.topK(a, rows, dim, k, from, to, idx, sc);
    } else {
      javaKernel(a, rows, dim, k, from, to, threads, idx, sc);
    }
    return new Result(to - from, k, idx, sc);
  }

  /**
   * Top-{@code k} neighbours of each of {@code rows} users by cosine, with the bit-exact {@link Kernel#JAVA}
   * kernel on {@code threads} threads.
   *
   * @param k wanted neighbours; clamped to {@code rows - 1} (with a warning) when larger
   * @throws IllegalArgumentException with fewer than 2 users or an invalid vector
   */
  public static Result compute(float[] data, int rows, int dim, int k, int threads) {
    return computeRange(data, rows, dim, k, 0, rows, threads, Kernel.JAVA);
  }

  private static void javaKernel(float[] a, int rows, int dim, int k, int from, int to, int threads, int[] idx,
                                 float[] sc) {
    int blocks = (to - from + QUERY_BLOCK - 1) / QUERY_BLOCK;
    ParallelChunks.run("similar-users", threads, blocks, () -> {
      Worker w = new Worker(a, rows, dim, k);
      return b -> {
        int q0 = from + b * QUERY_BLOCK;
        w.queryBlock(q0, Math.min(to, q0 + QUERY_BLOCK), idx, sc, from);
      };
    });
  }

  /** Per-thread buffers and the blocked kernel. */
  private static final class Worker {
    private final float[] a;
    private final int rows;
    private final int dim;
    private final int k;
    private final float[] ct;
    private final float[][] s = new float[QUERY_BLOCK][CANDIDATE_BLOCK];
    private final TopK[] heaps = new TopK[QUERY_BLOCK];

    Worker(float[] a, int rows, int dim, int k) {
      this.a = a;
      this.rows = rows;
      this.dim = dim;
      this.k = k;
      this.ct = new float[dim * CANDIDATE_BLOCK];
      for (int q = 0; q < QUERY_BLOCK; q++) heaps[q] = new TopK(k);
    }

    void queryBlock(int q0, int q1, int[] idx, float[] sc, int from) {
      int nq = q1 - q0;
      for (int q = 0; q < nq; q++) heaps[q].clear();
      for (int c0 = 0; c0 < rows; c0 += CANDIDATE_BLOCK) {
        int nc = Math.min(CANDIDATE_BLOCK, rows - c0);
        for (int j = 0; j < nc; j++) {
          int o = (c0 + j) * dim;
          for (int kk = 0; kk < dim; kk++) ct[kk * CANDIDATE_BLOCK + j] = a[o + kk];
        }
        int q = 0;
        for (; q + 4 <= nq; q += 4) dot4(q0 + q, s[q], s[q + 1], s[q + 2], s[q + 3], nc);
        for (; q < nq; q++) dot1(q0 + q, s[q], nc);
        for (q = 0; q < nq; q++) {
          float[] row = s[q];
          TopK h = heaps[q];
          int self = q0 + q;
          for (int j = 0; j < nc; j++) {
            int cand = c0 + j;
            if (cand != self) h.offer(row[j], cand);
          }
        }
      }
      for (int q = 0; q < nq; q++) heaps[q].drainSorted(idx, sc, (q0 + q - from) * k);
    }

    private void dot4(int q, float[] s0, float[] s1, float[] s2, float[] s3, int nc) {
      java.util.Arrays.fill(s0, 0, nc, 0f);
      java.util.Arrays.fill(s1, 0, nc, 0f);
      java.util.Arrays.fill(s2, 0, nc, 0f);
      java.util.Arrays.fill(s3, 0, nc, 0f);
      int o0 = q * dim;
      int o1 = o0 + dim;
      int o2 = o1 + dim;
      int o3 = o2 + dim;
      for (int kk = 0; kk < dim; kk++) {
        float a0 = a[o0 + kk];
        float a1 = a[o1 + kk];
        float a2 = a[o2 + kk];
        float a3 = a[o3 + kk];
        int ok = kk * CANDIDATE_BLOCK;
        for (int j = 0; j < nc; j++) {
          float c = ct[ok + j];
          s0[j] += a0 * c;
          s1[j] += a1 * c;
          s2[j] += a2 * c;
          s3[j] += a3 * c;
        }
      }
    }

    private void dot1(int q, float[] s0, int nc) {
      java.util.Arrays.fill(s0, 0, nc, 0f);
      int o0 = q * dim;
      for (int kk = 0; kk < dim; kk++) {
        float a0 = a[o0 + kk];
        int ok = kk * CANDIDATE_BLOCK;
        for (int j = 0; j < nc; j++) s0[j] += a0 * ct[ok + j];
      }
    }
  }

  /**
   * The best K (score, index) pairs seen, as a binary heap whose root is the worst kept pair. A pair is
   * better when its score is higher, or equal with a lower index.
   */
  static final class TopK {
    private final int cap;
    private final float[] score;
    private final int[] index;
    private int size;

    TopK(int cap) {
      this.cap = cap;
      this.score = new float[cap];
      this.index = new int[cap];
    }

    void clear() {
      size = 0;
    }

    /** Pairs kept. */
    int size() {
      return size;
    }

    /** The lowest kept score (the heap's root); only meaningful when the heap is full. */
    float worstScore() {
      return size == cap ? score[0] : Float.NEGATIVE_INFINITY;
    }

    /** {@code (s1, i1)} ranks below {@code (s2, i2)}. */
    private static boolean worse(float s1, int i1, float s2, int i2) {
      return s1 < s2 || (s1 == s2 && i1 > i2);
    }

    void offer(float s, int i) {
      if (size < cap) {
        int c = size++;
        while (c > 0) {
          int p = (c - 1) >>> 1;
          if (!worse(s, i, score[p], index[p])) break;
          score[c] = score[p];
          index[c] = index[p];
          c = p;
        }
        score[c] = s;
        index[c] = i;
        return;
      }
      if (!worse(score[0], index[0], s, i)) return;
      int c = 0;
      while (true) {
        int l = 2 * c + 1;
        if (l >= size) break;
        int r = l + 1;
        int w = r < size && worse(score[r], index[r], score[l], index[l]) ? r : l;
        if (!worse(score[w], index[w], s, i)) break;
        score[c] = score[w];
        index[c] = index[w];
        c = w;
      }
      score[c] = s;
      index[c] = i;
    }

    /** Writes the kept pairs best first into {@code idx/sc} at {@code off} and empties the heap. */
    void drainSorted(int[] idx, float[] sc, int off) {
      int n = size;
      for (int p = n - 1; p >= 0; p--) {
        idx[off + p] = index[0];
        sc[off + p] = score[0];
        size--;
        float ls = score[size];
        int li = index[size];
        int c = 0;
        while (true) {
          int l = 2 * c + 1;
          if (l >= size) break;
          int r = l + 1;
          int w = r < size && worse(score[r], index[r], score[l], index[l]) ? r : l;
          if (!worse(score[w], index[w], ls, li)) break;
          score[c] = score[w];
          index[c] = index[w];
          c = w;
        }
        score[c] = ls;
        index[c] = li;
      }
    }
  }

  /**
   * The {@code similar-users} step: reads {@code embeddings/users.f32}, computes, writes
   * {@code similar_users.i32}, {@code similar_users_scores.f32} and {@code similar_users.json}.
   */
  public static Table run(Path datasetDir, int k, int threads) throws IOException {
    return run(datasetDir, k, threads, Kernel.AUTO);
  }

  /** {@link #run(Path, int, int)} with a chosen kernel. */
  public static Table run(Path datasetDir, int k, int threads, Kernel kernel) throws IOException {
    return run(datasetDir, k, threads, kernel, false);
  }

  /**
   * {@link #run(Path, int, int)} with a chosen kernel.
   *
   * @param allowDegenerate write the table even when {@link #degenerateShare} exceeds {@link #MAX_DEGENERATE_SHARE}
   * @throws IllegalArgumentException when most users' neighbours are ties and {@code allowDegenerate} is off;
   *                                  nothing is written then
   */
  public static Table run(Path datasetDir, int k, int threads, Kernel kernel, boolean allowDegenerate)
      throws IOException {
    EmbeddingTable users = EmbeddingTables.users(datasetDir);
    Kernel kn = kernel.resolve();
    Result r = compute(users.data(), users.rows(), users.dim(), k, threads, kn);
    checkDegenerate(r, allowDegenerate);
    return write(datasetDir, r, users.manifest(), kn);
  }

  /**
   * The {@code similar-users --index hnsw} step: the same files as {@link #run}, from an approximate search
   * ({@link HnswSimilarUsers}) over an HNSW graph of the user table that is kept beside it and reused while the
   * table and the build parameters are unchanged ({@link UserIndexStore}). The manifest's {@code index} records the
   * parameters; its {@code kernel} is {@code java-rescored}.
   *
   * @param threads threads for the build and the queries; with more than one the graph's links, and so rarely a
   *                neighbour, can differ between runs
   * @throws IllegalArgumentException as {@link #run(Path, int, int, Kernel, boolean)}; nothing is written then
   *                                  (but a graph built on the way is kept)
   */
  public static Table runHnsw(Path datasetDir, int k, int threads, HnswParams params,
                              boolean allowDegenerate) throws IOException {
    EmbeddingTable users = EmbeddingTables.users(datasetDir);
    k = checkedTop(users.rows(), k);
    float[][] unit = HnswSimilarUsers.unitRows(users.data(), users.rows(), users.dim());
    UserIndexStore.Loaded loaded = UserIndexStore.loadOrBuild(datasetDir, users, unit, params, threads);
    int candidates = params.candidates(k);
    Result r = HnswSimilarUsers.compute(unit, loaded.index(), k, candidates, threads);
    checkDegenerate(r, allowDegenerate);
    UserIndexManifest im = loaded.manifest();
    SimilarUsersManifest.IndexInfo info = new SimilarUsersManifest.IndexInfo("hnsw", im.library(), im.m(),
        im.efConstruction(), candidates, im.seed(), im.buildThreads(), im.graph(), im.graphSha256());
    return write(datasetDir, r, users.manifest(), "java-rescored", info);
  }

  /** {@code k} clamped to the other users, after the checks every search makes. */
  private static int checkedTop(int rows, int k) {
    if (rows < 2) throw new IllegalArgumentException("similar users needs at least 2 users, got " + rows);
    if (k < 1) throw new IllegalArgumentException("top must be >= 1, got " + k);
    if (k > rows - 1) {
      LOG.warn("only {} other users: keeping {} neighbours instead of {}", rows - 1, rows - 1, k);
      return rows - 1;
    }
    return k;
  }

  private static void checkDegenerate(Result r, boolean allowDegenerate) {
    double share = degenerateShare(r);
    if (share > MAX_DEGENERATE_SHARE) {
      String msg = String.format(java.util.Locale.ROOT, "%.1f%% of users have top-%d neighbours whose scores all tie"
          + " (within %.0e): their user embeddings are (nearly) identical, so the neighbours are arbitrary and"
          + " LLM-ESR's self-distillation would learn from noise. Check the user prompts with 'llmesr describe'",
          100 * share, Math.min(r.k(), DISTILLATION_NEIGHBOURS), TIE_TOLERANCE);
      if (!allowDegenerate) throw new IllegalArgumentException(msg + "; --allow-degenerate writes the table anyway");
      LOG.warn("writing anyway (--allow-degenerate): {}", msg);
    }
  }

  /** Neighbours that LLM-ESR's self-distillation reads (docs/llmesr.md); the tie check looks at these. */
  static final int DISTILLATION_NEIGHBOURS = 10;
  /** Scores closer than this count as tied. */
  static final double TIE_TOLERANCE = 1e-6;
  /** The largest share of users with all-tied neighbours that {@link #run} accepts. */
  public static final double MAX_DEGENERATE_SHARE = 0.5;

  /**
   * The share of users (with at least two neighbours) whose first {@code min(k, 10)} neighbour scores all lie
   * within {@link #TIE_TOLERANCE} of each other: for them the ranking, and so the retrieved teacher, is
   * decided by the tie-break (user index), not by similarity.
   */
  public static double degenerateShare(Result r) {
    int m = Math.min(r.k(), DISTILLATION_NEIGHBOURS);
    if (m < 2 || r.users() == 0) return 0;
    int tied = 0;
    for (int u = 0; u < r.users(); u++) {
      float first = r.scores()[u * r.k()];
      float last = r.scores()[u * r.k() + m - 1];
      if (first - last <= TIE_TOLERANCE) tied++;
    }
    return (double) tied / r.users();
  }

  /** Writes a result of the exact search (indices and scores via temp + rename, then the manifest). */
  public static Table write(Path datasetDir, Result r, EmbeddingManifest source, Kernel kernel) throws IOException {
    return write(datasetDir, r, source, kernel == Kernel.TORCH ? "torch-matmul" : "java-blocked",
        SimilarUsersManifest.IndexInfo.exact());
  }

  private static Table write(Path datasetDir, Result r, EmbeddingManifest source, String kernel,
                             SimilarUsersManifest.IndexInfo index) throws IOException {
    Path ip = EmbeddingLayout.similarUsers(datasetDir);
    Path sp = EmbeddingLayout.similarUserScores(datasetDir);
    Files.createDirectories(ip.getParent());
    java.security.MessageDigest mi = Hashing.sha256();
    java.security.MessageDigest ms = Hashing.sha256();
    try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
      batch.add(ip, out -> {
        var d = new java.security.DigestOutputStream(out, mi);
        LittleEndianIO.writeInts(d, r.indices());
        d.flush();
      });
      batch.add(sp, out -> {
        var d = new java.security.DigestOutputStream(out, ms);
        LittleEndianIO.writeFloats(d, r.scores());
        d.flush();
      });
      SimilarUsersManifest m = new SimilarUsersManifest(SimilarUsersManifest.FORMAT,
          SimilarUsersManifest.FORMAT_VERSION, r.users(), r.k(), ip.getFileName().toString(), Hashing.hex(mi.digest()),
          sp.getFileName().toString(), Hashing.hex(ms.digest()), "cosine",
          "row u = the K most similar users of user index u, most similar first; values are user indices 0..U-1",
          "the user itself is excluded by index", "score descending, then lower user index",
          source == null ? null : source.table(), source == null ? null : source.sha256(),
          source == null ? null : source.encoder(), kernel, EmbedJson.createdBy(), Instant.now().toString(), index);
      batch.add(EmbeddingLayout.similarUsersManifest(datasetDir), out -> out.write(EmbedJson.bytes(m)));
      batch.commit();
      return toTable(r, m);
    }
  }

  private static Table toTable(Result r, SimilarUsersManifest m) {
    int[][] ind = new int[r.users()][];
    float[][] sc = new float[r.users()][];
    for (int u = 0; u < r.users(); u++) {
      ind[u] = r.neighbours(u);
      sc[u] = r.neighbourScores(u);
    }
    return new Table(ind, sc, m);
  }

  /**
   * Reads and verifies the stored table of a dataset directory.
   *
   * @throws DataFormatException when files are missing or disagree with the manifest
   */
  public static Table read(Path datasetDir) throws IOException {
    Path mp = EmbeddingLayout.similarUsersManifest(datasetDir);
    if (!Files.exists(mp)) {
      throw new DataFormatException(mp, 0, null, "missing; run `llmesr similar-users` first");
    }
    SimilarUsersManifest m = EmbedJson.read(mp, SimilarUsersManifest.class);
    if (!SimilarUsersManifest.FORMAT.equals(m.format())) {
      throw new DataFormatException(mp, 0, "format", "expected '" + SimilarUsersManifest.FORMAT + "', got '" + m.format() + "'");
    }
    if (m.users() < 0 || m.k() < 1) throw new DataFormatException(mp, 0, "users/k", "bad shape " + m.users() + "x" + m.k());
    Path ip = mp.resolveSibling(m.indices());
    Path sp = mp.resolveSibling(m.scores());
    long want = 4L * m.users() * m.k();
    for (Path p : new Path[] {ip, sp}) {
      if (!Files.exists(p)) throw new DataFormatException(p, 0, null, "missing (manifest " + mp.getFileName() + " exists)");
      if (Files.size(p) != want) {
        throw new DataFormatException(p, 0, null, "has " + Files.size(p) + " bytes but manifest says " + m.users()
            + " users x " + m.k() + " x 4 = " + want);
      }
    }
    if (!Hashing.sha256(ip).equals(m.indicesSha256())) {
      throw new DataFormatException(ip, 0, null, "SHA-256 differs from manifest " + mp.getFileName() + "; re-run similar-users");
    }
    if (!Hashing.sha256(sp).equals(m.scoresSha256())) {
      throw new DataFormatException(sp, 0, null, "SHA-256 differs from manifest " + mp.getFileName() + "; re-run similar-users");
    }
    int[] idx = LittleEndianIO.readInts(ip, (long) m.users() * m.k());
    float[] sc = LittleEndianIO.readFloats(sp, (long) m.users() * m.k());
    for (int p = 0; p < idx.length; p++) {
      if (idx[p] < 0 || idx[p] >= m.users()) {
        throw new DataFormatException(ip, 0, null, "entry " + p + " (user " + p / m.k() + ") is " + idx[p]
            + ", outside 0.." + (m.users() - 1));
      }
    }
    return toTable(new Result(m.users(), m.k(), idx, sc), m);
  }
}
