package io.llmesr.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The engine's GRU equals the docs/model.md §3.5 equations (r, z, n; no bias; zero initial state) computed by hand. */
class GruEncoderTest {
  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Reference GRU over one sequence of T input vectors (d each), weights 3d×d row-major, gate order r, z, n. */
  static float[][] reference(float[][] x, float[] wih, float[] whh, int d) {
    double[] h = new double[d];
    float[][] out = new float[x.length][d];
    for (int t = 0; t < x.length; t++) {
      double[] gi = new double[3 * d];
      double[] gh = new double[3 * d];
      for (int g = 0; g < 3 * d; g++) {
        for (int j = 0; j < d; j++) {
          gi[g] += wih[g * d + j] * x[t][j];
          gh[g] += whh[g * d + j] * h[j];
        }
      }
      double[] nh = new double[d];
      for (int i = 0; i < d; i++) {
        double r = sigmoid(gi[i] + gh[i]);
        double z = sigmoid(gi[d + i] + gh[d + i]);
        double n = Math.tanh(gi[2 * d + i] + r * gh[2 * d + i]);
        nh[i] = (1 - z) * n + z * h[i];
      }
      h = nh;
      for (int i = 0; i < d; i++) out[t][i] = (float) h[i];
    }
    return out;
  }

  @Test
  void engineGruMatchesSpecEquationsIncludingLeftPadding() {
    int d = 8;
    int t = 6;
    ModelSpec spec = new ModelSpec(Backbone.GRU4REC, 20, d, t, 1, 1, 0f, Masking.NONE, false);
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      ParameterStore store = new ParameterStore(m.newSubManager(), 5);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      SequenceBatch sb = SequenceBatch.leftPadded(new int[][] {{4, 9, 2}, {1, 2, 3, 4, 5, 6}}, null, t);
      float[] got = model.hiddenStates(new BatchArrays(sb, m), new Forward(m, true)).toFloatArray();
      float[] table = store.get(IdEmbedding.TABLE).array().toFloatArray();
      float[] wih = store.get("encoder.gru.weight_ih_l0").array().toFloatArray();
      float[] whh = store.get("encoder.gru.weight_hh_l0").array().toFloatArray();
      for (int r = 0; r < 2; r++) {
        float[][] x = new float[t][d];
        for (int s = 0; s < t; s++) System.arraycopy(table, sb.item(r, s) * d, x[s], 0, d);  // row 0 for padding
        float[][] want = reference(x, wih, whh, d);
        for (int s = 0; s < t; s++) {
          for (int i = 0; i < d; i++) {
            assertThat(got[(r * t + s) * d + i]).isCloseTo(want[s][i], org.assertj.core.data.Offset.offset(1e-5f));
          }
        }
      }
    }
  }

  @Test
  void withMaskingLeftPaddingIsANoOp() {
    int d = 8;
    ModelSpec spec = new ModelSpec(Backbone.GRU4REC, 20, d, 16, 1, 1, 0f, Masking.PADDING, true);
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      ParameterStore store = new ParameterStore(m.newSubManager(), 6);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      int[][] seqs = {{4, 9, 2}};
      Forward f = new Forward(m, false);
      float[] shortPad = model.encode(new BatchArrays(SequenceBatch.leftPadded(seqs, null, 3), m), f).toFloatArray();
      float[] longPad = model.encode(new BatchArrays(SequenceBatch.leftPadded(seqs, null, 16), m), f).toFloatArray();
      // Equal up to float rounding: the input projection is one matrix product over all B·T slots, and its kernel
      // blocking depends on T (measured differences ~1e-8).
      for (int i = 0; i < d; i++) {
        assertThat(longPad[i]).isCloseTo(shortPad[i], org.assertj.core.data.Offset.offset(1e-6f));
      }
      float[] padRows = model.hiddenStates(new BatchArrays(SequenceBatch.leftPadded(seqs, null, 16), m), f)
          .get(new NDIndex("0, 0:13, :")).toFloatArray();
      for (float v : padRows) assertThat(v).isEqualTo(0f);
    }
  }

  @Test
  void maskedRowsOfDifferentLengthsEqualTheSpecEquationsAtEverySlot() {
    // lengths 3, 17, 9, 30 padded to 32: four window groups (8, 24, 16, 32), put back in the original row order
    int d = 8;
    int t = 32;
    ModelSpec spec = new ModelSpec(Backbone.GRU4REC, 40, d, t, 1, 1, 0f, Masking.PADDING, true);
    int[][] seqs = new int[4][];
    int[] lens = {3, 17, 9, 30};
    for (int r = 0; r < 4; r++) {
      seqs[r] = new int[lens[r]];
      for (int s = 0; s < lens[r]; s++) seqs[r][s] = 1 + (7 * r + 3 * s) % 40;
    }
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      ParameterStore store = new ParameterStore(m.newSubManager(), 9);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      SequenceBatch sb = SequenceBatch.leftPadded(seqs, null, t);
      float[] got = model.hiddenStates(new BatchArrays(sb, m), new Forward(m, true)).toFloatArray();
      float[] table = store.get(IdEmbedding.TABLE).array().toFloatArray();
      float[] wih = store.get("encoder.gru.weight_ih_l0").array().toFloatArray();
      float[] whh = store.get("encoder.gru.weight_hh_l0").array().toFloatArray();
      for (int r = 0; r < 4; r++) {
        float[][] x = new float[t][d];   // padded slots: zero input
        for (int s = 0; s < t; s++) {
          if (sb.item(r, s) != 0) System.arraycopy(table, sb.item(r, s) * d, x[s], 0, d);
        }
        float[][] want = reference(x, wih, whh, d);
        for (int s = 0; s < t; s++) {
          for (int i = 0; i < d; i++) {
            assertThat(got[(r * t + s) * d + i]).as("row %d slot %d", r, s)
                .isCloseTo(want[s][i], org.assertj.core.data.Offset.offset(1e-5f));
          }
        }
      }
    }
  }

  @Test
  void gradientsStayFiniteWhenAShortRowSharesABatchWithALongOne() {
    // W_hn = 6·I makes the backward Jacobian at the zero state 2·I: over ~190 zero-padded steps a gradient would
    // grow by 2^190 and overflow float32 (what produced NaN in the item table on Beauty before the grouping).
    int d = 8;
    int t = 200;
    ModelSpec spec = new ModelSpec(Backbone.GRU4REC, 30, d, t, 1, 1, 0f, Masking.PADDING, true);
    try (NDManager m = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(m.newSubManager(), 3);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      float[] whh = store.get("encoder.gru.weight_hh_l0").array().toFloatArray();
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) whh[(2 * d + i) * d + j] = i == j ? 6f : 0f;
      }
      store.get("encoder.gru.weight_hh_l0").array().set(whh);
      int[] longRow = new int[t];
      for (int s = 0; s < t; s++) longRow[s] = 1 + s % 30;
      SequenceBatch in = SequenceBatch.leftPadded(new int[][] {longRow, {5, 6}}, null, t);
      try (NDManager bm = store.manager().newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LossTerms loss = model.loss(new TrainingBatch(in, new int[] {7, 8}, new int[] {9, 10}, true), new Forward(bm, true));
        gc.backward(loss.total());
        for (ParameterStore.Param p : store.trainableParams()) {
          for (float g : p.array().getGradient().toFloatArray()) assertThat(Float.isFinite(g)).as(p.name()).isTrue();
        }
      }
      model.close();
    }
  }
}
