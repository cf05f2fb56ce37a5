package io.llmesr.bench;

import ai.djl.ndarray.NDManager;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.experiment.ProcStatus;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.llmesr.Ablation;
import io.llmesr.model.llmesr.LlmEsrModel;
import io.llmesr.model.llmesr.LlmEsrModelFactory;
import io.llmesr.model.llmesr.LlmEsrOptions;
import io.llmesr.model.llmesr.LlmEsrTables;
import io.llmesr.model.llmesr.LlmEsrTablesReader;
import io.llmesr.model.llmesr.TeacherMode;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.train.Adam;
import io.llmesr.train.Batcher;
import io.llmesr.train.TrainStep;
import io.llmesr.train.TrainingRegime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Training-step time and peak memory of LLM-ESR on a prepared dataset (real epoch batches from the backbone's
 * regime, Adam, the model exactly as {@code train --method llmesr} builds it).
 *
 * <p>Keys (defaults): {@code dataset=DIR} (required), {@code backbone=sasrec batch=128 len=200 d=64 drop=0.5
 * masking=none dynamic=false teacher=batch alpha=0.1 sim=10 ablation= warmup=3 steps=30 seed=42}, {@code
 * random-llm=DIM} to use a random LLM table of that width (plus random PCA rows and random similar users) instead
 * of the dataset's {@code embeddings/} (the default when they are absent: 384). With {@code steps=epoch} the whole
 * epoch is run.
 *
 * <p>Prints a progress line every 10 steps and a final {@code RESULT llmesr_step ...} line: mean and median step
 * time, steps per epoch, the extrapolated epoch time ({@code mean × steps per epoch + teacher refresh}), the cached
 * teacher's refresh time, peak RSS ({@code VmHWM}) and the machine's load average before and after.
 */
public final class LlmEsrStepBench {
  private LlmEsrStepBench() { }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("expected key=value, got " + s);
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    Path dir = Path.of(required(a, "dataset"));
    Backbone backbone = Backbone.parse(a.getOrDefault("backbone", "sasrec"));
    int batchSize = Integer.parseInt(a.getOrDefault("batch", "128"));
    int len = Integer.parseInt(a.getOrDefault("len", "200"));
    int d = Integer.parseInt(a.getOrDefault("d", "64"));
    float drop = Float.parseFloat(a.getOrDefault("drop", backbone == Backbone.GRU4REC ? "0" : "0.5"));
    Masking masking = Masking.parse(a.getOrDefault("masking", "none"));
    boolean dynamic = Boolean.parseBoolean(a.getOrDefault("dynamic", "false"));
    TeacherMode teacher = TeacherMode.parse(a.getOrDefault("teacher", "batch"));
    double alpha = Double.parseDouble(a.getOrDefault("alpha", "0.1"));
    int sim = Integer.parseInt(a.getOrDefault("sim", "10"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "3"));
    String stepsArg = a.getOrDefault("steps", "30");
    long seed = Long.parseLong(a.getOrDefault("seed", "42"));
    var ablations = Ablation.parseList(a.getOrDefault("ablation", ""));
    boolean fold = Boolean.parseBoolean(a.getOrDefault("fold", "true"));
    String load0 = loadAverage();

    Dataset ds = DatasetIO.read(dir);
    boolean haveTables = Files.exists(EmbeddingLayout.items(dir)) && Files.exists(EmbeddingLayout.pca(dir, d))
        && Files.exists(EmbeddingLayout.similarUsersManifest(dir));
    int randomDim = Integer.parseInt(a.getOrDefault("random-llm", haveTables ? "0" : "384"));
    LlmEsrTables tables = randomDim > 0 ? randomTables(ds, randomDim, d, Math.max(sim, 10), seed)
        : LlmEsrTablesReader.read(dir, d, true, true);
    String tableNote = randomDim > 0 ? "random " + randomDim + "-d LLM table (timing only)"
        : "embeddings/items.f32 " + tables.llmDim() + "-d";

