package io.llmesr.train;

import java.util.Locale;
import org.slf4j.Logger;

/** One log line per epoch (loss, validation, best so far, times), and a line when early stopping fires. */
final class EpochLog implements EpochListener {
  private final Logger log;

  EpochLog(Logger log) {
    this.log = log;
  }

  @Override
  public void epochEnded(EpochEnd e) {
    Validator.Result v = e.validation();
    EarlyStopping es = e.stopping();
    log.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, valid HR@10 %.4f NDCG@10 %.4f%s, train %.1f s"
            + " (%d steps), valid %.1f s", e.epoch(), e.totalEpochs(), e.loss(), v.hr10(), v.ndcg10(),
        e.improved() ? " (best)" : " (best " + Trainer.fmt(es.best()) + " at " + es.bestEpoch() + ", " + es.counter()
            + "/" + es.patience() + ")", e.trainSeconds(), e.steps(), v.seconds()));
    if (es.shouldStop()) log.info("early stopping after epoch {}: no improvement for {} epochs", e.epoch(), es.patience());
  }
}
