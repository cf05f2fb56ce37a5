package io.llmesr.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.model.Backbone;
import io.llmesr.model.Forward;
import io.llmesr.model.LossTerms;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.TrainingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Under masks, padding a batch only to its longest sequence gives the same loss and gradients as padding to L
 * (equal up to float rounding: matrix products and softmax reductions over more, exactly-zero-weighted, slots may
 * round differently); without masks it does not (padded keys are attended), which is why dynamic length requires
 * masks.
 */
class DynamicLengthTest {
  private static final int L = 32;

  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  /** Loss and all gradients (flattened, parameter order) of one batch padded to {@code t}. */
  private static List<float[]> lossAndGradients(ModelSpec spec, int[][] seqs, int[][] targets, int[][] negs, int t,
                                                boolean lastOnly) {
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), 11);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      SequenceBatch in = SequenceBatch.leftPadded(seqs, null, t);
      int w = lastOnly ? 1 : t;
      int[] tg = new int[seqs.length * w];
      int[] ng = new int[seqs.length * w];
      for (int r = 0; r < seqs.length; r++) {
        int k = targets[r].length;
        if (lastOnly) {
          tg[r] = targets[r][k - 1];
          ng[r] = negs[r][k - 1];
        } else {
          System.arraycopy(targets[r], 0, tg, r * t + t - k, k);
          System.arraycopy(negs[r], 0, ng, r * t + t - k, k);
        }
      }
      List<float[]> out = new ArrayList<>();
      try (NDManager bm = store.manager().newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LossTerms loss = model.loss(new TrainingBatch(in, tg, ng, lastOnly), new Forward(bm, true));
        gc.backward(loss.total());
        out.add(new float[] {loss.total().getFloat()});
        for (ParameterStore.Param p : store.trainableParams()) out.add(p.array().getGradient().toFloatArray());
      }
      model.close();
      return out;
    }
  }

  private static double maxAbsDiff(List<float[]> a, List<float[]> b) {
    double m = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < a.get(i).length; j++) m = Math.max(m, Math.abs(a.get(i)[j] - b.get(i)[j]));
    }
    return m;
  }

  @Test
  void maskedDynamicLengthEqualsFixedPadding() {
    Random rng = new Random(5);
    int n = 40;
    int[][] seqs = new int[6][];
    int[][] targets = new int[6][];
    int[][] negs = new int[6][];
    for (int r = 0; r < seqs.length; r++) {
      int k = 3 + rng.nextInt(11);   // longest ≤ 13 → dynamic T = 16
      seqs[r] = new int[k];
      targets[r] = new int[k];
      negs[r] = new int[k];
      for (int i = 0; i < k; i++) {
        seqs[r][i] = 1 + rng.nextInt(n);
        targets[r][i] = 1 + rng.nextInt(n);
        negs[r][i] = 1 + rng.nextInt(n);
      }
    }
    int longest = 0;
    for (int[] s : seqs) longest = Math.max(longest, s.length);
    for (Backbone b : Backbone.values()) {
      boolean lastOnly = b == Backbone.GRU4REC;
      Masking masked = b == Backbone.SASREC ? Masking.CAUSAL : Masking.PADDING;
      // dropout 0: the masks drawn for a T×T attention matrix differ from those of an L×L one
      ModelSpec spec = new ModelSpec(b, n, 16, L, 2, 2, 0f, masked, true);
      int t = spec.paddedLength(longest);
      assertThat(t).isEqualTo(16);
      List<float[]> fixed = lossAndGradients(spec, seqs, targets, negs, L, lastOnly);
      List<float[]> dynamic = lossAndGradients(spec, seqs, targets, negs, t, lastOnly);
      double maskedDiff = maxAbsDiff(fixed, dynamic);
      assertThat(maskedDiff).as(b + " masked: loss and gradients").isLessThan(1e-5);

      ModelSpec unmasked = new ModelSpec(b, n, 16, L, 2, 2, 0f, Masking.NONE, false);
      double diff = maxAbsDiff(lossAndGradients(unmasked, seqs, targets, negs, L, lastOnly),
          lossAndGradients(unmasked, seqs, targets, negs, t, lastOnly));
      System.out.printf("%s: max |fixed - dynamic| over loss and gradients: masked %.3g, unmasked %.3g%n", b, maskedDiff,
          diff);
      // GRU4Rec's state nearly forgets a long run of padding, so its unmasked effect is small but still far above
      // rounding; transformers attend to every padded key, a large effect
      assertThat(diff).as(b + " without masks the padded length changes loss/gradients")
          .isGreaterThan(Math.max(1e-6, 20 * maskedDiff));
    }
  }
}
