package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.ParameterStore;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CrossAttentionTest {
  /** Against a direct Java evaluation of docs/model.md §3.4 (masked_fill before 1/sqrt(d_h) scaling, as the paper). */
  @Test
  void matchesTheSpecFormulaWithKeyPaddingMask() {
    int b = 2;
    int t = 4;
    int d = 6;
    int heads = 2;
    Random rng = new Random(9);
    float[] x = new float[b * t * d];
    float[] y = new float[b * t * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
      y[i] = (float) rng.nextGaussian();
    }
    int[][] ids = {{0, 0, 3, 5}, {0, 0, 0, 0}};   // row 1: every key is padding
    try (ParameterStore store = new ParameterStore(NDManager.newBaseManager(), 4);
         NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      CrossAttention ca = new CrossAttention(store, "ca", d, heads);
      float[] mask = new float[b * t];
      for (int r = 0; r < b; r++) for (int k = 0; k < t; k++) mask[r * t + k] = ids[r][k] == 0 ? -1e9f : 0f;
      NDArray out = ca.apply(m.create(x, new Shape(b, t, d)), m.create(y, new Shape(b, t, d)),
          m.create(mask, new Shape(b, 1, 1, t)));
      float[] got = out.toFloatArray();
      float[] wq = store.get("ca.query.weight").array().toFloatArray();
      float[] wk = store.get("ca.key.weight").array().toFloatArray();
      float[] wv = store.get("ca.value.weight").array().toFloatArray();
      float[] wo = store.get("ca.out.weight").array().toFloatArray();
      float[] bo = store.get("ca.out.bias").array().toFloatArray();
      int dh = d / heads;
      for (int r = 0; r < b; r++) {
        double[][] q = proj(x, r, t, d, wq);
        double[][] k = proj(y, r, t, d, wk);
        double[][] v = proj(y, r, t, d, wv);
        for (int i = 0; i < t; i++) {
          double[] ctx = new double[d];
          for (int h = 0; h < heads; h++) {
            double[] s = new double[t];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < t; j++) {
              double dot = 0;
              for (int c = 0; c < dh; c++) dot += q[i][h * dh + c] * k[j][h * dh + c];
              if (ids[r][j] == 0) dot = -1e9;                   // masked_fill
              s[j] = dot / Math.sqrt(dh);                        // then scale
              max = Math.max(max, s[j]);
            }
            double z = 0;
            for (int j = 0; j < t; j++) z += s[j] = Math.exp(s[j] - max);
            for (int j = 0; j < t; j++) for (int c = 0; c < dh; c++) ctx[h * dh + c] += s[j] / z * v[j][h * dh + c];
          }
          for (int o = 0; o < d; o++) {
            double e = bo[o];
            for (int c = 0; c < d; c++) e += wo[o * d + c] * ctx[c];
            assertThat((double) got[(r * t + i) * d + o]).isCloseTo(e, Offset.offset(1e-4));
          }
        }
      }
    }
  }

  private static double[][] proj(float[] x, int r, int t, int d, float[] w) {
    double[][] out = new double[t][d];
    for (int i = 0; i < t; i++) {
      for (int o = 0; o < d; o++) {
        double s = 0;
        for (int c = 0; c < d; c++) s += w[o * d + c] * x[(r * t + i) * d + c];
        out[i][o] = s;
      }
    }
    return out;
  }
}
