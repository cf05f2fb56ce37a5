package io.llmesr.model;

import io.llmesr.model.loss.BinaryCrossEntropy;
import io.llmesr.model.loss.Objective;

/**
 * One training batch for the recommendation loss (docs/model.md §3.7, §4.2), in plain Java arrays.
 *
 * <p>The batch's {@link #objective} scores the slots that have a target ({@code io.llmesr.model.loss}); the paper's is
 * the same "two separate means" BCE for every backbone:
 * {@code L_rec = mean_t softplus(-h_t·e_pos_t) + mean_t softplus(h_t·e_neg_t)} over slots with {@code target > 0}.
 * What differs between backbones is which slots carry a target:
 * <ul>
 *   <li>SASRec: every non-pad slot (target = next item), {@code lastOnly = false};</li>
 *   <li>BERT4Rec: the masked slots (label = original item), {@code lastOnly = false};</li>
 *   <li>GRU4Rec: only the last slot, {@code lastOnly = true}: targets/negatives then have one entry per row.</li>
 * </ul>
 *
 * @param input     the input sequences (user indices in {@link SequenceBatch#users()}: models that need per-user
 *                  extras, e.g. LLM-ESR's similar users, look them up from there)
 * @param targets   positive item per slot (B*T, or B when lastOnly), 0 = no loss at that slot
 * @param negatives k = {@code objective.negativesPerSlot()} negative items per slot, slot-major (entries
 *                  {@code s*k .. s*k+k-1} belong to slot s; 0 where the target is 0); empty for the full softmax
 * @param lastOnly  whether only the last slot's hidden state is scored
 * @param lossNormaliser the n of the means: 0 for this batch's own {@link #lossSlots()} (the paper), or a fixed
 *                  value (see {@code train.loss_norm} in {@code io.llmesr.train.Batcher})
 * @param negativeLogProb per negative, the log of its proposal probability {@code Q_u(j)} (same layout), or null when
 *                  the objective does not need it ({@link Objective#needsProposal()})
 * @param objective the recommendation loss
 */
public record TrainingBatch(SequenceBatch input, int[] targets, int[] negatives, boolean lastOnly,
                            double lossNormaliser, float[] negativeLogProb, Objective objective) {
  public TrainingBatch {
    int expected = lastOnly ? input.size() : input.size() * input.length();
    if (objective == null) throw new IllegalArgumentException("objective is required");
    int k = objective.negativesPerSlot();
    if (targets.length != expected || negatives.length != expected * k) {
      throw new IllegalArgumentException("targets must have " + expected + " entries and negatives " + expected * k
          + " (" + k + " per slot)");
    }
    if (negativeLogProb != null && negativeLogProb.length != negatives.length) {
      throw new IllegalArgumentException("negativeLogProb must have one entry per negative");
    }
    if (negativeLogProb == null && objective.needsProposal()) {
      throw new IllegalArgumentException(objective.kind().id() + " needs the negatives' proposal probabilities");
    }
    if (!(lossNormaliser >= 0)) throw new IllegalArgumentException("lossNormaliser must be >= 0, got " + lossNormaliser);
  }

  /** A batch for the paper's loss ({@link BinaryCrossEntropy#PAPER}), normalised by its own slot count. */
  public TrainingBatch(SequenceBatch input, int[] targets, int[] negatives, boolean lastOnly) {
    this(input, targets, negatives, lastOnly, 0);
  }

  /** A batch for the paper's loss ({@link BinaryCrossEntropy#PAPER}) with the given normaliser. */
  public TrainingBatch(SequenceBatch input, int[] targets, int[] negatives, boolean lastOnly, double lossNormaliser) {
    this(input, targets, negatives, lastOnly, lossNormaliser, null, BinaryCrossEntropy.PAPER);
  }

  /** The n that divides both sums of the loss: {@link #lossNormaliser} if set, else {@code max(1, lossSlots())}. */
  public double lossDenominator() {
    return lossNormaliser > 0 ? lossNormaliser : Math.max(1, lossSlots());
  }

  /** Number of slots that contribute to the loss (target > 0). */
  public int lossSlots() {
    int n = 0;
    for (int t : targets) if (t > 0) n++;
    return n;
  }
}
