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
 * @param kernel         how the scores were computed: {@code torch-matmul} or {@code java-blocked} (exact search),
 *                       {@code java-rescored} (HNSW candidates rescored by the plain Java loop, equal bit for bit to
 *                       {@code java-blocked})
 * @param createdBy      tool and version
 * @param createdAt      ISO-8601 instant
 * @param index          how the neighbours were searched; absent in tables written before the HNSW option (= exact)
 */
public record SimilarUsersManifest(String format, int formatVersion, int users, int k, String indices,
                                   String indicesSha256, String scores, String scoresSha256, String metric,
                                   String rowIndex, String selfExclusion, String order, String sourceTable,
                                   String sourceSha256, EmbeddingManifest.EncoderInfo encoder, String kernel, String createdBy,
                                   String createdAt, IndexInfo index) {
  public static final String FORMAT = "llmesr-similar-users";
  public static final int FORMAT_VERSION = 1;

  /**
   * The search behind the table.
   *
   * @param kind           {@code exact} (every pair scored) or {@code hnsw} (approximate: {@code docs/embeddings.md})
   * @param library        for {@code hnsw}: the library and version that built and searched the graph
   * @param m              for {@code hnsw}: links per node and layer ({@code --hnsw-m})
   * @param efConstruction for {@code hnsw}: build candidate list ({@code --hnsw-ef-construction})
   * @param efSearch       for {@code hnsw}: the query candidate list actually used ({@code --hnsw-ef-search}, at
   *                       least top + 1)
   * @param seed           for {@code hnsw}: seed of the layer assignment
   * @param buildThreads   for {@code hnsw}: threads that built the graph (1 = reproducible graph)
   * @param file           for {@code hnsw}: the stored graph, beside this manifest
   * @param fileSha256     its SHA-256
   */
  public record IndexInfo(String kind, String library, Integer m, Integer efConstruction, Integer efSearch, Long seed,
                          Integer buildThreads, String file, String fileSha256) {
    /** The exact search. */
    public static IndexInfo exact() {
      return new IndexInfo("exact", null, null, null, null, null, null, null, null);
    }
  }
}
