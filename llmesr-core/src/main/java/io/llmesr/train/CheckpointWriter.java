package io.llmesr.train;

import io.llmesr.run.RunDirectory;

/**
 * Saves the epoch's checkpoints: {@code checkpoints/best} (parameters and trainer state) when validation improved,
 * then {@code checkpoints/last} (parameters, Adam moments, trainer state), from which a run resumes exactly.
 */
final class CheckpointWriter implements EpochListener {
  private final RunDirectory run;

  CheckpointWriter(RunDirectory run) {
    this.run = run;
  }

  @Override
  public void epochEnded(EpochEnd e) throws java.io.IOException {
    if (e.improved()) Checkpoint.save(run.checkpoint(RunDirectory.BEST), e.model().parameters(), null, e.state());
    Checkpoint.save(run.checkpoint(RunDirectory.LAST), e.model().parameters(), e.adam(), e.state());
  }
}
