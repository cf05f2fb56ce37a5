package io.llmesr.embed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Exact principal component analysis of the item embedding table (docs/model.md §2.6, the notebook {@code pca}): the
 * initial collaborative item table of LLM-ESR is the LLM item table projected to its top {@code d}
 * principal axes (paper: {@code d = 64}), centred and not whitened.
 *
 * <p>With items {@code x_1..x_N} (rows 1..N of the table; the padding row 0 is left out), mean
 * {@code m = (1/N) Σ x_i} and covariance {@code C = (1/(N-1)) Σ (x_i - m)(x_i - m)^T} (in double precision),
 * the symmetric eigen-decomposition {@code C = V Λ V^T} (EJML) gives the axes {@code v_1..v_d} of the
 * {@code d} largest eigenvalues {@code λ_1 >= ... >= λ_d} (equal eigenvalues keep EJML's order). The
 * projection of item {@code i} is {@code y_i = [(x_i - m)·v_1, ..., (x_i - m)·v_d]}; the explained variance
 * of component {@code k} is {@code λ_k} and its ratio {@code λ_k / trace(C)}.
 *
 * <p>Sign convention: an eigenvector's sign is arbitrary; we flip each axis so that its component of
 * largest absolute value is positive (the first such component on ties) — the same rule as scikit-learn's
 * {@code svd_flip} on the rows of {@code V^T}. Results are deterministic.
 *
 * <p>{@link #spectrum} gives every axis and variance, not only the first d: the table's singular value decomposition,
 * which method {@code alphafuse} splits into a semantic subspace and a null space.
 *
 * <p>Note: the paper's notebook used scikit-learn's randomised SVD, unseeded (docs/model.md §2.6), so its signs and
 * last digits vary between runs; an exact decomposition is the deterministic equivalent.
 */
public final class Pca {
  private Pca() { }

  /**
   * A fitted PCA.
   *
   * @param inputDim                D
   * @param samples                 N
   * @param mean                    column means (D)
   * @param axes                    {@code d x D}, row k = unit axis k
   * @param explainedVariance       λ_k
   * @param explainedVarianceRatio  λ_k / trace(C)
   * @param totalVariance           trace(C)
   */
  public record Model(int inputDim, int samples, double[] mean, double[][] axes, double[] explainedVariance,
                      double[] explainedVarianceRatio, double totalVariance) {
    /** Number of components d. */
    public int components() {
      return axes.length;
    }

    /** Sum of the explained variance ratios of the kept components. */
    public double explainedVarianceRatioTotal() {
      double s = 0;
      for (double r : explainedVarianceRatio) s += r;
      return s;
    }

    /** Projects {@code x[offset, offset+D)} onto the axes: {@code (x - mean)·v_k} for each k. */
    public float[] project(float[] x, int offset) {
      int dd = axes.length;
      float[] y = new float[dd];
      double[] c = new double[inputDim];
      for (int j = 0; j < inputDim; j++) c[j] = x[offset + j] - mean[j];
      for (int k = 0; k < dd; k++) {
        double[] a = axes[k];
        double s = 0;
        for (int j = 0; j < inputDim; j++) s += c[j] * a[j];
        y[k] = (float) s;
      }
      return y;
    }
  }

  /**
   * An eigenvalue at or below this fraction of the largest counts as zero: the table's rank is then below
   * the requested dimension and {@link #fit} refuses.
   */
  public static final double RANK_TOLERANCE = 1e-6;

  /**
   * The whole spectrum of the centred table: every axis, largest variance first. This is the table's singular value
   * decomposition: for the centred rows {@code X = U S V^T}, {@code X^T X = V S^2 V^T}, so the axes are the right
   * singular vectors {@code v_k} and {@code s_k^2 = (N-1) λ_k}.
   *
   * @param inputDim      D
   * @param samples       N
   * @param mean          column means (D)
   * @param axes          {@code D x D}, row k = unit axis k (sign convention of the class comment)
   * @param variances     λ_k in decreasing order (as computed: the last ones may be tiny or very slightly negative)
   * @param totalVariance trace(C)
   */
  public record Spectrum(int inputDim, int samples, double[] mean, double[][] axes, double[] variances,
                         double totalVariance) {
    /**
     * The number of axes whose variance exceeds {@link #RANK_TOLERANCE} times the largest: the numerical rank of the
     * centred table.
     */
    public int rank() {
      int r = 0;
      for (double v : variances) if (v > RANK_TOLERANCE * variances[0]) r++;
      return r;
    }
  }

  /** Fits on rows {@code 1..rows-1} of an item table (row 0 is padding). */
  public static Model fit(EmbeddingTable items, int d) {
    return fit(items.data(), 1, items.rows(), items.dim(), d);
  }

  /**
   * Fits on rows {@code [fromRow, toRow)} of a row-major matrix with {@code dim} columns.
   *
   * @throws IllegalArgumentException unless {@code 1 <= d <= min(rows, dim)}, there are 2+ rows, and the
   *                                  centred rows have rank {@code >= d}
   */
  public static Model fit(float[] data, int fromRow, int toRow, int dim, int d) {
    int n = toRow - fromRow;
    if (n < 2) throw new IllegalArgumentException("PCA needs at least 2 items, got " + n);
    if (d < 1 || d > Math.min(n, dim)) {
      throw new IllegalArgumentException("PCA dimension " + d + " must be in 1..min(items=" + n + ", embedding dim=" + dim + ")");
    }
    Spectrum s = spectrum(data, fromRow, toRow, dim);
    double largest = s.variances()[0];
    if (!(s.variances()[d - 1] > RANK_TOLERANCE * largest)) {
      throw new IllegalArgumentException("the item table has rank " + s.rank() + " (" + n + " items, " + dim
          + " dimensions), below the PCA dimension " + d + ": components " + (s.rank() + 1) + ".." + d + " would be"
          + " numerically zero and the collaborative view would start from a degenerate table. Most items share"
          + " a few vectors: check the item prompts with 'llmesr describe' (or use a smaller dimension)");
    }
    double trace = s.totalVariance();
    double[][] axes = Arrays.copyOf(s.axes(), d);
    double[] var = new double[d];
    double[] ratio = new double[d];
    for (int k = 0; k < d; k++) {
      var[k] = Math.max(0, s.variances()[k]);
      ratio[k] = trace > 0 ? var[k] / trace : 0;
    }
    return new Model(dim, n, s.mean(), axes, var, ratio, trace);
  }

  /**
   * The whole spectrum of rows {@code [fromRow, toRow)} of a row-major matrix with {@code dim} columns (the
   * decomposition {@link #fit} keeps the first d axes of).
   *
   * @throws IllegalArgumentException with fewer than 2 rows
   */
  public static Spectrum spectrum(float[] data, int fromRow, int toRow, int dim) {
    int n = toRow - fromRow;
    if (n < 2) throw new IllegalArgumentException("PCA needs at least 2 items, got " + n);
    double[] mean = new double[dim];
    for (int r = fromRow; r < toRow; r++) {
      int o = r * dim;
      for (int j = 0; j < dim; j++) mean[j] += data[o + j];
    }
    for (int j = 0; j < dim; j++) mean[j] /= n;
    DMatrixRMaj x = new DMatrixRMaj(n, dim);
    double[] xd = x.data;
    for (int r = 0; r < n; r++) {
      int o = (fromRow + r) * dim;
      for (int j = 0; j < dim; j++) xd[r * dim + j] = data[o + j] - mean[j];
    }
    DMatrixRMaj cov = new DMatrixRMaj(dim, dim);
    CommonOps_DDRM.multInner(x, cov);
    CommonOps_DDRM.scale(1.0 / (n - 1), cov);
    double trace = CommonOps_DDRM.trace(cov);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dim, true, true);
    if (!eig.decompose(cov.copy())) throw new IllegalStateException("eigen-decomposition did not converge");
    int m = eig.getNumberOfEigenvalues();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < m; i++) order.add(i);
    order.sort(Comparator.<Integer>comparingDouble(i -> -eig.getEigenvalue(i).getReal()).thenComparingInt(i -> i));
    double[][] axes = new double[m][];
    double[] var = new double[m];
    for (int k = 0; k < m; k++) {
      int i = order.get(k);
      DMatrixRMaj v = eig.getEigenVector(i);
      if (v == null) throw new IllegalStateException("no eigenvector for eigenvalue " + i);
      double[] a = Arrays.copyOf(v.data, dim);
      double norm = 0;
      for (double t : a) norm += t * t;
      norm = Math.sqrt(norm);
      int arg = 0;
      for (int j = 1; j < dim; j++) if (Math.abs(a[j]) > Math.abs(a[arg])) arg = j;
      double sign = a[arg] < 0 ? -1 : 1;
      for (int j = 0; j < dim; j++) a[j] = sign * a[j] / norm;
      axes[k] = a;
      var[k] = eig.getEigenvalue(i).getReal();
    }
    return new Spectrum(dim, n, mean, axes, var, trace);
  }

  /**
   * Projects every item row of {@code items} (row 0 stays zeros) into a new table of {@code d} columns with a
   * {@code pca} manifest.
   */
  public static EmbeddingTable transform(Model model, EmbeddingTable items) {
    int d = model.components();
    float[] out = new float[items.rows() * d];
    for (int r = 1; r < items.rows(); r++) {
      float[] y = model.project(items.data(), r * items.dim());
      System.arraycopy(y, 0, out, r * d, d);
    }
    EmbeddingManifest src = items.manifest();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("method", "exact eigen-decomposition of the centred covariance (EJML), not whitened");
    details.put("signConvention", "each axis flipped so that its largest-magnitude component is positive");
    details.put("sourceTable", src == null ? null : src.table());
    details.put("sourceSha256", src == null ? null : src.sha256());
    details.put("samples", model.samples());
    details.put("inputDim", model.inputDim());
    details.put("totalVariance", model.totalVariance());
    details.put("explainedVarianceRatioTotal", model.explainedVarianceRatioTotal());
    details.put("explainedVarianceRatio", model.explainedVarianceRatio());
    details.put("explainedVariance", model.explainedVariance());
    EmbeddingManifest m = new EmbeddingManifest(EmbeddingManifest.FORMAT, EmbeddingManifest.FORMAT_VERSION, "pca",
        "pca" + d + ".f32", EmbeddingManifest.DTYPE, items.rows(), d,
        "row i = item index i (1..N): PCA projection of item row i; row 0 = padding, all zeros",
        src == null ? null : src.idMap(), src == null ? null : src.encoder(), EmbeddingManifest.NONE,
        src == null ? null : src.promptTemplate(), src == null ? null : src.textsSha256(), 0, null,
        EmbedJson.createdBy(), Instant.now().toString(), details);
    return new EmbeddingTable(items.rows(), d, out, m);
  }

  /**
   * The {@code pca} step: reads {@code embeddings/items.f32}, fits, writes {@code embeddings/pca{d}.f32}.
   * Returns the written table.
   */
  public static EmbeddingTable run(Path datasetDir, int d) throws IOException {
    EmbeddingTable items = EmbeddingTables.items(datasetDir);
    EmbeddingTable t = transform(fit(items, d), items);
    EmbeddingManifest written = t.write(EmbeddingLayout.pca(datasetDir, d));
    return new EmbeddingTable(t.rows(), t.dim(), t.data(), written);
  }
}
