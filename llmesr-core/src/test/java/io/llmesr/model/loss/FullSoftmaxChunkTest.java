package io.llmesr.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chunked full softmax ({@link FullSoftmax}) equals the unchunked one — autograd over all N logits at once — in
 * loss and in the gradients of the hidden states and the item table, for chunk sizes that divide N, that do not,
 * of one item, and larger than N.
 */
class FullSoftmaxChunkTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  static final int N = 11;
  static final int D = 4;
  static final int SLOTS = 6;   // 2 rows × 3 slots, slot 4 without a target

  /** Autograd reference: {@code Σ w·(−log_softmax(H·E[1..N]ᵀ)[target])}. */
  static LossHarness.Result unchunked(float[] hidden, float[] table, int[] targets, double denominator) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray h = m.create(hidden, new Shape(2, 3, D));
      NDArray e = m.create(table, new Shape(N + 1, D));
      h.setRequiresGradient(true);
      e.setRequiresGradient(true);
      float[] onehot = new float[SLOTS * N];
      for (int s = 0; s < SLOTS; s++) if (targets[s] > 0) onehot[s * N + targets[s] - 1] = 1;
      double loss;
      try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        NDArray logits = h.reshape(SLOTS, D).matMul(e.get(new NDIndex("1:")).transpose());   // SLOTS×N
        NDArray l = logits.logSoftmax(1).mul(m.create(onehot, new Shape(SLOTS, N))).sum().neg()
            .div(m.create((float) denominator));
        loss = l.getFloat();
        gc.backward(l);
      }
      return new LossHarness.Result(loss, h.getGradient().toFloatArray(), e.getGradient().toFloatArray());
    }
  }

  @Test
  void chunkedLossAndGradientsEqualTheUnchunkedOnes() {
    Random rng = new Random(3);
    float[] hidden = new float[SLOTS * D];
    float[] table = new float[(N + 1) * D];
    for (int i = 0; i < hidden.length; i++) hidden[i] = (float) rng.nextGaussian();
    for (int i = D; i < table.length; i++) table[i] = (float) rng.nextGaussian();
    int[] targets = {3, 11, 1, 7, 0, 7};
    LossHarness.Result ref = unchunked(hidden, table, targets, 5);
    assertThat(ref.loss()).isPositive();
    for (int chunk : new int[] {1, 3, 4, 5, N, 64}) {
      LossHarness.Result r = LossHarness.run(new FullSoftmax(N, chunk), hidden, new Shape(2, 3, D), table, D, targets,
          new int[0], null, 5);
      assertThat(r.loss()).as("chunk " + chunk).isCloseTo(ref.loss(), within(1e-5));
      for (int i = 0; i < hidden.length; i++) {
        assertThat(r.gradHidden()[i]).as("chunk %d dL/dh[%d]", chunk, i).isCloseTo(ref.gradHidden()[i], within(1e-5f));
      }
      for (int i = 0; i < table.length; i++) {
        assertThat(r.gradTable()[i]).as("chunk %d dL/de[%d]", chunk, i).isCloseTo(ref.gradTable()[i], within(1e-5f));
      }
      // the slot without a target gets no gradient
      for (int c = 0; c < D; c++) assertThat(r.gradHidden()[4 * D + c]).isZero();
    }
  }
}
