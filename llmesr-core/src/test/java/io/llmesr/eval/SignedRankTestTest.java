package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The Wilcoxon signed-rank test on hand-computed cases (the p-values agree with SciPy's
 * {@code wilcoxon(d, correction=True, method='approx')}).
 */
class SignedRankTestTest {
  @Test
  void distinctDifferences() {
    // d = 1, 2, 3, -4, 5: ranks 1..5, W+ = 1+2+3+5 = 11, E = 5*6/4 = 7.5, Var = 5*6*11/24 = 13.75,
    // z = (11 - 7.5 - 0.5) / sqrt(13.75) = 0.80904, p = erfc(z / sqrt 2) = 0.41849
    SignedRankTest t = SignedRankTest.of(new double[] {1, 2, 3, 0, 5}, new double[] {0, 0, 0, 4, 0});
    assertThat(t.n()).isEqualTo(5);
    assertThat(t.wPlus()).isEqualTo(11.0);
    assertThat(t.z()).isCloseTo(0.8090398, within(1e-6));
    assertThat(t.p()).isCloseTo(0.4184922, within(1e-6));
  }

  @Test
  void tiesGetAverageRanksAndZerosAreDropped() {
    // d = 1, 1, -1, 2, 0: the zero is dropped (n = 4); |d| = 1,1,1 take rank 2 each, 2 takes rank 4;
    // W+ = 2+2+4 = 8, E = 5, Var = 4*5*9/24 - (3^3-3)/48 = 7, z = 2.5 / sqrt 7 = 0.94491, p = 0.34470
    SignedRankTest t = SignedRankTest.of(new double[] {1, 1, 0, 2, 3}, new double[] {0, 0, 1, 0, 3});
    assertThat(t.n()).isEqualTo(4);
    assertThat(t.wPlus()).isEqualTo(8.0);
    assertThat(t.z()).isCloseTo(0.9449112, within(1e-6));
    assertThat(t.p()).isCloseTo(0.3447042, within(1e-6));
  }

  @Test
  void symmetryAndEdgeCases() {
    double[] a = {0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8};
    double[] b = {0.1, 0.2, 0.3, 0.0, 0.1, 0.1, 0.2};
    SignedRankTest ab = SignedRankTest.of(a, b);
    SignedRankTest ba = SignedRankTest.of(b, a);
    assertThat(ba.z()).isCloseTo(-ab.z(), within(1e-12));
    assertThat(ba.p()).isCloseTo(ab.p(), within(1e-12));
    assertThat(SignedRankTest.of(a, a)).isEqualTo(new SignedRankTest(0, 0, 0, 1));
    assertThatThrownBy(() -> SignedRankTest.of(a, new double[] {1})).hasMessageContaining("different sizes");
  }

  @Test
  void erfcMatchesKnownValues() {
    assertThat(SignedRankTest.erfc(0)).isCloseTo(1.0, within(1e-7));
    assertThat(SignedRankTest.erfc(1)).isCloseTo(0.1572992, within(1e-7));
    assertThat(SignedRankTest.erfc(-0.5)).isCloseTo(1.5204999, within(1e-7));
    assertThat(SignedRankTest.erfc(3)).isCloseTo(2.2090497e-5, within(1e-11));
  }
}
