package io.llmesr.train;

import io.llmesr.run.MetricsLog;
import io.llmesr.run.RunDirectory;
import io.llmesr.run.TrainingCurve;

/** Appends the epoch's row to {@code metrics.csv} ({@link MetricsLog}) and redraws the training curve PNG. */
final class MetricsWriter implements EpochListener {
  private final RunDirectory run;
  private final MetricsLog metrics;
  private final String title;

  /**
   * @param metrics the run's metrics log, opened with the rows of the epochs already done
   * @param title   the curve's title
   */
  MetricsWriter(RunDirectory run, MetricsLog metrics, String title) {
    this.run = run;
    this.metrics = metrics;
    this.title = title;
  }

  @Override
  public void epochEnded(EpochEnd e) throws java.io.IOException {
    Validator.Result v = e.validation();
    metrics.append(new MetricsLog.Row(e.epoch(), e.loss(), e.partNames(), e.parts(), v.hr10(), v.ndcg10(),
        e.trainSeconds(), v.seconds(), e.steps(), e.improved()));
    TrainingCurve.write(run.curve(), metrics.curve(), title);
  }
}
