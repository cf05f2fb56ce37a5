package io.llmesr.ann;

/**
 * The one dot product of the toolkit's cosine searches: {@code s = Σ_k a_k b_k} in float32, summed in increasing
 * {@code k} from {@code 0f} with separate multiply and add (Java never fuses them), so a score is reproducible bit for
 * bit by any plain loop, and equal to the exact similar-users Java kernel's (docs/embeddings.md).
 */
public final class Dot {
  private Dot() { }

  /** {@code Σ_{k<dim} a[aOff+k] · b[bOff+k]}, sequentially in float32. */
  public static float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    float s = 0f;
    for (int k = 0; k < dim; k++) s += a[aOff + k] * b[bOff + k];
    return s;
  }

  /** {@link #dot(float[], int, float[], int, int)} of two whole vectors of equal length. */
  public static float dot(float[] a, float[] b) {
    return dot(a, 0, b, 0, a.length);
  }
}
