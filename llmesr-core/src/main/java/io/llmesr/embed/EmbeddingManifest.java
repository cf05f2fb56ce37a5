package io.llmesr.embed;

import java.util.Map;

/**
 * The JSON manifest beside every embedding table ({@code items.json} beside {@code items.f32}; see
 * {@code docs/embeddings.md}). It says what the rows are, which encoder made them, and carries the
 * SHA-256 of the table so that a reader can detect a table and manifest that disagree.
 *
 * @param format         always {@value #FORMAT}
 * @param formatVersion  {@value #FORMAT_VERSION}
 * @param kind           {@code items}, {@code users} or {@code pca}
 * @param table          file name of the table, relative to the manifest
 * @param dtype          always {@value #DTYPE}: float32, little-endian, row-major, no header
 * @param rows           number of rows
 * @param dim            floats per row
 * @param rowIndex       what row {@code r} means, in words
 * @param idMap          file (relative to the dataset directory) mapping row indices to raw ids, or null
 * @param encoder        the encoder that produced the vectors (for {@code pca}: the source encoder)
 * @param normalisation  {@code l2} (every non-padding row has unit Euclidean norm) or {@code none}
 * @param promptTemplate the prompt template (name and SHA-256 of its definition), when known
 * @param textsSha256    SHA-256 over the embedded texts in row order (see {@link Hashing#sha256Texts}), or
 *                       of the imported file for imports
 * @param truncatedTexts how many rows were embedded from a text cut to the encoder's token limit
 * @param sha256         SHA-256 of the table file's bytes
 * @param createdBy      tool and version
 * @param createdAt      ISO-8601 instant
 * @param details        step-specific facts (PCA: explained variance; import: source file)
 */
public record EmbeddingManifest(String format, int formatVersion, String kind, String table, String dtype, int rows,
                                int dim, String rowIndex, String idMap, EncoderInfo encoder, String normalisation,
                                PromptTemplate promptTemplate, String textsSha256, int truncatedTexts, String sha256,
                                String createdBy, String createdAt, Map<String, Object> details) {
  public static final String FORMAT = "llmesr-embedding-table";
  public static final int FORMAT_VERSION = 1;
  public static final String DTYPE = "float32-le";
  public static final String L2 = "l2";
  public static final String NONE = "none";

  /** Identity of an encoder. {@code maxTokens} 0 = unknown. */
  public record EncoderInfo(String name, String version, int dimension, int maxTokens) {
    /** The cache key of this encoder's vector space. */
    public String key() {
      return Hashing.encoderKey(name, version, dimension);
    }

    /** Describes {@code e} without loading anything beyond what {@link TextEncoder#dimension()} needs. */
    public static EncoderInfo of(TextEncoder e) {
      return new EncoderInfo(e.name(), e.version(), e.dimension(), e.maxTokens());
    }
  }

  /** A prompt template's name and the SHA-256 of its definition. */
  public record PromptTemplate(String name, String sha256) { }

  /** A copy with {@code sha256} set (used when the table is written). */
  public EmbeddingManifest withSha256(String newSha) {
    return new EmbeddingManifest(format, formatVersion, kind, table, dtype, rows, dim, rowIndex, idMap, encoder,
        normalisation, promptTemplate, textsSha256, truncatedTexts, newSha, createdBy, createdAt, details);
  }

  /** A copy with {@code table} set to the given file name. */
  public EmbeddingManifest withTable(String newTable) {
    return new EmbeddingManifest(format, formatVersion, kind, newTable, dtype, rows, dim, rowIndex, idMap, encoder,
        normalisation, promptTemplate, textsSha256, truncatedTexts, sha256, createdBy, createdAt, details);
  }
}
