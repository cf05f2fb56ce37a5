package io.llmesr.eval;

import java.util.Arrays;

/**
 * The Wilcoxon signed-rank test of paired samples, two-sided, with the normal approximation: do the paired
 * differences {@code d_i = a_i - b_i} (e.g. two models' per-user NDCG@10 on the same users) centre on 0?
 *
 * <p>Zero differences are dropped (Wilcoxon's convention), leaving {@code n}; the {@code |d_i|} are ranked 1..n with
 * ties given their average rank; {@code W+} is the sum of the ranks of the positive differences. Under the null
 * hypothesis {@code E[W+] = n(n+1)/4} and {@code Var[W+] = n(n+1)(2n+1)/24 - Σ_t (t³ - t)/48} over the groups of
 * {@code t} tied {@code |d|}; {@code z = (W+ - E[W+] ∓ 0.5) / sqrt(Var)} (continuity correction towards the mean)
 * and {@code p = 2 (1 - Φ(|z|)) = erfc(|z| / √2)}.
 *
 * <p>Note: the normal approximation is the usual choice for the hundreds to thousands of users of an evaluation; for a
 * handful of non-zero differences (n below about 20) the p-value is only indicative. Per-user HR@K is 0 or 1, so
 * most differences of one seed are ties; averaging each user's value over seeds first (as the experiment report
 * does) leaves fewer ties.
 *
 * @param n      non-zero differences
 * @param wPlus  sum of the ranks of the positive differences
 * @param z      the standardised statistic (0 when {@code n = 0})
 * @param p      two-sided p-value (1 when {@code n = 0})
 */
public record SignedRankTest(int n, double wPlus, double z, double p) {

  /** Tests the paired samples {@code a} and {@code b} (same length, same order of pairs). */
  public static SignedRankTest of(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired samples of different sizes: " + a.length + " and " + b.length);
    }
    double[] d = new double[a.length];
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      double x = a[i] - b[i];
      if (Double.isNaN(x)) throw new IllegalArgumentException("pair " + i + " has a NaN value");
      if (x != 0) d[n++] = x;
    }
    if (n == 0) return new SignedRankTest(0, 0, 0, 1);
    double[] abs = new double[n];
    for (int i = 0; i < n; i++) abs[i] = Math.abs(d[i]);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Double.compare(abs[x], abs[y]));
    double wPlus = 0;
    double tieTerm = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && abs[order[j + 1]] == abs[order[i]]) j++;
      double rank = (i + 1 + j + 1) / 2.0;   // average of ranks i+1..j+1
      for (int k = i; k <= j; k++) if (d[order[k]] > 0) wPlus += rank;
      double t = j - i + 1;
      tieTerm += t * t * t - t;
      i = j + 1;
    }
    double mean = n * (n + 1) / 4.0;
    double var = n * (n + 1.0) * (2 * n + 1) / 24.0 - tieTerm / 48.0;
    if (var <= 0) return new SignedRankTest(n, wPlus, 0, 1);
    double diff = wPlus - mean;
    double corrected = Math.signum(diff) * Math.max(0, Math.abs(diff) - 0.5);
    double z = corrected / Math.sqrt(var);
    return new SignedRankTest(n, wPlus, z, Math.min(1, erfc(Math.abs(z) / Math.sqrt(2))));
  }

  /**
   * The complementary error function, by the Chebyshev fit of Numerical Recipes ({@code erfcc}, fractional error
   * below 1.2e-7 everywhere).
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
        + t * 0.17087277)))))))));
    return x >= 0 ? ans : 2 - ans;
  }
}
