package io.llmesr.bench;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.Backbone;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.loss.LossKind;
import io.llmesr.model.loss.Objective;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.train.Adam;
import io.llmesr.train.Batcher;
import io.llmesr.train.EpochBatches;
import io.llmesr.train.TrainStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Training time per epoch of each objective ({@code train.loss}) on a prepared dataset: the trainer's own epoch
 * batches ({@link EpochBatches}: regime, shuffling, per-batch negatives) and steps ({@link TrainStep}: forward, loss,
 * backward, Adam), for a backbone and method as {@code llmesr train} builds them; no validation.
 *
 * <p>Keys (defaults): {@code dataset=DIR} (required), {@code backbone=sasrec method=plain preset=paper
 * losses=bce,ce,sampled-softmax,gbce negatives=auto sampler=uniform gbce_t=0.75 ce_chunk=2048 batches=all warmup=2
 * seed=42}. {@code negatives} and {@code sampler} go to the sampled objectives, {@code gbce_t} to gbce,
 * {@code ce_chunk} to ce. {@code batches=N} times the first N batches of epoch 1 and extrapolates to the epoch
 * (mean step × batches per epoch); {@code all} times the whole epoch. The first {@code warmup} steps are run but not
 * timed. Method inputs (LLM-ESR's tables) are read from the dataset directory as {@code train} reads them.
 *
 * <p>Prints one {@code RESULT objective_epoch ...} line per objective: batches per epoch, timed steps, mean and
 * median step time, the epoch time (measured or extrapolated), mean loss, peak RSS ({@code VmHWM}, the process's
 * maximum so far) and the load average before and after.
 *
 * <pre>
 *   java -Xmx8g -cp "llmesr-bench/target/llmesr-bench.jar:llmesr-bench/target/lib/*" io.llmesr.bench.ObjectiveEpochBench \
 *       dataset=work/beauty backbone=sasrec method=llmesr losses=bce,ce,sampled-softmax,gbce
 * </pre>
 */
public final class ObjectiveEpochBench {
  private ObjectiveEpochBench() { }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("expected key=value, got " + s);
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    if (!a.containsKey("dataset")) throw new IllegalArgumentException("missing dataset=DIR");
    Path dir = Path.of(a.get("dataset")).toAbsolutePath();
    Backbone backbone = Backbone.parse(a.getOrDefault("backbone", "sasrec"));
    String method = a.getOrDefault("method", "plain");
    Preset preset = Preset.parse(a.getOrDefault("preset", "paper"));
    String batchesArg = a.getOrDefault("batches", "all");
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "2"));
    Dataset ds = DatasetIO.read(dir);
    for (String loss : a.getOrDefault("losses", "bce,ce,sampled-softmax,gbce").split(",")) {
      RunConfig config = RunConfig.resolve(preset, backbone, method, dir, overrides(LossKind.parse(loss), a));
      System.out.println(run(config, ds, batchesArg, warmup));
    }
  }

  /** The run keys of one objective: the bench's settings that apply to it. */
  static Map<String, String> overrides(LossKind loss, Map<String, String> a) {
    Map<String, String> o = new HashMap<>();
    o.put("train.loss", loss.id());
    o.put("train.epochs", "1");
    o.put("train.seed", a.getOrDefault("seed", "42"));
    if (loss.sampled()) {
      o.put("train.negatives", a.getOrDefault("negatives", "auto"));
      o.put("train.sampler", loss == LossKind.GBCE ? "uniform" : a.getOrDefault("sampler", "uniform"));
    }
    if (loss == LossKind.GBCE && a.containsKey("gbce_t")) o.put("train.gbce_t", a.get("gbce_t"));
    if (loss == LossKind.CE && a.containsKey("ce_chunk")) o.put("train.ce_chunk", a.get("ce_chunk"));
    return o;
  }

  /** Times epoch 1's batches of one configuration; the RESULT line. */
  static String run(RunConfig config, Dataset ds, String batchesArg, int warmup) {
    String load0 = LlmEsrStepBench.loadAverage();
    ModelSpec spec = config.model().toSpec(ds.numItems());
    Objective objective = config.training().objective().create(ds.numItems());
    RunConfig.Training t = config.training();
    try (NDManager root = NDManager.newBaseManager();
         SequenceModel model = ModelBuilder.build(config, spec, root.newSubManager(), Optional.of(ds));
         Adam adam = new Adam(model.parameters(), new Adam.Settings(t.lr(), t.beta1(), t.beta2(), t.eps()))) {
      long built = System.nanoTime();
      Batcher batcher = new EpochBatches(t, spec, ds, objective).epoch(1);
      double batchSeconds = (System.nanoTime() - built) / 1e9;
      int total = batcher.size();
      int steps = batchesArg.equals("all") ? total : Math.min(total, Integer.parseInt(batchesArg));
      model.beforeEpoch(1);
      TrainStep step = new TrainStep(model, adam);
      List<Double> ms = new ArrayList<>();
      double lossSum = 0;
      long epochStart = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        long s = System.nanoTime();
        TrainStep.Result r = step.run(batcher.batch(i), TrainStep.dropoutSeed(t.seed(), 1, i));
        double took = (System.nanoTime() - s) / 1e6;
        if (!Float.isFinite(r.loss())) throw new IllegalStateException(objective.kind().id() + ": loss " + r.loss());
        lossSum += r.loss();
        if (i >= warmup) ms.add(took);
        if ((i + 1) % 20 == 0) System.out.printf(Locale.ROOT, "%s: %d/%d steps%n", objective.kind().id(), i + 1, steps);
      }
      double measured = (System.nanoTime() - epochStart) / 1e9;
      double mean = ms.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
      double epoch = steps == total ? measured + batchSeconds : mean * total / 1000 + batchSeconds;
      return String.format(Locale.ROOT, "RESULT objective_epoch loss=%s negatives=%d backbone=%s method=%s preset=%s"
              + " batches_per_epoch=%d steps=%d timed=%d step_ms_mean=%.1f step_ms_median=%.1f epoch_s=%.1f (%s)"
              + " mean_loss=%.4f peak_rss_mib=%d load=[%s]->[%s]",
          objective.kind().id(), objective.negativesPerSlot(), spec.backbone().id(), config.model().method(),
          config.preset().id(), total, steps, ms.size(), mean, median, epoch,
          steps == total ? "measured" : "extrapolated", lossSum / Math.max(1, steps), LlmEsrStepBench.peakRssMiB(),
          load0, LlmEsrStepBench.loadAverage());
    }
  }
}
