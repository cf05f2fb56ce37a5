package io.llmesr.model.llmesr;

import java.util.Arrays;

/**
 * The cached inputs LLM-ESR needs besides the interaction data, all produced by the {@code embed} stage and
 * read from the dataset directory by its readers; the model itself never reads files.
 *
 * <p>Rows follow the item/user indexing of {@link io.llmesr.prepare.Dataset}: item tables have {@code N+1}
 * rows with row 0 (padding) all zeros and row {@code i} = item index {@code i}; the model appends the zero
 * row {@code N+1} for BERT4Rec's mask token itself (docs/model.md §3.1: {@code M = N+2} rows).
 *
 * @param llmItems     frozen LLM item embeddings, {@code (N+1) × D}, row-major; row 0 zeros (docs/model.md §2.4)
 * @param llmDim       {@code D}, the LLM embedding dimension (1536 for ada-002, 384 for MiniLM)
 * @param pcaItems     PCA of the LLM item table, {@code (N+1) × d}, row-major; row 0 zeros (docs/model.md §2.6); may
 *                     be {@code null} only when the collaborative view is initialised randomly or absent
 * @param pcaDim       {@code d} of {@code pcaItems} (the hidden size; 64 in the paper), 0 when absent
 * @param similarUsers per user (0-based index, docs/model.md §2.5), the indices of its most similar users, most
 *                     similar first, the user itself excluded (docs/model.md §2.7); may be {@code null} when
 *                     self-distillation is off
 */
public record LlmEsrTables(float[] llmItems, int llmDim, float[] pcaItems, int pcaDim, int[][] similarUsers) {

  public LlmEsrTables {
    if (llmItems == null || llmDim < 1 || llmItems.length % llmDim != 0 || llmItems.length / llmDim < 2) {
      throw new IllegalArgumentException("LLM item table must have (N+1) x D floats with N >= 1, D >= 1");
    }
    int rows = llmItems.length / llmDim;
    checkZeroRow(llmItems, llmDim, "LLM item table");
    if (pcaItems != null) {
      if (pcaDim < 1 || pcaItems.length != (long) rows * pcaDim) {
        throw new IllegalArgumentException("PCA table has " + pcaItems.length + " floats, expected " + rows
            + " rows (same as the LLM table) x " + pcaDim);
      }
      checkZeroRow(pcaItems, pcaDim, "PCA item table");
    }
    if (similarUsers != null) {
      int u = similarUsers.length;
      for (int i = 0; i < u; i++) {
        if (similarUsers[i] == null) throw new IllegalArgumentException("similar users of user " + i + " missing");
        for (int s : similarUsers[i]) {
          if (s < 0 || s >= u) {
            throw new IllegalArgumentException("similar user " + s + " of user " + i + " is outside 0.." + (u - 1));
          }
        }
      }
    }
  }

  /** Builds the tables from per-row arrays ({@code float[N+1][D]} etc.), as the embed readers return them. */
  public static LlmEsrTables of(float[][] llmItems, float[][] pcaItems, int[][] similarUsers) {
    int d = llmItems[0].length;
    int pd = pcaItems == null ? 0 : pcaItems[0].length;
    return new LlmEsrTables(flatten(llmItems, "LLM item table"), d,
        pcaItems == null ? null : flatten(pcaItems, "PCA item table"), pd, similarUsers);
  }

  /** Number of items {@code N}. */
  public int numItems() {
    return llmItems.length / llmDim - 1;
  }

  /** Number of users with a similar-user list (0 when absent). */
  public int numUsers() {
    return similarUsers == null ? 0 : similarUsers.length;
  }

  /**
   * The first {@code n} similar users of every user (docs/model.md §2.7: the top-n, not a sample).
   *
   * @throws IllegalArgumentException if the table is absent or holds fewer than {@code n} per user
   */
  public int[][] topSimilar(int n) {
    if (similarUsers == null) throw new IllegalArgumentException("no similar-user table: run the embed stage first");
    int[][] out = new int[similarUsers.length][];
    for (int i = 0; i < similarUsers.length; i++) {
      if (similarUsers[i].length < n) {
        throw new IllegalArgumentException("user " + i + " has " + similarUsers[i].length
            + " similar users stored, " + n + " requested (--sim-users)");
      }
      out[i] = Arrays.copyOf(similarUsers[i], n);
    }
    return out;
  }

  static float[] flatten(float[][] rows, String what) {
    int d = rows[0].length;
    float[] flat = new float[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) throw new IllegalArgumentException(what + " row " + i + " has " + rows[i].length + " columns, expected " + d);
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    return flat;
  }

  private static void checkZeroRow(float[] table, int dim, String what) {
    for (int j = 0; j < dim; j++) {
      if (table[j] != 0f) throw new IllegalArgumentException(what + ": row 0 (padding) must be all zeros");
    }
  }
}
