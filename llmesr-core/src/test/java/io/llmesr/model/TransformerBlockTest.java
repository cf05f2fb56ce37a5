package io.llmesr.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shapes and masking semantics of the docs/model.md §3.5 block and encoder. */
class TransformerBlockTest {
  private static ModelSpec spec(Masking m, int heads) {
    return new ModelSpec(Backbone.SASREC, 30, 16, 12, 2, heads, 0.5f, m, false);
  }

  private static float[] randn(int n, long seed) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
    return a;
  }

  private static SequenceBatch batch(int t) {
    return SequenceBatch.leftPadded(new int[][] {{3, 4, 5, 6}, {7, 8, 9, 10, 11, 12, 13, 14, 15}}, null, t);
  }

  @Test
  void encoderOutputShapeAndFiniteValues() {
    for (int heads : new int[] {1, 2}) {
      try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
        ParameterStore store = new ParameterStore(m.newSubManager(), 1);
        SequenceRecommender model = PlainModelFactory.build(spec(Masking.NONE, heads), store);
        BatchArrays b = new BatchArrays(batch(12), m);
        NDArray h = model.hiddenStates(b, new Forward(m, true));
        assertThat(h.getShape()).isEqualTo(new Shape(2, 12, 16));
        assertThat(model.encode(b, new Forward(m, false)).getShape()).isEqualTo(new Shape(2, 16));
        for (float v : h.toFloatArray()) assertThat(Float.isFinite(v)).isTrue();
      }
    }
  }

  @Test
  void paddedKeysGetZeroAttentionWeightOnlyWithMask() {
    int b = 2;
    int t = 12;
    int d = 16;
    SequenceBatch sb = batch(t);
    for (Masking masking : new Masking[] {Masking.NONE, Masking.PADDING}) {
      try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
        ParameterStore store = new ParameterStore(m.newSubManager(), 2);
        TransformerBlock block = new TransformerBlock(store, "blk", spec(masking, 2));
        BatchArrays arrays = new BatchArrays(sb, m);
        Forward eval = new Forward(m, false);
        NDArray q = m.create(randn(b * t * d, 1), new Shape(b, t, d));
        NDArray kv1 = m.create(randn(b * t * d, 2), new Shape(b, t, d));
        // same real keys, different (non-zero) vectors on the padded key slots
        float[] alt = kv1.toFloatArray();
        float[] noise = randn(alt.length, 3);
        for (int r = 0; r < b; r++) {
          for (int s = 0; s < t; s++) {
            if (sb.item(r, s) == 0) {
              for (int j = 0; j < d; j++) alt[(r * t + s) * d + j] += 5 * noise[(r * t + s) * d + j];
            }
          }
        }
        NDArray kv2 = m.create(alt, new Shape(b, t, d));
        NDArray mask = arrays.attentionMask(masking);
        float[] o1 = block.attention(q, kv1, mask, 0, eval).toFloatArray();
        float[] o2 = block.attention(q, kv2, mask, 0, eval).toFloatArray();
        float maxDiff = 0;
        for (int i = 0; i < o1.length; i++) maxDiff = Math.max(maxDiff, Math.abs(o1[i] - o2[i]));
        if (masking == Masking.NONE) {
          assertThat(maxDiff).as("without a mask padded keys are attended").isGreaterThan(1e-3f);
        } else {
          assertThat(maxDiff).as("masked keys get weight exp(-1e9)=0").isEqualTo(0f);
        }
      }
    }
  }

  @Test
  void causalMaskMakesOutputIndependentOfLaterInputs() {
    int t = 12;
    int[][] a = {{3, 4, 5, 6, 7, 8, 9}};
    int[][] c = {{3, 4, 5, 6, 20, 21, 22}};   // differs from slot index 9 on (t - 7 + 4 = 9)
    for (Masking masking : new Masking[] {Masking.NONE, Masking.CAUSAL}) {
      try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
        ParameterStore store = new ParameterStore(m.newSubManager(), 3);
        SequenceRecommender model = PlainModelFactory.build(spec(masking, 1), store);
        Forward eval = new Forward(m, false);
        float[] ha = model.hiddenStates(new BatchArrays(SequenceBatch.leftPadded(a, null, t), m), eval)
            .get(new NDIndex(":, 0:9, :")).toFloatArray();
        float[] hc = model.hiddenStates(new BatchArrays(SequenceBatch.leftPadded(c, null, t), m), eval)
            .get(new NDIndex(":, 0:9, :")).toFloatArray();
        float maxDiff = 0;
        for (int i = 0; i < ha.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ha[i] - hc[i]));
        if (masking == Masking.NONE) {
          assertThat(maxDiff).as("paper preset is bidirectional").isGreaterThan(1e-3f);
        } else {
          assertThat(maxDiff).as("causal: slots < 9 see nothing at >= 9").isEqualTo(0f);
        }
      }
    }
  }

  @Test
  void paddedSlotsAreZeroBeforeFinalNorm() {
    // After each block x ⊙ m: the final LayerNorm of a zero row gives its bias β (0 at init).
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      ParameterStore store = new ParameterStore(m.newSubManager(), 4);
      SequenceRecommender model = PlainModelFactory.build(spec(Masking.NONE, 1), store);
      float[] h = model.hiddenStates(new BatchArrays(batch(12), m), new Forward(m, true))
          .get(new NDIndex("0, 0:8, :")).toFloatArray();    // row 0 has 4 items: slots 0..7 are padding
      for (float v : h) assertThat(v).isEqualTo(0f);
    }
  }
}
