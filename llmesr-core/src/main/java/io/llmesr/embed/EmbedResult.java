package io.llmesr.embed;

/**
 * What {@link ItemUserEmbedder} or {@link EmbeddingImport} did.
 *
 * @param items          item rows with a vector ({@code N}; the table has {@code N+1} rows)
 * @param users          user rows ({@code U}), 0 when no user table was made
 * @param dim            vector length
 * @param embedded       texts actually sent to the encoder in this run (distinct texts)
 * @param reused         distinct texts found in the cache
 * @param truncatedItems item rows whose text was cut to the encoder's token limit
 * @param truncatedUsers user rows whose text was cut
 * @param tablesWritten  false when the existing tables were already up to date
 * @param normalisation  {@code l2} or {@code none} (see {@link EmbeddingManifest#normalisation()})
 * @param encoder        encoder name and version
 * @param seconds        wall time
 */
public record EmbedResult(int items, int users, int dim, int embedded, int reused, int truncatedItems,
                          int truncatedUsers, boolean tablesWritten, String normalisation, String encoder,
                          double seconds) { }
