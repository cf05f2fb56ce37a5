package io.llmesr.ann;

import org.apache.lucene.util.hnsw.RandomAccessVectorValues;

/**
 * Lucene's view of our rows: ordinal {@code i} = row {@code i}, returned without a copy (the rows are never written
 * after construction, so one instance serves every thread).
 */
final class RowVectors implements RandomAccessVectorValues.Floats {
  private final float[][] rows;
  private final int dim;

  RowVectors(float[][] rows, int dim) {
    this.rows = rows;
    this.dim = dim;
  }

  @Override
  public int size() {
    return rows.length;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public float[] vectorValue(int targetOrd) {
    return rows[targetOrd];
  }

  @Override
  public RowVectors copy() {
    return this;
  }
}
