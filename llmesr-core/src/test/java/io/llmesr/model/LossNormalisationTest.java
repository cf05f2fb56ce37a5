package io.llmesr.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recommendation loss divides both sums by {@link TrainingBatch#lossDenominator()} (train.loss_norm). */
class LossNormalisationTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @Test
  void aFixedNormaliserScalesTheLossBySlotsOverNormaliser() {
    SequenceBatch in = SequenceBatch.leftPadded(new int[][] {{3, 4, 5}, {7}}, null, 8);
    int[] tg = new int[2 * 8];
    int[] ng = new int[2 * 8];
    int[][] slots = {{5, 6, 7}, {15}};   // the real slots of the two rows, hand-listed
    for (int[] row : slots) {
      for (int s : row) {
        tg[s] = 1 + s % 9;
        ng[s] = 10 + s % 9;
      }
    }
    ModelSpec spec = new ModelSpec(Backbone.SASREC, 20, 8, 8, 1, 1, 0f, Masking.CAUSAL, false);
    try (NDManager root = NDManager.newBaseManager()) {
      SequenceRecommender model = PlainModelFactory.build(spec, new ParameterStore(root.newSubManager(), 5));
      try (NDManager bm = root.newSubManager()) {
        TrainingBatch own = new TrainingBatch(in, tg, ng, false);
        TrainingBatch fixed = new TrainingBatch(in, tg, ng, false, 16.0);
        assertThat(own.lossSlots()).isEqualTo(4);
        assertThat(own.lossDenominator()).isEqualTo(4.0);
        float a = model.loss(own, new Forward(bm, false)).total().getFloat();
        float b = model.loss(fixed, new Forward(bm, false)).total().getFloat();
        assertThat(a).isGreaterThan(0f);
        assertThat((double) b).isCloseTo(a * 4.0 / 16.0, within(1e-6));
      }
      model.close();
    }
  }
}
