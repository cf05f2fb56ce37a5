package io.llmesr.train;

import io.llmesr.model.ModelSpec;
import io.llmesr.model.Seeds;
import io.llmesr.model.loss.Objective;
import io.llmesr.model.loss.ObjectiveSpec;
import io.llmesr.prepare.Dataset;
import io.llmesr.run.RunConfig;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How an epoch becomes batches (docs/model.md §4.2): the backbone's {@link TrainingRegime} draws the epoch's examples
 * (one uniform negative per slot, BERT4Rec's masks) from the stream {@code epoch:<e>:sampling}, the {@link Batcher}
 * shuffles (and buckets) them from the same stream, and every batch carries the objective, with its own negatives
 * drawn per batch ({@link BatchNegatives}) unless it is the paper's {@code bce}. Used by the {@link Trainer}, and by
 * benchmarks that time the same batches.
 */
public final class EpochBatches {
  private final RunConfig.Training training;
  private final ModelSpec spec;
  private final Objective objective;
  private final TrainingRegime regime;
  /** Null for the paper's objective (the examples' own negatives). */
  private final NegativeSampler batchSampler;

  /**
   * @param training  the run's training settings (seed, batch size, bucketing, loss normalisation, objective)
   * @param spec      the model spec (L, dynamic length, backbone)
   * @param dataset   the training data
   * @param objective {@code training.objective().create(dataset.numItems())}
   */
  public EpochBatches(RunConfig.Training training, ModelSpec spec, Dataset dataset, Objective objective) {
    this.training = training;
    this.spec = spec;
    this.objective = objective;
    this.regime = TrainingRegime.forBackbone(spec.backbone(), dataset, spec.maxLen(), training.maskProb());
    ObjectiveSpec o = training.objective();
    this.batchSampler = o.usesExampleNegatives(dataset.numItems()) ? null : new NegativeSampler(dataset, o.sampler());
  }

  /** The batches of epoch {@code epoch} (1-based), built on demand. */
  public Batcher epoch(int epoch) {
    long seed = training.seed();
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "epoch:" + epoch + ":sampling"));
    List<TrainingExample> examples = regime.examples(rng);
    BatchNegatives negatives = batchSampler == null ? null
        : new BatchNegatives(batchSampler, objective.negativesPerSlot(), objective.needsProposal(), seed, epoch);
    return new Batcher(examples, training.batchSize(), spec, regime.lastOnly(), training.lengthBuckets(),
        training.epochLossNorm(), rng, objective, negatives);
  }
}
