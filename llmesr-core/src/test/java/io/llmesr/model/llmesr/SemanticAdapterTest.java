package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.llmesr.model.ParameterStore;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SemanticAdapterTest {
  @Test
  void collapsedAffineMapEqualsTheTwoLayersInValueAndGradient() {
    Random rng = new Random(1);
    float[] x = new float[5 * 12];
    for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
    try (ParameterStore store = new ParameterStore(NDManager.newBaseManager(), 2)) {
      SemanticAdapter a = new SemanticAdapter(store, 12, 4, true);
      assertThat(store.get("adapter.0.weight").array().getShape()).isEqualTo(new Shape(6, 12));
      assertThat(store.get("adapter.1.weight").array().getShape()).isEqualTo(new Shape(4, 6));
      float[][] grads = new float[2][];
      float[][] values = new float[2][];
      for (int pass = 0; pass < 2; pass++) {
        LlmEsrFixtures.zeroGradients(store);
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          scope.suppressNotUsedWarning();
          NDArray in = m.create(x, new Shape(5, 12));
          NDArray y = pass == 0 ? a.apply(in) : a.applyLayerwise(in);
          values[pass] = y.toFloatArray();
          gc.backward(y.square().sum());
        }
        float[] g0 = store.get("adapter.0.weight").array().getGradient().toFloatArray();
        float[] g1 = store.get("adapter.0.bias").array().getGradient().toFloatArray();
        grads[pass] = concat(g0, g1);
      }
      for (int i = 0; i < values[0].length; i++) assertThat(values[0][i]).isCloseTo(values[1][i], Offset.offset(1e-4f));
      for (int i = 0; i < grads[0].length; i++) {
        assertThat(grads[0][i]).isCloseTo(grads[1][i], Offset.offset(1e-3f + 1e-4f * Math.abs(grads[1][i])));
      }
    }
  }

  @Test
  void paddingRowMapsToTheBias() {
    try (ParameterStore store = new ParameterStore(NDManager.newBaseManager(), 2);
         NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      SemanticAdapter a = new SemanticAdapter(store, 8, 4, true);
      float[] zero = a.apply(m.zeros(new Shape(1, 8))).toFloatArray();
      float[] b1 = store.get("adapter.0.bias").array().toFloatArray();
      float[] w2 = store.get("adapter.1.weight").array().toFloatArray();
      float[] b2 = store.get("adapter.1.bias").array().toFloatArray();
      for (int o = 0; o < 4; o++) {
        double e = b2[o];
        for (int c = 0; c < 4; c++) e += w2[o * 4 + c] * b1[c];
        assertThat((double) zero[o]).isCloseTo(e, Offset.offset(1e-5));
        assertThat(zero[o]).isNotZero();
      }
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
