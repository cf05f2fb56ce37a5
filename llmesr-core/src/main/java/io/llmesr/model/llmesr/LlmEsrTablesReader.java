package io.llmesr.model.llmesr;

import java.nio.file.Path;

/**
 * Reads the cached tables LLM-ESR needs from a dataset directory (written by the embed stage).
 */
public final class LlmEsrTablesReader {
  private LlmEsrTablesReader() { }

  /**
   * @param datasetDir  the prepared dataset directory
   * @param hiddenSize  d (the PCA table must have d columns)
   * @param pca         whether to read the PCA item table
   * @param similar     whether to read the similar-user table
   */
  public static LlmEsrTables read(Path datasetDir, int hiddenSize, boolean pca, boolean similar) {
    throw new UnsupportedOperationException("embed readers not merged yet");
  }
}
