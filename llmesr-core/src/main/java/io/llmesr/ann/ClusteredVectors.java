package io.llmesr.ann;

import java.util.SplittableRandom;

/**
 * Seeded synthetic unit vectors with cluster structure, for tests and benchmarks of nearest-neighbour search (real
 * embedding tables are clustered; uniform random vectors in high dimension are nearly equidistant, which makes
 * neighbour search both unrealistic and artificially hard). Row {@code r}: pick a cluster {@code c} uniformly, then
 * {@code x_r = normalise(μ_c + σ·g / √dim)} with {@code μ_c} a random unit centre and {@code g} standard normal
 * noise, so that {@code σ} is the noise norm relative to the centre's. Deterministic for a given seed.
 */
public final class ClusteredVectors {
  private ClusteredVectors() { }

  /**
   * @param rows     vectors
   * @param dim      dimension
   * @param clusters cluster count
   * @param spread   {@code σ}, the noise norm relative to the unit centre
   * @param seed     seed
   */
  public static float[][] generate(int rows, int dim, int clusters, double spread, long seed) {
    if (rows < 1 || dim < 1 || clusters < 1 || spread < 0) throw new IllegalArgumentException("bad synthetic table shape");
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) centres[c] = unit(gaussian(rnd, dim, 1.0));
    float[][] out = new float[rows][];
    double scale = spread / Math.sqrt(dim);
    for (int r = 0; r < rows; r++) {
      float[] mu = centres[rnd.nextInt(clusters)];
      float[] x = gaussian(rnd, dim, scale);
      for (int k = 0; k < dim; k++) x[k] += mu[k];
      out[r] = unit(x);
    }
    return out;
  }

  private static float[] gaussian(SplittableRandom rnd, int dim, double scale) {
    float[] x = new float[dim];
    for (int k = 0; k < dim; k++) x[k] = (float) (rnd.nextGaussian() * scale);
    return x;
  }

  /** {@code x / ||x||} with the norm in double (the rounding of the similar-users normalisation). */
  private static float[] unit(float[] x) {
    double s = 0;
    for (float v : x) s += (double) v * v;
    double n = Math.sqrt(s);
    for (int k = 0; k < x.length; k++) x[k] = (float) (x[k] / n);
    return x;
  }
}
