package io.llmesr.train;

/**
 * One training sample (one row of a batch) before padding.
 *
 * @param user      0-based user index (dataset order)
 * @param input     input items, oldest first, at most L (already truncated), possibly empty
 * @param targets   per input slot the positive item (0 = no loss), same length as input; or one entry when the
 *                  regime scores only the last slot
 * @param negatives per target the negative item (0 where the target is 0)
 */
record TrainingExample(int user, int[] input, int[] targets, int[] negatives) {
  public TrainingExample {
    if (targets.length != negatives.length) throw new IllegalArgumentException("targets/negatives differ in length");
  }
}
