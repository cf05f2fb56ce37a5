package io.llmesr.model.llmesr;

import static io.llmesr.model.llmesr.LlmEsrFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.llmesr.model.Backbone;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.TransformerEncoder;
import io.llmesr.model.Window;
import io.llmesr.prepare.Dataset;
import java.util.Random;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Folding the padded slots into one key computes the same function as attending over all L slots. */
class FoldedPaddingTest {
  static final int USERS = 20;
  static final int ITEMS = 30;
  static final int D = 8;
  static final int L = 40;
  final Dataset ds = dataset(USERS, ITEMS, 12, 8);      // sequences of at most 12 items, L = 40
  final LlmEsrTables tables = tables(USERS, ITEMS, 12, D, 4, 9);

  @Test
  void encoderOnTheWindowWithFoldedPaddingEqualsTheEncoderOnAllSlots() {
    ModelSpec spec = new ModelSpec(Backbone.SASREC, ITEMS, D, L, 2, 2, 0f, Masking.NONE, false);
    try (ParameterStore store = new ParameterStore(NDManager.newBaseManager(), 3);
         NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      TransformerEncoder encoder = new TransformerEncoder(store, spec, "", true);
      // make biases non-zero so that padded keys differ from zero keys
      for (ParameterStore.Param p : store.all()) p.array().addi(m.randomNormal(p.array().getShape()).mul(0.1f));
      SequenceBatch sb = SequenceBatch.leftPadded(new int[][] {{1, 2, 3}, {4, 5, 6, 7, 8}}, new int[] {0, 1}, L);
      BatchArrays arrays = new BatchArrays(sb, m);
      Forward fwd = new Forward(m, false);
      NDArray x = m.randomNormal(new ai.djl.ndarray.types.Shape(2, L, D)).mul(arrays.keep());
      float[] all = encoder.encode(x, arrays, fwd).toFloatArray();
      int window = Window.length(sb);
      assertThat(window).isEqualTo(8);
      BatchArrays w = new BatchArrays(Window.trim(sb, window), m);
      NDArray xw = x.get(new ai.djl.ndarray.index.NDIndex(":, " + (L - window) + ":, :"));
      float[] win = encoder.encode(xw, w, fwd, L - window).toFloatArray();
      for (int r = 0; r < 2; r++) {
        for (int i = 0; i < window * D; i++) {
          float expected = all[r * L * D + (L - window) * D + i];
          assertThat(win[r * window * D + i]).as("row %d value %d", r, i).isCloseTo(expected, Offset.offset(1e-5f));
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"SASREC,NONE", "BERT4REC,NONE", "SASREC,CAUSAL", "SASREC,PADDING"})
  void windowedHiddenStatesEqualAllSlots(Backbone backbone, Masking masking) {
    ModelSpec spec = new ModelSpec(backbone, ITEMS, D, L, 2, 1, 0f, masking, false);
    for (Set<Ablation> ab : java.util.List.of(Set.<Ablation>of(), Set.of(Ablation.NO_SHARE), Set.of(Ablation.NO_CA))) {
      try (LlmEsrModel model = model(spec, tables, new LlmEsrOptions(0.1, 3, TeacherMode.BATCH, 2, ab), ds, 4);
           NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        for (ParameterStore.Param p : model.parameters().trainableParams()) {
          p.array().addi(m.randomNormal(p.array().getShape()).mul(0.05f));   // non-zero biases
        }
        int[][] hist = new int[6][];
        for (int u = 0; u < 6; u++) hist[u] = ds.evalInput(u, false);
        SequenceBatch sb = model.predictionBatch(hist, firstUsers(6));
        assertThat(sb.length()).isEqualTo(L);
        assertThat(Window.length(sb)).isLessThan(L);
        BatchArrays arrays = new BatchArrays(sb, m);
        for (boolean training : new boolean[] {false, true}) {      // dropout 0: train mode is deterministic too
          Forward fwd = new Forward(m, training);
          float[] all = model.hiddenStatesAllSlots(arrays, fwd).toFloatArray();
          float[] win = model.hiddenStates(arrays, fwd).toFloatArray();
          assertThat(win).hasSameSizeAs(all);
          for (int i = 0; i < all.length; i++) {
            assertThat(win[i]).as("%s %s %s slot value %d", backbone, masking, ab, i).isCloseTo(all[i], Offset.offset(2e-4f));
          }
        }
        // inference runs a shared encoder once on both streams stacked; training (dropout 0 here) runs it per stream
        float[] stacked = model.hiddenStates(arrays, new Forward(m, false)).toFloatArray();
        float[] separate = model.hiddenStates(arrays, new Forward(m, true)).toFloatArray();
        for (int i = 0; i < stacked.length; i++) {
          assertThat(stacked[i]).as("%s %s %s stacked value %d", backbone, masking, ab, i)
              .isCloseTo(separate[i], Offset.offset(1e-5f));
        }
      }
    }
  }

  @Test
  void windowCoversEveryRealItem() {
    SequenceBatch sb = SequenceBatch.leftPadded(new int[][] {{1, 2, 3}, {4}, {}}, null, 40);
    assertThat(Window.length(sb)).isEqualTo(8);
    SequenceBatch trimmed = Window.trim(sb, 8);
    assertThat(trimmed.length()).isEqualTo(8);
    assertThat(trimmed.realLength(0)).isEqualTo(3);
    assertThat(trimmed.item(0, 7)).isEqualTo(3);
    assertThat(trimmed.positions()[7]).isEqualTo(3);
    assertThat(Window.length(SequenceBatch.leftPadded(new int[][] {{}}, null, 40))).isEqualTo(8);
    int[] full = new int[40];
    java.util.Arrays.fill(full, 5);
    assertThat(Window.length(SequenceBatch.leftPadded(new int[][] {full}, null, 40))).isEqualTo(40);
  }

  @Test
  void trainingWithDropoutStaysFiniteAndStepsAreSeedReproducible() {
    ModelSpec spec = new ModelSpec(Backbone.SASREC, ITEMS, D, L, 2, 1, 0.5f, Masking.NONE, false);
    float[][] losses = new float[2][];
    for (int run = 0; run < 2; run++) {
      try (LlmEsrModel model = model(spec, tables, new LlmEsrOptions(0.1, 3, TeacherMode.BATCH, 2, Set.of()), ds, 4)) {
        losses[run] = new float[3];
        for (int step = 0; step < 3; step++) {
          model.parameters().manager().getEngine().setRandomSeed(100 + step);
          losses[run][step] = sgdStep(model, trainingBatch(ds, spec, firstUsers(8), step), 0.05f);
          assertThat(Float.isFinite(losses[run][step])).isTrue();
        }
      }
    }
    assertThat(losses[1]).isEqualTo(losses[0]);
  }

  static Random rng() {
    return new Random(1);
  }
}
