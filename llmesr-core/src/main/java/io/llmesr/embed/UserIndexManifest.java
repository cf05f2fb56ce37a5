package io.llmesr.embed;

/**
 * {@code embeddings/similar_users.hnsw.json}: what the stored HNSW graph of the user table was built from. The
 * graph is reused only when the user table's SHA-256, its shape and the build parameters all match.
 *
 * @param format         always {@value #FORMAT}
 * @param users          rows of the user table
 * @param dim            its dimension
 * @param m              links per node and layer
 * @param efConstruction build candidate list
 * @param seed           layer-assignment seed
 * @param buildThreads   threads that built it (1 = reproducible)
 * @param library        library and version that built it
 * @param graph          file name of the graph
 * @param graphSha256    its SHA-256
 * @param sourceTable    the user table
 * @param sourceSha256   its SHA-256 (from its manifest, verified when the table is read)
 * @param createdBy      tool and version
 * @param createdAt      ISO-8601 instant
 */
public record UserIndexManifest(String format, int users, int dim, int m, int efConstruction, long seed,
                                int buildThreads, String library, String graph, String graphSha256, String sourceTable,
                                String sourceSha256, String createdBy, String createdAt) {
  public static final String FORMAT = "llmesr-hnsw-index";
}
