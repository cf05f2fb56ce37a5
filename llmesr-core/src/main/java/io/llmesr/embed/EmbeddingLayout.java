package io.llmesr.embed;

import java.nio.file.Path;

/**
 * File names inside a dataset directory (see {@code docs/embeddings.md}):
 * <pre>
 * DATASET_DIR/embeddings/items.f32 + items.json          N+1 rows, row 0 = padding zeros, row i = item index i
 * DATASET_DIR/embeddings/users.f32 + users.json          U rows, row u = user index u
 * DATASET_DIR/embeddings/pca64.f32 + pca64.json          N+1 rows of the PCA projection (dim in the name)
 * DATASET_DIR/embeddings/similar_users.i32               U x K int32 user indices, most similar first
 * DATASET_DIR/embeddings/similar_users_scores.f32        U x K float32 cosine similarities
 * DATASET_DIR/embeddings/similar_users.json              manifest of both
 * DATASET_DIR/embeddings/similar_users.hnsw              HNSW graph over the user table (--index hnsw)
 * DATASET_DIR/embeddings/similar_users.hnsw.json         its manifest (the user table's SHA-256 and the parameters)
 * DATASET_DIR/embeddings/cache/&lt;encoder key&gt;/vectors.log   content cache (see {@link EmbeddingCache})
 * </pre>
 */
public final class EmbeddingLayout {
  private EmbeddingLayout() { }

  /** {@code DATASET_DIR/embeddings}. */
  public static Path dir(Path datasetDir) {
    return datasetDir.resolve("embeddings");
  }

  /** The item table. */
  public static Path items(Path datasetDir) {
    return dir(datasetDir).resolve("items.f32");
  }

  /** The user table. */
  public static Path users(Path datasetDir) {
    return dir(datasetDir).resolve("users.f32");
  }

  /** The PCA table of {@code d} dimensions. */
  public static Path pca(Path datasetDir, int d) {
    return dir(datasetDir).resolve("pca" + d + ".f32");
  }

  /** Similar-user indices. */
  public static Path similarUsers(Path datasetDir) {
    return dir(datasetDir).resolve("similar_users.i32");
  }

  /** Similar-user scores. */
  public static Path similarUserScores(Path datasetDir) {
    return dir(datasetDir).resolve("similar_users_scores.f32");
  }

  /** Similar-user manifest. */
  public static Path similarUsersManifest(Path datasetDir) {
    return dir(datasetDir).resolve("similar_users.json");
  }

  /** The stored HNSW graph of the user table. */
  public static Path userIndex(Path datasetDir) {
    return dir(datasetDir).resolve("similar_users.hnsw");
  }

  /** Manifest of {@link #userIndex}. */
  public static Path userIndexManifest(Path datasetDir) {
    return dir(datasetDir).resolve("similar_users.hnsw.json");
  }

  /** Root of the content cache. */
  public static Path cache(Path datasetDir) {
    return dir(datasetDir).resolve("cache");
  }
}
