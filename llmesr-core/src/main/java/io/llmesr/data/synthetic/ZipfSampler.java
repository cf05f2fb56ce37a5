package io.llmesr.data.synthetic;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws indices {@code 0..n-1} with Zipf probabilities {@code p(rank r) ∝ 1 / r^s} ({@code r = 1..n}), rank
 * mapped to index through a seeded permutation so that popular indices are scattered, not the smallest ones.
 * O(n) memory (a CDF table), O(log n) per draw.
 */
final class ZipfSampler {
  private final double[] cdf;
  private final int[] indexOfRank;

  ZipfSampler(int n, double s, long seed) {
    if (n < 1) throw new IllegalArgumentException("n must be >= 1");
    cdf = new double[n];
    double total = 0;
    for (int r = 0; r < n; r++) {
      total += 1.0 / Math.pow(r + 1, s);
      cdf[r] = total;
    }
    for (int r = 0; r < n; r++) cdf[r] /= total;
    cdf[n - 1] = 1.0;
    indexOfRank = new int[n];
    for (int i = 0; i < n; i++) indexOfRank[i] = i;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = indexOfRank[i];
      indexOfRank[i] = indexOfRank[j];
      indexOfRank[j] = t;
    }
  }

  int sample(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    int r = Arrays.binarySearch(cdf, u);
    if (r < 0) r = -r - 1;
    return indexOfRank[Math.min(r, cdf.length - 1)];
  }
}
