package io.llmesr.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain folded-padding model computes the literal model's function (same parameters, dropout off). */
class FoldedPaddingTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  private static List<float[]> run(boolean folded, Backbone backbone, Masking masking, SequenceBatch in, int[] tg,
                                   int[] ng) {
    ModelSpec spec = new ModelSpec(backbone, 50, 16, 40, 2, 2, 0f, masking, false);
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), 4);
      SequenceRecommender model = folded ? PlainModelFactory.build(spec, store, true)
          : PlainModelFactory.build(spec, store);
      assertThat(model.encoder().windowed()).isEqualTo(folded);
      List<float[]> out = new ArrayList<>();
      try (NDManager bm = store.manager().newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LossTerms loss = model.loss(new TrainingBatch(in, tg, ng, false), new Forward(bm, true));
        gc.backward(loss.total());
        out.add(new float[] {loss.total().getFloat()});
        for (ParameterStore.Param p : store.trainableParams()) out.add(p.array().getGradient().toFloatArray());
      }
      try (NDManager bm = store.manager().newSubManager(); NDScope scope = new NDScope()) {
        out.add(model.encode(new BatchArrays(in, bm), new Forward(bm, false)).toFloatArray());
      }
      model.close();
      return out;
    }
  }

  @Test
  void foldedEqualsLiteralWithoutDropout() {
    Random rng = new Random(8);
    int[][] seqs = new int[5][];
    for (int r = 0; r < 5; r++) {
      seqs[r] = new int[2 + rng.nextInt(12)];
      for (int i = 0; i < seqs[r].length; i++) seqs[r][i] = 1 + rng.nextInt(50);
    }
    SequenceBatch in = SequenceBatch.leftPadded(seqs, null, 40);   // window 16 of 40 slots: 24 folded
    assertThat(Window.length(in)).isEqualTo(16);
    int[] tg = new int[5 * 40];
    int[] ng = new int[5 * 40];
    for (int i = 0; i < tg.length; i++) {
      if (in.items()[i] != 0) {
        tg[i] = 1 + rng.nextInt(50);
        ng[i] = 1 + rng.nextInt(50);
      }
    }
    for (Backbone b : new Backbone[] {Backbone.SASREC, Backbone.BERT4REC}) {
      for (Masking m : new Masking[] {Masking.NONE, Masking.CAUSAL}) {
        List<float[]> lit = run(false, b, m, in, tg, ng);
        List<float[]> fold = run(true, b, m, in, tg, ng);
        double max = 0;
        for (int i = 0; i < lit.size(); i++) {
          for (int j = 0; j < lit.get(i).length; j++) max = Math.max(max, Math.abs(lit.get(i)[j] - fold.get(i)[j]));
        }
        assertThat(max).as(b + "/" + m + ": loss, gradients, user vectors").isLessThan(1e-5);
      }
    }
  }
}
