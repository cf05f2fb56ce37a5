package io.llmesr.train;

import io.llmesr.model.Backbone;
import io.llmesr.prepare.Dataset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a backbone turns users' training sequences into training examples each epoch (docs/model.md §4.2).
 * Negatives (and BERT4Rec's masks) are re-drawn every epoch from the stream given by the trainer, which is
 * derived from (root seed, epoch) so a resumed run draws exactly what an uninterrupted one would.
 */
public interface TrainingRegime {
  /** The examples of one epoch, in user order (the batcher shuffles). */
  List<TrainingExample> examples(SplittableRandom rng);

  /** Whether only the last slot is scored (GRU4Rec). */
  boolean lastOnly();

  /** The regime of a backbone, as docs/model.md §4.2. */
  static TrainingRegime forBackbone(Backbone backbone, Dataset dataset, int maxLen, float maskProb) {
    switch (backbone) {
      case SASREC:
        return new NextItemRegime(dataset, maxLen);
      case GRU4REC:
        return new LastItemRegime(dataset, maxLen);
      case BERT4REC:
        return new ClozeRegime(dataset, maxLen, maskProb);
      default:
        throw new IllegalArgumentException(backbone.toString());
    }
  }
}
