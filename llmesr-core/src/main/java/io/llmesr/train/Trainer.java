package io.llmesr.train;

import ai.djl.ndarray.NDManager;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.Seeds;
import io.llmesr.model.SequenceModel;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.recommend.ModelScorer;
import io.llmesr.run.MetricsLog;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.ModelSpecFile;
import io.llmesr.run.Provenance;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop (docs/model.md §4): per epoch, fresh training examples (negatives, BERT4Rec masks) from the epoch's
 * stream, shuffled batches, one {@link TrainStep} each (forward, loss, backward, {@link Adam}); then validation
 * NDCG@10 ({@link Validator}) and {@link EarlyStopping} (patience 20), and the epoch's {@link EpochEnd} goes to the
 * listeners in order: {@link CheckpointWriter} (the best checkpoint on strict improvement, then the resume
 * checkpoint {@code checkpoints/last}: parameters + Adam moments + step + trainer state), {@link MetricsWriter}
 * (metrics row, training curve), {@link EpochLog}. After the last epoch the best checkpoint is reloaded and
 * evaluated on the test split (sampled-100) into {@code test-report.json}.
 *
 * <p>Resume ({@link #run} with {@code resume = true}) reloads {@code checkpoints/last} and continues with epoch
 * {@code epochsDone + 1}; since every random stream is derived from (seed, epoch, step) and the validation negatives
 * are frozen, a resumed run repeats exactly what an uninterrupted one does.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final long PROGRESS_MS = 10_000;

  /** What a run produced. */
  public record Result(int epochsDone, int bestEpoch, double bestValidNdcg10, boolean stoppedEarly,
                       List<Double> epochTrainSeconds, EvalReport test) { }

  private final RunConfig config;
  private final Dataset dataset;
  private final RunDirectory run;
  private final Validator validator;
  private boolean runTest = true;

  /**
   * @param validator validation scorer of each epoch; {@code null} = the configured {@code eval.valid_protocol}
   *                  (default the paper's sampled-100, negatives under {@code DATASET_DIR/eval}) on the validation split
   */
  public Trainer(RunConfig config, Dataset dataset, RunDirectory run, Validator validator) {
    this.config = config;
    this.dataset = dataset;
    this.run = run;
    this.validator = validator != null ? validator : Validator.of(config.eval().validProtocol(), dataset,
        config.datasetDir().resolve("eval"),
        config.eval().seed(), config.model().maxLen(), config.training().evalBatchSize());
  }

  /** Skips the final test evaluation (tests, benchmarks). */
  public Trainer withoutTest() {
    this.runTest = false;
    return this;
  }

  /**
   * Trains (or resumes) the run.
   *
   * @param resume  continue from {@code checkpoints/last} instead of starting fresh
   * @param command the command line, recorded in the provenance
   */
  public Result run(boolean resume, String command) throws IOException {
    ModelSpec spec = config.model().toSpec(dataset.numItems());
    Path last = run.checkpoint(RunDirectory.LAST);
    if (!resume && run.exists()) {
      // The same command again (after a failure or a kill) continues the run; another configuration is refused.
      Map<String, String> differences = differences(run.readConfig().toMap(), config.toMap());
      if (!differences.isEmpty()) {
        List<String> lines = new ArrayList<>();
        differences.forEach((k, v) -> lines.add(k + ": " + v));
        throw new IOException(run.root() + " already holds a run with another configuration (" + String.join("; ", lines)
            + "); use another --out, or --resume to continue that run");
      }
      resume = Checkpoint.exists(last);
      LOG.info(resume ? "{} holds this run, interrupted: continuing from its last checkpoint"
          : "{} holds this run, stopped before its first checkpoint: starting it again", run.root());
    }
    TrainerState state;
    if (resume) {
      if (!Checkpoint.exists(last)) {
        throw new IOException(run.root() + ": nothing to resume (" + last + " is missing)");
      }
      state = Checkpoint.readState(last);
      if (state.seed() != config.training().seed()) {
        throw new IOException(last + ": seed " + state.seed() + " != configured " + config.training().seed());
      }
    } else {
      state = TrainerState.initial(config.training().seed());
    }

    try (NDManager root = NDManager.newBaseManager()) {
      // Building the model validates every method option and reads every input table: a bad value fails here,
      // before anything is written to the run directory.
      SequenceModel model = ModelBuilder.build(config, spec, root.newSubManager(), Optional.of(dataset));
      try (model) {
        run.writeConfig(config);   // with --resume, --epochs may have been raised
        ModelSpecFile.write(run.root(), spec);
        LOG.info("configuration:\n{}", config.describe());
        writeProvenance(spec, model, command);
        Adam adam;
        if (resume) {
          model.parameters().load(Checkpoint.readParams(run.checkpoint(RunDirectory.LAST)));
          adam = new Adam(model.parameters(), adamSettings(), Checkpoint.readAdam(run.checkpoint(RunDirectory.LAST)));
          LOG.info("resuming after epoch {} (step {}, best NDCG@10 {} at epoch {}, {} epochs without improvement)",
              state.epochsDone(), state.globalStep(), fmt(state.bestScore()), state.bestEpoch(), state.badEpochs());
        } else {
          adam = new Adam(model.parameters(), adamSettings());
        }
        LOG.info("model: {} / {} with {} trainable parameters; {} users, {} items", spec.backbone().id(),
            config.model().method(), model.parameters().trainableCount(), dataset.numUsers(), dataset.numItems());
        try (adam) {
          Result r = loop(model, adam, spec, state, resume);
          EvalReport test = null;
          if (runTest) test = testBest(model);
          return new Result(r.epochsDone(), r.bestEpoch(), r.bestValidNdcg10(), r.stoppedEarly(), r.epochTrainSeconds(),
              test);
        }
      }
    }
  }

  private Result loop(SequenceModel model, Adam adam, ModelSpec spec, TrainerState state, boolean resume)
      throws IOException {
    RunConfig.Training t = config.training();
    long seed = t.seed();
    TrainingRegime regime = TrainingRegime.forBackbone(spec.backbone(), dataset, spec.maxLen(), t.maskProb());
    TrainStep step = new TrainStep(model, adam);
    EarlyStopping es = new EarlyStopping(t.patience(), state.bestScore(), state.bestEpoch(), state.badEpochs());
    List<EpochListener> listeners = List.of(new CheckpointWriter(run),
        new MetricsWriter(run, new MetricsLog(run.metrics(), resume ? state.epochsDone() : 0),
            run.root().getFileName() + ": " + spec.backbone().id() + " / " + config.model().method() + " ("
                + config.preset().id() + ")"),
        new EpochLog(LOG));
    long globalStep = state.globalStep();
    boolean stopped = state.stopped();
    int epochsDone = state.epochsDone();
    List<Double> epochSeconds = new ArrayList<>();
    if (stopped) LOG.info("early stopping had already fired at epoch {}; nothing to train", epochsDone);
    for (int epoch = epochsDone + 1; epoch <= t.epochs() && !stopped; epoch++) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "epoch:" + epoch + ":sampling"));
      List<TrainingExample> examples = regime.examples(rng);
      Batcher batcher = new Batcher(examples, t.batchSize(), spec, regime.lastOnly(), t.lengthBuckets(), t.epochLossNorm(),
          rng);
      model.beforeEpoch(epoch);   // e.g. LLM-ESR's cached teacher is refreshed here
      EpochProgress progress = new EpochProgress(LOG, "epoch " + epoch + "/" + t.epochs(), batcher.size(), PROGRESS_MS);
      double lossSum = 0;
      Map<String, Double> partSums = new LinkedHashMap<>();
      int steps = 0;
      for (int i = 0; i < batcher.size(); i++) {
        TrainStep.Result r = step.run(batcher.batch(i), TrainStep.dropoutSeed(seed, epoch, i));
        if (r.slots() > 0) {
          if (!Float.isFinite(r.loss())) {
            throw new IllegalStateException("epoch " + epoch + " batch " + i + ": loss is " + r.loss());
          }
          lossSum += r.loss();
          r.parts().forEach((k, v) -> partSums.merge(k, (double) v, Double::sum));
          steps++;
          globalStep++;
        }
        progress.update(i + 1, lossSum / Math.max(1, steps));
      }
      double trainSeconds = progress.elapsed();
      epochSeconds.add(trainSeconds);
      Validator.Result v = validator.validate(new ModelScorer(model, t.evalBatchSize()));
      boolean improved = es.update(epoch, v.ndcg10());
      stopped = es.shouldStop();
      epochsDone = epoch;
      TrainerState now = new TrainerState(epochsDone, globalStep, es.best(), es.bestEpoch(), es.counter(), stopped, seed);
      List<String> names = new ArrayList<>(partSums.keySet());
      List<Double> parts = new ArrayList<>();
      for (String n : names) parts.add(partSums.get(n) / Math.max(1, steps));
      EpochEnd end = new EpochEnd(epoch, t.epochs(), lossSum / Math.max(1, steps), names, parts, steps, trainSeconds,
          v, improved, es, now, model, adam);
      for (EpochListener l : listeners) l.epochEnded(end);
    }
    return new Result(epochsDone, es.bestEpoch(), es.best(), stopped, epochSeconds, null);
  }

  private EvalReport testBest(SequenceModel model) throws IOException {
    Path best = run.checkpoint(RunDirectory.BEST);
    if (!Checkpoint.exists(best)) throw new IOException(best + " is missing: no epoch was validated");
    model.parameters().load(Checkpoint.readParams(best));
    EvalSpec spec = EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST)
        .withThresholds(GroupThresholds.parse(config.eval().thresholds())).withSeed(config.eval().seed())
        .withMaxLen(config.model().maxLen())
        .withBatchSize(Math.max(config.training().evalBatchSize(), ModelScorer.SAMPLED_EVAL_BATCH))
        .withCandidatesDir(config.datasetDir().resolve("eval"));
    EvalReport report = new Evaluator().evaluate(dataset, new ModelScorer(model, config.training().evalBatchSize()), spec);
    report.writeJson(run.testReport());
    LOG.info(String.format(Locale.ROOT, "test (best epoch %d, sampled100): HR@10 %.4f NDCG@10 %.4f over %d users -> %s",
        Checkpoint.readState(best).bestEpoch(), report.overall().hr(10), report.overall().ndcg(10), report.overall().n(),
        run.testReport()));
    return report;
  }

  private void writeProvenance(ModelSpec spec, SequenceModel model, String command) throws IOException {
    Map<String, Path> inputs = new LinkedHashMap<>();
    Path d = config.datasetDir();
    inputs.put("dataset.manifest", d.resolve(DatasetIO.MANIFEST));
    inputs.put("dataset.sequences", d.resolve(DatasetIO.SEQUENCES));
    inputs.put("dataset.splits", d.resolve(DatasetIO.SPLITS));
    ModelFactory factory = ModelFactory.forMethod(config.model().method());
    try (NDManager scratch = NDManager.newBaseManager()) {
      factory.inputFiles(new ModelFactory.Context(spec, scratch, config.training().seed(), d,
          config.model().methodOptions(), Optional.of(dataset))).forEach((k, v) -> inputs.put("method." + k, v));
    }
    Provenance.write(run, config, inputs, command);
  }

  /** Keys whose values differ between two configurations, with both values ({@code key: old -> new}). */
  static Map<String, String> differences(Map<String, String> stored, Map<String, String> wanted) {
    Map<String, String> d = new java.util.TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(stored.keySet());
    keys.addAll(wanted.keySet());
    for (String k : keys) {
      String a = stored.get(k);
      String b = wanted.get(k);
      if (!java.util.Objects.equals(a, b)) d.put(k, a + " -> " + b);
    }
    return d;
  }

  private Adam.Settings adamSettings() {
    RunConfig.Training t = config.training();
    return new Adam.Settings(t.lr(), t.beta1(), t.beta2(), t.eps());
  }

  static String fmt(double v) {
    return Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
