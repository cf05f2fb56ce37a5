package io.llmesr.train;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.Scorer;
import io.llmesr.prepare.Dataset;
import java.nio.file.Path;

/** What the trainer needs from validation: overall HR@10 and NDCG@10 of a scorer (NDCG@10 drives early stopping). */
@FunctionalInterface
public interface Validator {
  /** One validation result. */
  record Result(double hr10, double ndcg10, double seconds) { }

  Result validate(Scorer scorer);

  /**
   * Validation on the validation split with the eval branch's {@link Evaluator}. {@code sampled100} is the paper's
   * (docs/model.md §4.4, §5.1): negatives drawn once with {@code seed}, saved under {@code candidatesDir} and reused
   * every epoch (Note: the official code re-draws them every epoch; frozen negatives make early stopping and resume
   * deterministic). {@code full} ranks all items (Note: beyond the paper, {@code eval.valid_protocol=full}).
   */
  static Validator of(EvalProtocol protocol, Dataset ds, Path candidatesDir, long seed, int maxLen, int batchSize) {
    Evaluator evaluator = new Evaluator();
    // sampled: the evaluator hands over large batches and the scorer cuts them into chunks of batchSize
    // (length-sorted when the model uses dynamic length); full: batchSize rows of N scores at a time
    EvalSpec spec = EvalSpec.earlyStopping(candidatesDir, seed, maxLen).withProtocol(protocol)
        .withBatchSize(protocol.isSampled()
            ? Math.max(batchSize, io.llmesr.recommend.ModelScorer.SAMPLED_EVAL_BATCH) : batchSize);
    return scorer -> {
      EvalReport r = evaluator.evaluate(ds, scorer, spec);
      return new Result(r.overall().hr(10), r.overall().ndcg(10), r.elapsedSeconds());
    };
  }
}
