package io.llmesr.train;

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
   * The paper's validation (spec §4–5): sampled-100 on the validation split with the eval branch's
   * {@link Evaluator}; negatives drawn once with {@code seed}, saved under {@code candidatesDir} and reused every
   * epoch (Note: the official code re-draws them every epoch; frozen negatives make early stopping and resume
   * deterministic).
   */
  static Validator sampled100(Dataset ds, Path candidatesDir, long seed, int maxLen, int batchSize) {
    // the evaluator hands over large batches; the scorer cuts them into chunks of batchSize (length-sorted when the
    // model uses dynamic length)
    Evaluator evaluator = new Evaluator();
    EvalSpec spec = EvalSpec.earlyStopping(candidatesDir, seed, maxLen)
        .withBatchSize(Math.max(batchSize, io.llmesr.recommend.ModelScorer.SAMPLED_EVAL_BATCH));
    return scorer -> {
      EvalReport r = evaluator.evaluate(ds, scorer, spec);
      return new Result(r.overall().hr(10), r.overall().ndcg(10), r.elapsedSeconds());
    };
  }
}
