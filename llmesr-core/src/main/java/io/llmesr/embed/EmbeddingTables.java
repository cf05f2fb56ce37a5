package io.llmesr.embed;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Readers of a dataset directory's embedding tables, for the training and serving code. Every reader checks
 * the manifest against the file (shape and SHA-256) and throws {@link io.llmesr.data.DataFormatException}
 * naming the file when they disagree.
 */
public final class EmbeddingTables {
  private EmbeddingTables() { }

  /** {@code embeddings/items.f32}: {@code N+1} rows, row 0 = padding zeros, row i = item index i. */
  public static EmbeddingTable items(Path datasetDir) throws IOException {
    return EmbeddingTable.read(EmbeddingLayout.items(datasetDir));
  }

  /** {@code embeddings/users.f32}: {@code U} rows, row u = user index u. */
  public static EmbeddingTable users(Path datasetDir) throws IOException {
    return EmbeddingTable.read(EmbeddingLayout.users(datasetDir));
  }

  /** {@code embeddings/pca64.f32} (the paper's dimension). */
  public static EmbeddingTable pca(Path datasetDir) throws IOException {
    return pca(datasetDir, 64);
  }

  /** {@code embeddings/pca{d}.f32}: {@code N+1} rows of {@code d} columns, row 0 zeros. */
  public static EmbeddingTable pca(Path datasetDir, int d) throws IOException {
    return EmbeddingTable.read(EmbeddingLayout.pca(datasetDir, d));
  }
}
