package io.llmesr.model.alphafuse;

import io.llmesr.embed.Pca;

/**
 * AlphaFuse's decomposition of the LLM item table into a semantic-rich subspace and a null space, reduced to the
 * backbone's width d (Hu et al., SIGIR 2025, "AlphaFuse: Learn ID Embeddings for Sequential Recommendation in Null
 * Space of Language Embeddings", §3: decomposition of the semantic space, clipping of the null space,
 * standardisation of the semantic-rich subspace).
 *
 * <p>With items {@code x_1..x_N} (rows 1..N of the LLM table, D columns), mean {@code μ} and covariance
 * {@code C = (1/(N−1)) Σ (x_i−μ)(x_i−μ)^T = V Λ V^T} ({@link Pca#spectrum}: the singular value decomposition of the
 * centred table, {@code λ_1 >= ... >= λ_D}, unit axes {@code v_k}):
 * <pre>
 *   semantic axes  v_1 .. v_{d_s}                 the d_s = d − d_n directions of largest singular value
 *   null axes      v_{D−d_n+1} .. v_D             the d_n directions of smallest singular value (the clipped null space)
 *   P              = [ v_1/√λ_1 .. v_{d_s}/√λ_{d_s} | v_{D−d_n+1} .. v_D ]       D × d
 *   row(x)         = (x − μ) · P                                                  d values: d_s semantic, then d_n null
 * </pre>
 * The semantic coordinates are standardised (unit variance over the items; {@code standardise = false} keeps
 * {@code (x−μ)·v_k}); the null coordinates are not (their variance is ≈ 0, dividing by it would only amplify noise),
 * so they are ≈ 0 and the id embeddings learnt there leave the semantic coordinates untouched.
 *
 * <p>Note: the paper keeps the semantic-rich directions and clips the null space to the id embeddings' width, so its
 * item embedding spans the top directions of the spectrum, the last d_n of them in the null space (singular values
 * ≈ 0) when the table's rank is at most d − d_n. A sentence-encoder table has full rank D > d (MiniLM: 384), so within
 * the backbone's width the top d directions hold no null space; this port keeps the top d_s directions as the semantic
 * subspace and takes the d_n directions of smallest singular value as the null space, so that the id embeddings live
 * where the language embeddings are flattest, as the paper intends.
 */
public final class NullSpaceProjection {
  private final int inputDim;
  private final int semanticDim;
  private final int nullDim;
  private final double[] mean;
  private final double[][] columns;     // d × D: column k of P, i.e. the scaled axis
  private final double[] variances;     // λ of the d kept axes

  private NullSpaceProjection(int inputDim, int semanticDim, int nullDim, double[] mean, double[][] columns,
                              double[] variances) {
    this.inputDim = inputDim;
    this.semanticDim = semanticDim;
    this.nullDim = nullDim;
    this.mean = mean;
    this.columns = columns;
    this.variances = variances;
  }

  /**
   * Fits on the item rows 1..N of an LLM item table.
   *
   * @param llmRows     {@code (N+1)×D} row-major, row 0 the padding row (left out)
   * @param dim         D
   * @param d           the backbone's width (model.hidden_size)
   * @param nullDim     d_n (method.null_dim), in 1..d−1
   * @param standardise divide the semantic coordinates by √λ_k (the paper's standardisation)
   * @throws IllegalArgumentException naming the option, when d_n is not in 1..d−1, when D < d, or when the centred
   *                                  table has fewer than d_s non-zero singular values
   */
  public static NullSpaceProjection fit(float[] llmRows, int dim, int d, int nullDim, boolean standardise) {
    checkNullDim(nullDim, d);
    if (dim < d) {
      throw new IllegalArgumentException("the LLM item table has " + dim + " dimensions, fewer than model.hidden_size = "
          + d + ": AlphaFuse keeps d of its singular directions");
    }
    int rows = llmRows.length / dim;
    Pca.Spectrum s = Pca.spectrum(llmRows, 1, rows, dim);
    int ds = d - nullDim;
    if (!(s.variances()[ds - 1] > Pca.RANK_TOLERANCE * s.variances()[0])) {
      throw new IllegalArgumentException("the centred LLM item table has rank " + s.rank() + " (" + s.samples()
          + " items, " + dim + " dimensions), below the " + ds + " semantic directions d − method.null_dim: raise "
          + "method.null_dim to at least " + (d - s.rank()));
    }
    double[][] cols = new double[d][];
    double[] var = new double[d];
    for (int k = 0; k < d; k++) {
      int axis = k < ds ? k : dim - nullDim + (k - ds);
      double scale = k < ds && standardise ? 1 / Math.sqrt(s.variances()[axis]) : 1;
      double[] c = new double[dim];
      for (int j = 0; j < dim; j++) c[j] = s.axes()[axis][j] * scale;
      cols[k] = c;
      var[k] = s.variances()[axis];
    }
    return new NullSpaceProjection(dim, ds, nullDim, s.mean(), cols, var);
  }

  /**
   * @throws IllegalArgumentException naming {@code method.null_dim} unless {@code 1 <= nullDim < d}
   */
  public static void checkNullDim(int nullDim, int d) {
    if (nullDim < 1 || nullDim >= d) {
      throw new IllegalArgumentException("method.null_dim = " + nullDim + " must be in 1.." + (d - 1)
          + " (below model.hidden_size = " + d + ": the rest of the width is the semantic subspace)");
    }
  }

  /** D. */
  public int inputDim() {
    return inputDim;
  }

  /** d_s: the first d_s coordinates are the semantic ones. */
  public int semanticDim() {
    return semanticDim;
  }

  /** d_n: the last d_n coordinates are the null-space ones. */
  public int nullDim() {
    return nullDim;
  }

  /** d = d_s + d_n. */
  public int dim() {
    return semanticDim + nullDim;
  }

  /** λ of the kept axes, semantic first (as the columns). */
  public double[] variances() {
    return variances.clone();
  }

  /** The unit axis (in the D-dimensional LLM space) behind coordinate {@code k}: column k of P, unscaled. */
  public double[] axis(int k) {
    double[] c = columns[k].clone();
    double norm = 0;
    for (double v : c) norm += v * v;
    norm = Math.sqrt(norm);
    for (int j = 0; j < c.length; j++) c[j] /= norm;
    return c;
  }

  /** {@code (x − μ) · P} for {@code x[offset, offset+D)}: d values. */
  public float[] project(float[] x, int offset) {
    double[] c = new double[inputDim];
    for (int j = 0; j < inputDim; j++) c[j] = x[offset + j] - mean[j];
    float[] y = new float[columns.length];
    for (int k = 0; k < columns.length; k++) {
      double[] a = columns[k];
      double sum = 0;
      for (int j = 0; j < inputDim; j++) sum += c[j] * a[j];
      y[k] = (float) sum;
    }
    return y;
  }

  /**
   * The frozen language part of AlphaFuse's item table: {@code (N+2)×d} row-major, rows 1..N the projections of the
   * LLM rows, row 0 (padding) and row N+1 (BERT4Rec's mask token) zero.
   *
   * @param llmRows {@code (N+1)×D} row-major, row 0 the padding row
   */
  public float[] table(float[] llmRows) {
    int rows = llmRows.length / inputDim;            // N+1
    int d = dim();
    float[] out = new float[(rows + 1) * d];
    for (int r = 1; r < rows; r++) System.arraycopy(project(llmRows, r * inputDim), 0, out, r * d, d);
    return out;
  }
}
