package io.llmesr.embed;

/**
 * {@code embeddings/similar_users.json}: describes {@code similar_users.i32} (U×K int32 user indices) and
 * {@code similar_users_scores.f32} (U×K float32 cosines), both little-endian, row-major, no header.
 *
 * @param format         always {@value #FORMAT}
 * @param formatVersion  {@value #FORMAT_VERSION}
 * @param users          U
 * @param k              neighbours per user
 * @param indices        file name of the index table
 * @param indicesSha256  its SHA-256
 * @param scores         file name of the score table
 * @param scoresSha256   its SHA-256
 * @param metric         {@code cosine}
 * @param rowIndex       what row u holds
 * @param selfExclusion  how the user itself is left out
 * @param order          sort order and tie rule
 * @param sourceTable    the user table the neighbours were computed from
 * @param sourceSha256   its SHA-256
 * @param encoder        the encoder of the user table
 * @param kernel         {@code torch-matmul} or {@code java-blocked}
 * @param createdBy      tool and version
 * @param createdAt      ISO-8601 instant
 */
public record SimilarUsersManifest(String format, int formatVersion, int users, int k, String indices,
                                   String indicesSha256, String scores, String scoresSha256, String metric,
                                   String rowIndex, String selfExclusion, String order, String sourceTable,
                                   String sourceSha256, EmbeddingManifest.EncoderInfo encoder, String kernel, String createdBy,
                                   String createdAt) {
  public static final String FORMAT = "llmesr-similar-users";
  public static final int FORMAT_VERSION = 1;
}
