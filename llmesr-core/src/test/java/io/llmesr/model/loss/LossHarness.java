package io.llmesr.model.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.GradientCollector;

/**
 * Runs an objective on given hidden states and a given item table ((N+1)×D, row 0 padding) and returns the loss and
 * the gradients with respect to both (one backward pass, as the trainer does).
 */
final class LossHarness {
  /** What one forward + backward gave. */
  record Result(double loss, float[] gradHidden, float[] gradTable) { }

  private LossHarness() { }

  /** The table as candidate vectors: rows by id, and row ranges. */
  static Candidates candidates(NDArray table) {
    return new Candidates() {
      @Override
      public NDArray of(NDArray ids) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
      }

      @Override
      public NDArray range(int from, int to) {
        return table.get(new NDIndex(from + ":" + to));
      }
    };
  }

  static Result run(Objective objective, float[] hidden, Shape hiddenShape, float[] table, int d, int[] targets,
                    int[] negatives, float[] logProb, double denominator) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray h = m.create(hidden, hiddenShape);
      NDArray e = m.create(table, new Shape(table.length / d, d));
      h.setRequiresGradient(true);
      e.setRequiresGradient(true);
      double loss;
      try (NDManager step = m.newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        ScoredSlots slots = ScoredSlots.of(h, targets, negatives, logProb, denominator, step);
        NDArray l = objective.loss(slots, candidates(e));
        loss = l.getFloat();
        gc.backward(l);
      }
      return new Result(loss, h.getGradient().toFloatArray(), e.getGradient().toFloatArray());
    }
  }
}
