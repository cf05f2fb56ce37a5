package io.llmesr.eval;

import io.llmesr.prepare.Dataset;

/**
 * How the head/tail thresholds of an evaluation are chosen: fixed numbers ({@link GroupThresholds} is itself a
 * rule that ignores the dataset) or a rule computed on the dataset at hand (the 20/80 Pareto rule, see
 * {@link GroupThresholds#parse(String)}).
 */
@FunctionalInterface
public interface ThresholdRule {
  /**
   * The thresholds to use on {@code ds}.
   *
   * @param maxLen the model's max input length L (user input lengths are judged after truncation to it)
   */
  GroupThresholds resolve(Dataset ds, int maxLen);
}
