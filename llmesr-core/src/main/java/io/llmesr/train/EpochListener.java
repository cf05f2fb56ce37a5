package io.llmesr.train;

import java.io.IOException;

/**
 * Told the outcome of every finished epoch, after validation and the early-stopping decision. {@link Trainer} runs
 * its listeners in a fixed order: checkpoints first ({@link CheckpointWriter}), then the metrics log and curve
 * ({@link MetricsWriter}), then the log line ({@link EpochLog}), so that a run killed between two of them resumes
 * from a checkpoint that the metrics file never runs ahead of.
 */
@FunctionalInterface
interface EpochListener {
  void epochEnded(EpochEnd end) throws IOException;
}
