package io.llmesr.model.alphafuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** AlphaFuse's decomposition: hand-computed SVD projections, whitening and orthogonality invariants, refusals. */
public class NullSpaceProjectionTest {
  private static final double[] MU = {1, 2, 3};
  /**
   * Orthonormal axes u1 = (0.6, 0.8, 0), u2 = (0.8, −0.6, 0), u3 = (0, 0, 1), each with one largest component, positive
   * (the sign convention's choice, so no tie decides a sign).
   */
  private static final double[][] U = {{0.6, 0.8, 0}, {0.8, -0.6, 0}, {0, 0, 1}};
  /**
   * Coefficients of the four items on u1, u2, u3: columns orthogonal with zero mean, so the centred table's SVD has
   * exactly these axes, with variances λ = ||column||² / (N−1) = 16/3, 4/3, 0.04/3.
   */
  private static final double[][] COEF = {{2, 1, 0.1}, {2, -1, -0.1}, {-2, 1, -0.1}, {-2, -1, 0.1}};

  /** Row 0 padding, rows 1..4 the items x = μ + Σ c_k u_k (D = 3). */
  public static float[] handTable() {
    float[] t = new float[5 * 3];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        double x = MU[j];
        for (int k = 0; k < 3; k++) x += COEF[i][k] * U[k][j];
        t[(i + 1) * 3 + j] = (float) x;
      }
    }
    return t;
  }

  private static void assertRows(float[] table, int d, double[][] expected) {
    assertThat(table).hasSize(6 * d);
    for (int j = 0; j < d; j++) {
      assertThat(table[j]).as("padding row").isZero();
      assertThat(table[5 * d + j]).as("mask row").isZero();
    }
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < d; j++) {
        assertThat((double) table[(i + 1) * d + j]).as("item %d coordinate %d", i + 1, j)
            .isCloseTo(expected[i][j], within(1e-5));
      }
    }
  }

  @Test
  void semanticCoordinatesAreStandardisedTopDirectionsAndTheNullCoordinateIsTheSmallestDirection() {
    // d = 2, d_n = 1: semantic axis u1 scaled by 1/√(16/3) = √3/4; null axis u3 (λ = 0.04/3) unscaled; u2 clipped
    NullSpaceProjection p = NullSpaceProjection.fit(handTable(), 3, 2, 1, true);
    double a = Math.sqrt(3) / 4;
    assertRows(p.table(handTable()), 2, new double[][] {{2 * a, 0.1}, {2 * a, -0.1}, {-2 * a, -0.1}, {-2 * a, 0.1}});
    assertThat(p.variances()).containsExactly(new double[] {16.0 / 3, 0.04 / 3}, within(1e-5));
    assertThat(p.axis(0)).containsExactly(new double[] {0.6, 0.8, 0}, within(1e-5));
    assertThat(p.axis(1)).containsExactly(new double[] {0, 0, 1}, within(1e-5));
    // without standardisation the semantic coordinate is the plain projection
    NullSpaceProjection raw = NullSpaceProjection.fit(handTable(), 3, 2, 1, false);
    assertRows(raw.table(handTable()), 2, new double[][] {{2, 0.1}, {2, -0.1}, {-2, -0.1}, {-2, 0.1}});
  }

  @Test
  void wholeWidthAndWiderNullSpace() {
    double a = Math.sqrt(3) / 4;
    double b = Math.sqrt(3) / 2;   // 1/√(4/3)
    // d = 3, d_n = 1: nothing clipped
    assertRows(NullSpaceProjection.fit(handTable(), 3, 3, 1, true).table(handTable()), 3,
        new double[][] {{2 * a, b, 0.1}, {2 * a, -b, -0.1}, {-2 * a, b, -0.1}, {-2 * a, -b, 0.1}});
    // d = 3, d_n = 2: the two smallest directions u2, u3 are the null space, unscaled
    assertRows(NullSpaceProjection.fit(handTable(), 3, 3, 2, true).table(handTable()), 3,
        new double[][] {{2 * a, 1, 0.1}, {2 * a, -1, -0.1}, {-2 * a, 1, -0.1}, {-2 * a, -1, 0.1}});
  }

  @Test
  void onARandomTableSemanticCoordinatesAreWhiteAndTheAxesOrthonormal() {
    int n = 60;
    int dim = 10;
    int d = 6;
    int nullDim = 2;
    Random rng = new Random(7);
    float[] t = new float[(n + 1) * dim];
    for (int i = dim; i < t.length; i++) t[i] = (float) (rng.nextGaussian() * (1 + i % dim) + 0.3 * (i % dim));
    NullSpaceProjection p = NullSpaceProjection.fit(t, dim, d, nullDim, true);
    float[] table = p.table(t);
    int ds = d - nullDim;
    // sample covariance of the semantic coordinates over the items = identity, their means 0
    for (int k = 0; k < ds; k++) {
      double mean = 0;
      for (int i = 1; i <= n; i++) mean += table[i * d + k];
      assertThat(mean / n).isCloseTo(0, within(1e-5));
      for (int l = 0; l < ds; l++) {
        double c = 0;
        for (int i = 1; i <= n; i++) c += (double) table[i * d + k] * table[i * d + l];
        assertThat(c / (n - 1)).as("cov %d,%d", k, l).isCloseTo(k == l ? 1 : 0, within(1e-4));
      }
    }
    // null coordinates: variance = the smallest eigenvalues, below every semantic one
    double[] var = p.variances();
    for (int k = ds; k < d; k++) {
      double c = 0;
      for (int i = 1; i <= n; i++) c += (double) table[i * d + k] * table[i * d + k];
      assertThat(c / (n - 1)).isCloseTo(var[k], within(1e-4 * var[0]));
      assertThat(var[k]).isLessThan(var[ds - 1]);
    }
    for (int k = 0; k < d; k++) {
      for (int l = 0; l < d; l++) {
        double dot = 0;
        for (int j = 0; j < dim; j++) dot += p.axis(k)[j] * p.axis(l)[j];
        assertThat(dot).as("axes %d·%d", k, l).isCloseTo(k == l ? 1 : 0, within(1e-9));
      }
    }
  }

  @Test
  void refusesANullDimensionOutsideTheWidthATooNarrowTableAndARankBelowTheSemanticDirections() {
    assertThatThrownBy(() -> NullSpaceProjection.fit(handTable(), 3, 2, 2, true)).hasMessageContaining("method.null_dim");
    assertThatThrownBy(() -> NullSpaceProjection.fit(handTable(), 3, 2, 0, true)).hasMessageContaining("method.null_dim");
    assertThatThrownBy(() -> NullSpaceProjection.fit(handTable(), 3, 4, 1, true))
        .hasMessageContaining("3 dimensions").hasMessageContaining("model.hidden_size = 4");
    // four items on one line: rank 1 < d_s = 2
    float[] line = new float[5 * 4];
    for (int i = 1; i <= 4; i++) for (int j = 0; j < 4; j++) line[i * 4 + j] = i * (j + 1);
    assertThatThrownBy(() -> NullSpaceProjection.fit(line, 4, 3, 1, true)).hasMessageContaining("rank 1")
        .hasMessageContaining("method.null_dim to at least 2");
  }
}
