package io.llmesr.model;

/**
 * One training batch for the recommendation loss (docs/model.md §3.7, §4.2), in plain Java arrays.
 *
 * <p>Every backbone's loss is the same "two separate means" BCE over the slots that have a target:
 * {@code L_rec = mean_t softplus(-h_t·e_pos_t) + mean_t softplus(h_t·e_neg_t)} over slots with {@code target > 0}.
 * What differs is which slots carry a target:
 * <ul>
 *   <li>SASRec: every non-pad slot (target = next item), {@code lastOnly = false};</li>
 *   <li>BERT4Rec: the masked slots (label = original item), {@code lastOnly = false};</li>
 *   <li>GRU4Rec: only the last slot, {@code lastOnly = true}: targets/negatives then have one entry per row.</li>
 * </ul>
 *
 * @param input     the input sequences (user indices in {@link SequenceBatch#users()}: models that need per-user
 *                  extras, e.g. LLM-ESR's similar users, look them up from there)
 * @param targets   positive item per slot (B*T, or B when lastOnly), 0 = no loss at that slot
 * @param negatives negative item per slot, same layout (0 where target is 0)
 * @param lastOnly  whether only the last slot's hidden state is scored
 * @param lossNormaliser the n of the two means: 0 for this batch's own {@link #lossSlots()} (the paper), or a fixed
 *                  value (see {@code train.loss_norm} in {@code io.llmesr.train.Batcher})
 */
public record TrainingBatch(SequenceBatch input, int[] targets, int[] negatives, boolean lastOnly,
                            double lossNormaliser) {
  public TrainingBatch {
    int expected = lastOnly ? input.size() : input.size() * input.length();
    if (targets.length != expected || negatives.length != expected) {
      throw new IllegalArgumentException("targets/negatives must have " + expected + " entries");
    }
    if (!(lossNormaliser >= 0)) throw new IllegalArgumentException("lossNormaliser must be >= 0, got " + lossNormaliser);
  }

  /** A batch normalised by its own slot count (the paper). */
  public TrainingBatch(SequenceBatch input, int[] targets, int[] negatives, boolean lastOnly) {
    this(input, targets, negatives, lastOnly, 0);
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