    ModelSpec spec = new ModelSpec(backbone, ds.numItems(), d, len, 2, 1, drop, masking, dynamic);
    LlmEsrOptions options = new LlmEsrOptions(alpha, sim, teacher, 2, ablations);
    TrainingRegime regime = TrainingRegime.forBackbone(backbone, ds, len, 0.6f);
    SplittableRandom rng = new SplittableRandom(seed);
    Batcher batcher = new Batcher(regime.examples(rng), batchSize, spec, regime.lastOnly(), rng);
    int steps = stepsArg.equals("epoch") ? batcher.size() - warmup : Integer.parseInt(stepsArg);
    if (warmup + steps > batcher.size()) {
      throw new IllegalArgumentException("warmup+steps = " + (warmup + steps) + " exceeds the epoch's " + batcher.size() + " batches");
    }
    System.out.printf("dataset %s: %d users, %d items; %s; %s len=%d masking=%s dynamic=%s teacher=%s alpha=%s sim=%d"
            + " ablation=%s fold=%s; %d batches/epoch; threads=%s; load %s%n", dir.getFileName(), ds.numUsers(),
        ds.numItems(), tableNote, backbone.id(), len, masking.id(), dynamic, teacher, alpha, sim, ablations, fold,
        batcher.size(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"), load0);

    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), seed);
      LlmEsrModel model = LlmEsrModelFactory.build(spec, store, tables, options, ds, fold);
      System.out.printf("trainable parameters: %,d; frozen LLM table %,d floats%n", store.trainableCount(),
          (long) (tables.numItems() + 2) * tables.llmDim());
      try (Adam adam = new Adam(store, Adam.Settings.paper())) {
        TrainStep step = new TrainStep(model, adam);
        long r0 = System.nanoTime();
        model.beforeEpoch(1);
        double refreshS = (System.nanoTime() - r0) / 1e9;
        for (int i = 0; i < warmup; i++) step.run(batcher.batch(i), TrainStep.dropoutSeed(seed, 1, i));
        int arrays0 = store.manager().getManagedArrays().size();
        double[] ms = new double[steps];
        long t0 = System.nanoTime();
        float loss = 0;
        for (int i = 0; i < steps; i++) {
          long s0 = System.nanoTime();
          loss = step.run(batcher.batch(warmup + i), TrainStep.dropoutSeed(seed, 1, warmup + i)).loss();
          ms[i] = (System.nanoTime() - s0) / 1e6;
          if ((i + 1) % 10 == 0 || i + 1 == steps) {
            double el = (System.nanoTime() - t0) / 1e9;
            System.out.printf("step %d/%d: %.0f ms/step mean, loss %.4f, ETA %.0f s, RSS peak %d MiB%n", i + 1, steps,
                el * 1000 / (i + 1), loss, el / (i + 1) * (steps - i - 1), peakRssMiB());
          }
        }
        double mean = Arrays.stream(ms).average().orElse(0);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[steps / 2];
        double epochS = mean / 1000 * batcher.size() + refreshS;
        System.out.printf("RESULT llmesr_step mean_ms=%.1f median_ms=%.1f steps_per_epoch=%d epoch_s_extrapolated=%.1f"
                + " teacher_refresh_s=%.1f peak_rss_mib=%d model_arrays=%d->%d measured_steps=%d backbone=%s len=%d"
                + " masking=%s dynamic=%s teacher=%s fold=%s tables=\"%s\" threads=%s load_before=\"%s\""
                + " load_after=\"%s\"%n",
            mean, median, batcher.size(), epochS, refreshS, peakRssMiB(), arrays0,
            store.manager().getManagedArrays().size(), steps, backbone.id(), len, masking.id(), dynamic, teacher, fold,
            tableNote, System.getProperty("ai.djl.pytorch.num_threads", "default"), load0, loadAverage());
      }
      model.close();
    }
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) throw new IllegalArgumentException("missing " + key + "=...");
    return v;
  }

  /** Random tables of the right shapes (values do not affect timing). */
  static LlmEsrTables randomTables(Dataset ds, int llmDim, int d, int k, long seed) {
    Random rng = new Random(seed);
    int n = ds.numItems();
    float[] llm = new float[(n + 1) * llmDim];
    for (int i = llmDim; i < llm.length; i++) llm[i] = (float) rng.nextGaussian();
    float[] pca = new float[(n + 1) * d];
    for (int i = d; i < pca.length; i++) pca[i] = (float) rng.nextGaussian();
    int u = ds.numUsers();
    int[][] sim = new int[u][k];
    for (int i = 0; i < u; i++) {
      for (int j = 0; j < k; j++) {
        int s;
        do {
          s = rng.nextInt(u);
        } while (s == i);
        sim[i][j] = s;
      }
    }
    return new LlmEsrTables(llm, llmDim, pca, d, sim);
  }

  /** Peak resident set size of this process ({@code VmHWM}), MiB. */
  static long peakRssMiB() {
    long kb = ProcStatus.kb(ProcStatus.self(), "VmHWM");
    return kb < 0 ? -1 : kb / 1024;
  }


  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
