package io.llmesr.embed;

/**
 * Validation of vectors coming from an encoder or an import: right length, finite, not all zero. An
 * all-zero vector has no direction (cosine undefined) and in practice means a failed or empty embedding.
 */
public final class VectorChecks {
  private VectorChecks() { }

  /**
   * Returns {@code null} when {@code v} is valid, else a short description of the problem.
   *
   * @param dim expected length
   */
  public static String problem(float[] v, int dim) {
    if (v == null) return "missing vector";
    if (v.length != dim) return "has dimension " + v.length + ", expected " + dim;
    boolean allZero = true;
    for (int k = 0; k < v.length; k++) {
      float x = v[k];
      if (Float.isNaN(x)) return "component " + k + " is NaN";
      if (Float.isInfinite(x)) return "component " + k + " is " + (x > 0 ? "+Inf" : "-Inf");
      if (x != 0f) allZero = false;
    }
    return allZero ? "is all zeros" : null;
  }

  /** Like {@link #problem} on {@code data[offset, offset+dim)}. */
  public static String problem(float[] data, int offset, int dim) {
    boolean allZero = true;
    for (int k = 0; k < dim; k++) {
      float x = data[offset + k];
      if (Float.isNaN(x)) return "component " + k + " is NaN";
      if (Float.isInfinite(x)) return "component " + k + " is " + (x > 0 ? "+Inf" : "-Inf");
      if (x != 0f) allZero = false;
    }
    return allZero ? "is all zeros" : null;
  }

  /** Euclidean norm in double precision. */
  public static double norm(float[] data, int offset, int dim) {
    double s = 0;
    for (int k = 0; k < dim; k++) s += (double) data[offset + k] * data[offset + k];
    return Math.sqrt(s);
  }

  /** Scales {@code data[offset, offset+dim)} to unit L2 norm in place (the norm is computed in double). */
  public static void l2Normalise(float[] data, int offset, int dim) {
    double n = norm(data, offset, dim);
    if (n == 0) throw new IllegalArgumentException("cannot normalise an all-zero vector");
    for (int k = 0; k < dim; k++) data[offset + k] = (float) (data[offset + k] / n);
  }
}
