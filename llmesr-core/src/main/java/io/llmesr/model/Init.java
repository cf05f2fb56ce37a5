package io.llmesr.model;

import java.util.Random;

/**
 * Parameter initialisers (docs/model.md §3.9), computed in Java from a seeded stream so that initial weights depend
 * only on the root seed and the parameter's name, not on the engine or on the order parameters are created in.
 *
 * <ul>
 *   <li>{@link #xavierNormal}: every parameter with ≥ 2 dims: N(0, 2/(fan_in+fan_out)), PyTorch's fans: for a
 *       {@code rows×cols} matrix fan_in = cols, fan_out = rows (so the MHA in-projection 3d×d is initialised as one
 *       matrix, and the GRU's 3d×d gate matrices likewise);</li>
 *   <li>{@link #uniform}: Linear/Conv biases U(±1/sqrt(fan_in));</li>
 *   <li>{@link #constant}: LayerNorm γ = 1, β = 0, MHA biases 0.</li>
 * </ul>
 */
final class Init {
  private Init() { }

  /** A deterministic stream for one parameter: derived from the root seed and the parameter name. */
  public static Random streamFor(long rootSeed, String parameterName) {
    return new Random(Seeds.derive(rootSeed, "init:" + parameterName));
  }

  /** Xavier-normal (Glorot) for a {@code rows×cols} matrix: std = sqrt(2 / (rows + cols)). */
  public static float[] xavierNormal(int rows, int cols, Random rng) {
    double std = Math.sqrt(2.0 / (rows + cols));
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) w[i] = (float) (rng.nextGaussian() * std);
    return w;
  }

  /** Uniform in [-bound, bound). */
  public static float[] uniform(int n, double bound, Random rng) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
    return w;
  }

  /** A constant vector. */
  public static float[] constant(int n, float value) {
    float[] w = new float[n];
    java.util.Arrays.fill(w, value);
    return w;
  }
}
