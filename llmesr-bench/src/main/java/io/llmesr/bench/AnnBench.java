package io.llmesr.bench;

import io.llmesr.ann.ClusteredVectors;
import io.llmesr.ann.HnswIndex;
import io.llmesr.ann.HnswParams;
import io.llmesr.ann.Recall;
import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.EmbeddingTables;
import io.llmesr.embed.HnswSimilarUsers;
import io.llmesr.embed.SimilarUsers;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Approximate against exact similar users (results in {@code docs/benchmarks/ann.md}): HNSW build time, query time for
 * the top 100 of every user, recall@10 against the exact search, heap.
 * <pre>
 * synthetic USERS [THREADS [M EF_CONSTRUCTION EF_SEARCH [SAMPLE [QUERY_USERS]]]]
 *     USERS seeded clustered unit vectors of dimension 384 ({@link ClusteredVectors}: USERS / 1000 clusters, at least
 *     10, noise norm 1.0 relative to the centre, seed 1); exact neighbours of the first SAMPLE users (default 1,000;
 *     the rows are i.i.d., so they are a random sample); queries timed for the first QUERY_USERS users (default all)
 *     and extrapolated to all when fewer
 * dataset DATASET_DIR [THREADS [M EF_CONSTRUCTION EF_SEARCH]]
 *     the dataset's user table; exact neighbours of every user
 * </pre>
 * Recall@10 = the share of a user's exact first 10 neighbours found among the approximate first 10, averaged over
 * the sampled users. Run with the launcher's JVM options ({@code -Xmx8g}); 1,000,000 users need about 5 GB of heap.
 */
public final class AnnBench {
  private static final int DIM = 384;
  private static final int TOP = 100;

  private AnnBench() { }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "synthetic" -> {
        int users = Integer.parseInt(args[1]);
        int threads = arg(args, 2, 2);
        HnswParams p = params(args, 3);
        int sample = Math.min(users, arg(args, 6, 1000));
        int query = Math.min(users, arg(args, 7, users));
        float[][] rows = ClusteredVectors.generate(users, DIM, Math.max(10, users / 1000), 1.0, 1);
        float[] flat = new float[users * DIM];
        for (int u = 0; u < users; u++) System.arraycopy(rows[u], 0, flat, u * DIM, DIM);
        rows = null;
        run("synthetic " + users + " x " + DIM, flat, users, DIM, threads, p, sample, query);
      }
      case "dataset" -> {
        EmbeddingTable t = EmbeddingTables.users(Path.of(args[1]));
        run(args[1] + " users " + t.rows() + " x " + t.dim(), t.data(), t.rows(), t.dim(), arg(args, 2, 2), params(args, 3),
            t.rows(), t.rows());
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0] + " (synthetic or dataset)");
    }
  }

  private static int arg(String[] args, int i, int def) {
    return args.length > i ? Integer.parseInt(args[i]) : def;
  }

  private static HnswParams params(String[] args, int from) {
    if (args.length <= from) return HnswParams.defaults();
    return new HnswParams(Integer.parseInt(args[from]), Integer.parseInt(args[from + 1]), Integer.parseInt(args[from + 2]));
  }

  static void run(String label, float[] data, int users, int dim, int threads, HnswParams p, int sample, int query) {
    System.out.printf(Locale.ROOT, "%s, threads %d, m %d, efConstruction %d, efSearch %d, %s%n", label, threads, p.m(),
        p.efConstruction(), p.efSearch(), HnswIndex.library());
    long t0 = System.nanoTime();
    SimilarUsers.Result exact = SimilarUsers.computeRange(data, users, dim, 10, 0, sample, threads, SimilarUsers.Kernel.AUTO);
    double exactSecs = secs(t0);
    System.out.printf(Locale.ROOT, "exact top 10 of %,d users: %.1f s (all %,d users by extrapolation: %.0f s)%n", sample,
        exactSecs, users, exactSecs * users / sample);
    float[][] unit = HnswSimilarUsers.unitRows(data, users, dim);
    data = null;
    t0 = System.nanoTime();
    HnswIndex index = HnswIndex.build(unit, dim, p, threads);
    double build = secs(t0);
    long heapBuilt = heapMb();
    System.out.printf(Locale.ROOT, "build: %.1f s (%,.0f vectors/s), heap after GC %d MB%n", build, users / build, heapBuilt);
    int candidates = p.candidates(TOP);
    t0 = System.nanoTime();
    SimilarUsers.Result approx = HnswSimilarUsers.computeRange(unit, index, Math.min(TOP, users - 1), candidates, 0, query, threads);
    double q = secs(t0);
    double all = q * users / query;
    System.out.printf(Locale.ROOT, "query top %d (candidates %d) of %,d users: %.1f s (%.2f ms per user per thread)%s%n",
        approx.k(), candidates, query, q, 1000.0 * q * threads / query,
        query < users ? String.format(Locale.ROOT, " -> all %,d users %.0f s (extrapolated)", users, all) : "");
    double sum = 0;
    int n = Math.min(sample, query);
    for (int u = 0; u < n; u++) sum += Recall.atK(exact.neighbours(u), approx.neighbours(u), 10);
    System.out.printf(Locale.ROOT, "recall@10 over %,d users: %.4f; build + query all users: %.0f s; heap after GC %d MB%n",
        n, sum / n, build + all, heapMb());
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static long heapMb() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }
}
