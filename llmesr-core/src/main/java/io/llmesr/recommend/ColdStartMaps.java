package io.llmesr.recommend;

import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.Pca;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The two ways an item added after training gets its collaborative (id-table) vector from its LLM vector x
 * (docs/serving.md, "New items"):
 * <ul>
 *   <li><b>pca</b>: {@code c = (x − m) V_dᵀ}, the PCA projection LLM-ESR initialises its id table with (paper §3.1),
 *       i.e. where a trained item would have started;</li>
 *   <li><b>regression</b>: {@code c = [x ; 1] W}, a ridge regression fitted at export from the trained items' LLM
 *       vectors to their trained collaborative vectors: {@code W = argmin Σ_j ‖[x_j;1]W − c_j‖² + λ‖W‖²} (intercept
 *       not penalised), solved as {@code (XᵀX + λI')W = XᵀC}. The only choice for a plain backbone, whose id table
 *       starts random.</li>
 * </ul>
 */
final class ColdStartMaps {
  private ColdStartMaps() { }

  /** A row-major float matrix and what it is. */
  record Matrix(int rows, int cols, float[] data, String meaning) { }

  /**
   * The ridge map from the LLM vectors of items 1..N ({@code llm} rows 1..N) to {@code trained} ({@code N×c}):
   * a {@code (D+1)×c} matrix whose last row is the intercept.
   */
  static Matrix fitRidge(EmbeddingTable llm, float[] trained, int c, double lambda) {
    int n = llm.rows() - 1;
    int dim = llm.dim();
    DMatrixRMaj x = new DMatrixRMaj(n, dim + 1);
    DMatrixRMaj y = new DMatrixRMaj(n, c);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dim; j++) x.set(i, j, llm.data()[(i + 1) * dim + j]);
      x.set(i, dim, 1.0);
      for (int j = 0; j < c; j++) y.set(i, j, trained[i * c + j]);
    }
    DMatrixRMaj xtx = new DMatrixRMaj(dim + 1, dim + 1);
    CommonOps_DDRM.multInner(x, xtx);
    for (int j = 0; j < dim; j++) xtx.add(j, j, lambda);
    DMatrixRMaj xty = new DMatrixRMaj(dim + 1, c);
    CommonOps_DDRM.multTransA(x, y, xty);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(dim + 1);
    if (!solver.setA(xtx)) throw new IllegalStateException("ridge system is singular");
    DMatrixRMaj w = new DMatrixRMaj(dim + 1, c);
    solver.solve(xty, w);
    float[] out = new float[(dim + 1) * c];
    for (int i = 0; i < out.length; i++) out[i] = (float) w.data[i];
    return new Matrix(dim + 1, c, out, "ridge map (lambda " + lambda + ") from LLM vectors [x;1] to trained collaborative"
        + " vectors; rows 0..D-1 weights, row D intercept");
  }

  /** The PCA basis: row 0 the mean, rows 1..d the axes ({@code (d+1)×D}). */
  static Matrix pcaBasis(Pca.Model pca) {
    int dim = pca.inputDim();
    int d = pca.components();
    float[] out = new float[(d + 1) * dim];
    for (int j = 0; j < dim; j++) out[j] = (float) pca.mean()[j];
    for (int k = 0; k < d; k++) for (int j = 0; j < dim; j++) out[(k + 1) * dim + j] = (float) pca.axes()[k][j];
    return new Matrix(d + 1, dim, out, "PCA basis of the LLM item table: row 0 the mean, rows 1..d the axes");
  }

  /** {@code (x − m) V_dᵀ} with a {@link #pcaBasis}, computed in double as {@link Pca.Model#project}. */
  static float[] projectPca(Matrix basis, float[] x) {
    int dim = basis.cols();
    int d = basis.rows() - 1;
    float[] y = new float[d];
    for (int k = 0; k < d; k++) {
      double s = 0;
      for (int j = 0; j < dim; j++) s += ((double) x[j] - basis.data()[j]) * basis.data()[(k + 1) * dim + j];
      y[k] = (float) s;
    }
    return y;
  }

  /** {@code [x ; 1] W} with a {@link #fitRidge} map. */
  static float[] applyRidge(Matrix w, float[] x) {
    int dim = w.rows() - 1;
    int c = w.cols();
    float[] y = new float[c];
    for (int k = 0; k < c; k++) {
      double s = w.data()[dim * c + k];
      for (int j = 0; j < dim; j++) s += (double) x[j] * w.data()[j * c + k];
      y[k] = (float) s;
    }
    return y;
  }
}
