package io.llmesr.bench;

import io.llmesr.embed.MiniLmEncoder;
import io.llmesr.embed.SimilarUsers;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Side-by-side benchmarks of the embedding stage (results in {@code docs/benchmarks/embeddings.md}).
 * <pre>
 * encoders DATASET_DIR N ROUNDS   token statistics of all prompts, then texts/s of encoder settings on a
 *                                 seeded sample of N item and N user prompts, settings interleaved per round
 * similar U KERNEL [THREADS [QUERY_USERS]]  similar-users (top 100) on U random 384-d users, for all users or
 *                                 only the first QUERY_USERS (the work per user is the same, so the full
 *                                 time is U / QUERY_USERS times the measured one): seconds
 * </pre>
 */
public final class EmbedBench {
  private EmbedBench() { }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "encoders" -> encoders(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "similar" -> similar(Integer.parseInt(args[1]), SimilarUsers.Kernel.valueOf(args[2].toUpperCase(Locale.ROOT)),
          args.length > 3 ? Integer.parseInt(args[3]) : 2, args.length > 4 ? Integer.parseInt(args[4]) : Integer.parseInt(args[1]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  static void similar(int u, SimilarUsers.Kernel kernel, int threads, int queryUsers) {
    int d = 384;
    Random r = new Random(1);
    float[] x = new float[u * d];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    long t0 = System.nanoTime();
    SimilarUsers.Result res = SimilarUsers.computeRange(x, u, d, 100, 0, queryUsers, threads, kernel);
    double s = (System.nanoTime() - t0) / 1e9;
    Runtime rt = Runtime.getRuntime();
    double full = s * u / queryUsers;
    System.out.printf(Locale.ROOT, "similar U=%d d=%d K=%d kernel=%s threads=%d query users=%d: %.2f s (%.2f GFLOP/s) -> all %d users %.1f s%s; heap used %d MB, first=%d%n",
        u, d, res.k(), kernel, threads, queryUsers, s, 2.0 * queryUsers * u * d / s / 1e9, u, full,
        queryUsers < u ? " (extrapolated)" : "", (rt.totalMemory() - rt.freeMemory()) >> 20, res.indices()[0]);
  }

  record Config(String label, MiniLmEncoder.Options options) { }

  static void encoders(Path dir, int n, int rounds) throws Exception {
    Dataset ds = DatasetIO.read(dir);
    List<String> items = new ArrayList<>(ds.itemPrompts().subList(1, ds.numItems() + 1));
    List<String> users = new ArrayList<>(ds.userPrompts());
    try (MiniLmEncoder tok = new MiniLmEncoder(new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 256, 1, 1))) {
      stats("items", items, tok);
      stats("users", users, tok);
    }
    Collections.shuffle(items, new Random(7));
    Collections.shuffle(users, new Random(8));
    List<String> is = items.subList(0, Math.min(n, items.size()));
    List<String> us = users.subList(0, Math.min(n, users.size()));
    List<Config> configs = List.of(
        new Config("fp32 threads=2 micro-batch=1 (default)", new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 256, 2, 1)),
        new Config("fp32 threads=2 micro-batch=8", new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 256, 2, 8)),
        new Config("fp32 threads=2 micro-batch=32", new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 256, 2, 32)),
        new Config("fp32 threads=1 micro-batch=1", new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 256, 1, 1)),
        new Config("fp32 threads=2 micro-batch=1 max-tokens=128", new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 128, 2, 1)),
        new Config("int8 threads=2 (minilm-q)", new MiniLmEncoder.Options(MiniLmEncoder.Variant.INT8, 256, 2, 1)));
    Map<String, MiniLmEncoder> enc = new LinkedHashMap<>();
    for (Config c : configs) {
      MiniLmEncoder e = new MiniLmEncoder(c.options());
      e.encode(is.subList(0, 8)); // start the session
      enc.put(c.label(), e);
    }
    Map<String, double[]> itemRate = new LinkedHashMap<>();
    Map<String, double[]> userRate = new LinkedHashMap<>();
    for (Config c : configs) {
      itemRate.put(c.label(), new double[rounds]);
      userRate.put(c.label(), new double[rounds]);
    }
    for (int r = 0; r < rounds; r++) {
      for (Config c : configs) {
        MiniLmEncoder e = enc.get(c.label());
        long t0 = System.nanoTime();
        e.encode(is);
        itemRate.get(c.label())[r] = is.size() / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        e.encode(us);
        userRate.get(c.label())[r] = us.size() / ((System.nanoTime() - t0) / 1e9);
        System.err.printf(Locale.ROOT, "round %d %-45s items %.1f/s users %.1f/s%n", r + 1, c.label(),
            itemRate.get(c.label())[r], userRate.get(c.label())[r]);
      }
    }
    double baseI = median(itemRate.get(configs.get(0).label()));
    double baseU = median(userRate.get(configs.get(0).label()));
    System.out.printf(Locale.ROOT, "%n| setting | items/s (median of %d) | users/s | items ratio | users ratio |%n|---|---|---|---|---|%n", rounds);
    for (Config c : configs) {
      double mi = median(itemRate.get(c.label()));
      double mu = median(userRate.get(c.label()));
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.2f |%n", c.label(), mi, mu, mi / baseI, mu / baseU);
    }
    enc.values().forEach(MiniLmEncoder::close);
  }

  static void stats(String what, List<String> texts, MiniLmEncoder tok) {
    int[] len = new int[texts.size()];
    for (int i = 0; i < len.length; i++) len[i] = tok.tokenIds(texts.get(i)).length;
    int[] s = len.clone();
    Arrays.sort(s);
    long sum = 0;
    int over128 = 0;
    int over256 = 0;
    for (int x : s) {
      sum += x;
      if (x > 128) over128++;
      if (x > 256) over256++;
    }
    System.out.printf(Locale.ROOT, "%s: %d prompts, word pieces incl. [CLS]/[SEP]: mean %.1f, median %d, p95 %d, max %d; > 128: %d, > 256: %d%n",
        what, s.length, sum / (double) s.length, s[s.length / 2], s[(int) (s.length * 0.95)], s[s.length - 1], over128, over256);
  }

  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
