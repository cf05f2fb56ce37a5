package io.llmesr.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dropout of the folded padding column ({@link TransformerBlock}). */
class BinomialScaleTest {
  /** The folded column's dropout factor S/(P(1-p)), S ~ Binomial(P, 1-p): mean 1, variance p/(P(1-p)). */
  @ParameterizedTest
  @CsvSource({"0.5,150", "0.5,7", "0.2,30"})
  void binomialScaleHasTheDistributionOfPIndependentDropouts(float p, int folded) {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(5);
      float[] s = TransformerBlock.binomialScale(m, 50, 2, 100, folded, p).toFloatArray();
      double mean = 0;
      for (float v : s) mean += v;
      mean /= s.length;
      double var = 0;
      for (float v : s) var += (v - mean) * (v - mean);
      var /= s.length - 1;
      double expectedVar = p / (folded * (1.0 - p));
      assertThat(mean).isCloseTo(1.0, Offset.offset(4 * Math.sqrt(expectedVar / s.length)));
      assertThat(var).isCloseTo(expectedVar, Offset.offset(0.1 * expectedVar));
      double unit = 1.0 / (folded * (1.0 - p));
      for (float v : s) assertThat(Math.abs(v / unit - Math.rint(v / unit))).isLessThan(1e-3);   // S is an integer
    }
  }
}
