package io.llmesr.bench;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.TrainingBatch;
import io.llmesr.train.Adam;
import io.llmesr.train.TrainStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The Java side of the step benchmark against PyTorch (docs/benchmarks/training.md, "Training step against
 * PyTorch"): one training step (forward, all-position BCE, backward, Adam) of the paper-preset SASRec on random
 * left-padded batches, with the same keys and defaults as the PyTorch twin:
 * {@code batch=128 len=200 d=64 items=12101 blocks=2 heads=1 drop=0.5 warmup=5 steps=20 runs=5 seed=42}, plus
 * {@code masking=none|padding|causal dynamic=false|true} for the masked variants.
 * Threads: {@code -Dai.djl.pytorch.num_threads=2}. Prints one line per run and
 * {@code RESULT java_sasrec_step median_ms=... steps_per_s=...}.
 */
public final class TrainingStepBench {
  private TrainingStepBench() { }

  public static void main(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("expected key=value, got " + s);
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    int b = Integer.parseInt(a.getOrDefault("batch", "128"));
    int len = Integer.parseInt(a.getOrDefault("len", "200"));
    int d = Integer.parseInt(a.getOrDefault("d", "64"));
    int n = Integer.parseInt(a.getOrDefault("items", "12101"));
    int blocks = Integer.parseInt(a.getOrDefault("blocks", "2"));
    int heads = Integer.parseInt(a.getOrDefault("heads", "1"));
    float drop = Float.parseFloat(a.getOrDefault("drop", "0.5"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
    int steps = Integer.parseInt(a.getOrDefault("steps", "20"));
    int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
    long seed = Long.parseLong(a.getOrDefault("seed", "42"));
    Masking masking = Masking.parse(a.getOrDefault("masking", "none"));
    boolean dynamic = Boolean.parseBoolean(a.getOrDefault("dynamic", "false"));
    String backbone = a.getOrDefault("backbone", "sasrec");
    ModelSpec spec = new ModelSpec(Backbone.parse(backbone), n, d, len, blocks, heads, drop, masking, dynamic);

    Random rng = new Random(seed);
    List<TrainingBatch> batches = new ArrayList<>();
    for (int i = 0; i < 8; i++) batches.add(randomBatch(rng, b, len, n, spec));
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), seed);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      try (Adam adam = new Adam(store, Adam.Settings.paper())) {
        TrainStep step = new TrainStep(model, adam);
        for (int i = 0; i < warmup; i++) step.run(batches.get(i % batches.size()), i);
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
          long t0 = System.nanoTime();
          float loss = 0;
          for (int i = 0; i < steps; i++) loss = step.run(batches.get(i % batches.size()), 1000L * r + i).loss();
          times[r] = (System.nanoTime() - t0) / 1e6 / steps;
          System.out.printf("run %d: %.1f ms/step loss=%.4f arrays=%d%n", r, times[r], loss,
              store.manager().getManagedArrays().size());
        }
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double med = sorted[runs / 2];
        System.out.printf("RESULT java_sasrec_step median_ms=%.1f steps_per_s=%.3f batch=%d len=%d d=%d items=%d blocks=%d"
                + " heads=%d masking=%s dynamic=%s backbone=%s threads=%s%n", med, 1000 / med, b, len, d, n, blocks, heads,
            masking.id(), dynamic, backbone, System.getProperty("ai.djl.pytorch.num_threads", "default"));
      }
      model.close();
    }
  }

  /** Like the Python script: lengths U[5, L], random items/targets/negatives on real slots, left padding. */
  static TrainingBatch randomBatch(Random rng, int b, int len, int n, ModelSpec spec) {
    int[][] seqs = new int[b][];
    int longest = 0;
    for (int r = 0; r < b; r++) {
      int k = 5 + rng.nextInt(len - 4);
      seqs[r] = new int[k];
      for (int i = 0; i < k; i++) seqs[r][i] = 1 + rng.nextInt(n);
      longest = Math.max(longest, k);
    }
    int t = spec.paddedLength(longest);
    SequenceBatch in = SequenceBatch.leftPadded(seqs, null, t);
    int[] targets = new int[b * t];
    int[] negs = new int[b * t];
    for (int i = 0; i < b * t; i++) {
      if (in.items()[i] != 0) {
        targets[i] = 1 + rng.nextInt(n);
        negs[i] = 1 + rng.nextInt(n);
      }
    }
    return new TrainingBatch(in, targets, negs, false);
  }
}
