package io.llmesr.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code train.loss=bce} with one negative (the paper's loss, now {@code io.llmesr.model.loss.BinaryCrossEntropy}) is
 * bit for bit the arithmetic {@code SequenceRecommender} had before the objectives existed, which this test keeps
 * as its reference ({@link #referenceLoss}): the same loss value and the same gradient of every parameter, for every
 * backbone, literal and windowed, with dropout (the same seeded generator).
 */
class BceUnchangedTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  /** The pre-objective recommendation loss, verbatim (docs/model.md §3.7). */
  static NDArray referenceLoss(SequenceRecommender model, TrainingBatch batch, Forward fwd) {
    SequenceBatch in = batch.input();
    BatchArrays arrays = new BatchArrays(in, fwd.manager());
    NDArray hidden = model.hiddenStates(arrays, fwd);
    Shape slotShape;
    if (batch.lastOnly()) {
      hidden = SequenceRecommender.lastSlot(hidden);
      slotShape = new Shape(in.size());
    } else {
      slotShape = new Shape(in.size(), in.length());
    }
    float[] valid = new float[batch.targets().length];
    for (int i = 0; i < valid.length; i++) valid[i] = batch.targets()[i] > 0 ? 1f : 0f;
    NDArray validArr = fwd.manager().create(valid, slotShape);
    NDArray pos = fwd.manager().create(BatchArrays.toLong(batch.targets()), slotShape);
    NDArray neg = fwd.manager().create(BatchArrays.toLong(batch.negatives()), slotShape);
    int last = hidden.getShape().dimension() - 1;
    NDArray posLogit = hidden.mul(model.items().candidates(pos, fwd)).sum(new int[] {last});
    NDArray negLogit = hidden.mul(model.items().candidates(neg, fwd)).sum(new int[] {last});
    NDArray inv = fwd.scalar((float) (1.0 / batch.lossDenominator()));
    NDArray posLoss = posLogit.neg().getNDArrayInternal().softPlus().mul(validArr).sum().mul(inv);
    NDArray negLoss = negLogit.getNDArrayInternal().softPlus().mul(validArr).sum().mul(inv);
    return posLoss.add(negLoss);
  }

  private static List<float[]> run(Backbone backbone, boolean windowed, TrainingBatch batch,
                                   BiFunction<SequenceRecommender, Forward, NDArray> loss) {
    ModelSpec spec = new ModelSpec(backbone, 40, 16, 24, 2, 1, backbone.isTransformer() ? 0.3f : 0f, Masking.NONE,
        false);
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), 9);
      SequenceRecommender model = PlainModelFactory.build(spec, store, windowed);
      List<float[]> out = new ArrayList<>();
      io.llmesr.train.TrainStep.seedEngine(77);
      try (NDManager bm = store.manager().newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        NDArray l = loss.apply(model, new Forward(bm, true));
        gc.backward(l);
        out.add(new float[] {l.getFloat()});
        for (ParameterStore.Param p : store.trainableParams()) out.add(p.array().getGradient().toFloatArray());
      }
      model.close();
      return out;
    }
  }

  @Test
  void thePapersLossAndGradientsAreBitIdenticalToThePreObjectiveArithmetic() {
    Random rng = new Random(5);
    for (Backbone b : Backbone.values()) {
      boolean lastOnly = b == Backbone.GRU4REC;
      int[][] seqs = new int[6][];
      for (int r = 0; r < seqs.length; r++) {
        seqs[r] = new int[1 + rng.nextInt(10)];
        for (int i = 0; i < seqs[r].length; i++) seqs[r][i] = 1 + rng.nextInt(40);
      }
      SequenceBatch in = SequenceBatch.leftPadded(seqs, null, 24);
      int[] tg = new int[lastOnly ? 6 : 6 * 24];
      int[] ng = new int[tg.length];
      for (int i = 0; i < tg.length; i++) {
        if (lastOnly || in.items()[i] != 0) {
          tg[i] = 1 + rng.nextInt(40);
          ng[i] = 1 + rng.nextInt(40);
        }
      }
      TrainingBatch batch = new TrainingBatch(in, tg, ng, lastOnly);
      for (boolean windowed : new boolean[] {false, true}) {
        List<float[]> now = run(b, windowed, batch, (m, fwd) -> m.loss(batch, fwd).total());
        List<float[]> before = run(b, windowed, batch, (m, fwd) -> referenceLoss(m, batch, fwd));
        assertThat(now).hasSameSizeAs(before);
        for (int i = 0; i < now.size(); i++) {
          assertThat(now.get(i)).as(b.id() + (windowed ? " windowed" : " literal") + " output " + i)
              .isEqualTo(before.get(i));
        }
      }
    }
  }
}
