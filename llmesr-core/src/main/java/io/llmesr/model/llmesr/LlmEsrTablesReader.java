package io.llmesr.model.llmesr;

import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.EmbeddingTables;
import io.llmesr.embed.SimilarUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the cached tables LLM-ESR needs from a dataset directory, as the embed stage wrote them
 * ({@code embeddings/items.f32}, {@code embeddings/pca{d}.f32}, {@code embeddings/similar_users.i32}; see
 * {@code docs/embeddings.md}). Each reader verifies shape and SHA-256 against its manifest. Nothing here calls a
 * text encoder: inference uses only these stored tables and the trained weights.
 */
public final class LlmEsrTablesReader {
  private LlmEsrTablesReader() { }

  /**
   * @param datasetDir  the prepared dataset directory
   * @param hiddenSize  d (the PCA table read is {@code pca{d}.f32})
   * @param pca         whether to read the PCA item table
   * @param similar     whether to read the similar-user table
   * @throws IllegalArgumentException naming the missing file and the command that creates it
   * @throws UncheckedIOException     on I/O errors and malformed tables (the cause names the file)
   */
  public static LlmEsrTables read(Path datasetDir, int hiddenSize, boolean pca, boolean similar) {
    try {
      require(EmbeddingLayout.items(datasetDir), "the embed stage (llmesr embed)");
      EmbeddingTable items = EmbeddingTables.items(datasetDir);
      float[] pcaRows = null;
      int pcaDim = 0;
      if (pca) {
        require(EmbeddingLayout.pca(datasetDir, hiddenSize), "the PCA step of the embed stage, with " + hiddenSize + " components");
        EmbeddingTable p = EmbeddingTables.pca(datasetDir, hiddenSize);
        if (p.rows() != items.rows()) {
          throw new IllegalArgumentException(EmbeddingLayout.pca(datasetDir, hiddenSize) + " has " + p.rows()
              + " rows but " + EmbeddingLayout.items(datasetDir) + " has " + items.rows() + ": recompute the PCA");
        }
        pcaRows = p.data();
        pcaDim = p.dim();
      }
      int[][] sim = null;
      if (similar) {
        require(EmbeddingLayout.similarUsersManifest(datasetDir), "the similar-users step of the embed stage");
        sim = SimilarUsers.read(datasetDir).indices();
      }
      return new LlmEsrTables(items.data(), items.dim(), pcaRows, pcaDim, sim);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * The LLM item table alone, for a method that reads only it (baselines {@code rlmrec-con}, {@code rlmrec-gen},
   * {@code alphafuse}), checked against the dataset's item count.
   *
   * @param method     the method, named in the errors
   * @param datasetDir the prepared dataset directory (null: an error naming the method)
   * @param numItems   N of the model
   * @throws IllegalArgumentException naming the file when it is missing or belongs to another dataset
   */
  public static LlmEsrTables llmItems(String method, Path datasetDir, int numItems) {
    if (datasetDir == null) {
      throw new IllegalArgumentException("method " + method + " needs the dataset directory (it holds the LLM item table)");
    }
    LlmEsrTables tables = read(datasetDir, 1, false, false);
    if (tables.numItems() != numItems) {
      throw new IllegalArgumentException(EmbeddingLayout.items(datasetDir) + " has " + tables.numItems()
          + " items but the dataset has " + numItems + ": it belongs to another dataset");
    }
    return tables;
  }

  private static void require(Path file, String command) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(file + " is missing: LLM-ESR needs the cached LLM tables; create it with "
          + command);
    }
  }
}
