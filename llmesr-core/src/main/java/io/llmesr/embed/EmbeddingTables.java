package io.llmesr.embed;

import io.llmesr.data.DataFormatException;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.prepare.DatasetManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Readers of a dataset directory's embedding tables, for the training and serving code. Every reader checks
 * the manifest against the file (shape and SHA-256) and throws {@link DataFormatException} naming the file
 * when they disagree.
 *
 * <p>The item and user tables are also checked against the dataset they sit in, because a wrong table
 * would otherwise train without complaint: one row per item (plus padding) or per user of the dataset's
 * manifest; for tables an encoder made, the prompt template and the hash of the embedded texts equal to the
 * dataset's (a table embedded from another dataset's prompts is refused; imported tables carry no texts); and every row finite and not all zeros (an all-zero row has no
 * direction: its cosine to anything is undefined and its PCA projection is the mean).
 */
public final class EmbeddingTables {
  private EmbeddingTables() { }

  /** {@code embeddings/items.f32}: {@code N+1} rows, row 0 = padding zeros, row i = item index i. */
  public static EmbeddingTable items(Path datasetDir) throws IOException {
    EmbeddingTable t = EmbeddingTable.read(EmbeddingLayout.items(datasetDir));
    DatasetManifest dm = datasetManifest(datasetDir);
    if (dm != null) {
      checkAgainstDataset(EmbeddingLayout.items(datasetDir), t, dm.count("items") + 1, "items + 1 (padding row 0)",
          dm.prompts() == null ? null : dm.prompts().item(), () -> {
            List<String> p = DatasetIO.readItemPrompts(datasetDir);
            return p == null ? null : p.subList(1, p.size());
          });
    }
    checkRows(EmbeddingLayout.items(datasetDir), t, 1, "item index");
    return t;
  }

  /** {@code embeddings/users.f32}: {@code U} rows, row u = user index u. */
  public static EmbeddingTable users(Path datasetDir) throws IOException {
    EmbeddingTable t = EmbeddingTable.read(EmbeddingLayout.users(datasetDir));
    DatasetManifest dm = datasetManifest(datasetDir);
    if (dm != null) {
      checkAgainstDataset(EmbeddingLayout.users(datasetDir), t, dm.count("users"), "users",
          dm.prompts() == null ? null : dm.prompts().user(), () -> DatasetIO.readUserPrompts(datasetDir));
    }
    checkRows(EmbeddingLayout.users(datasetDir), t, 0, "user index");
    return t;
  }

  /** {@code embeddings/pca64.f32} (the paper's dimension). */
  public static EmbeddingTable pca(Path datasetDir) throws IOException {
    return pca(datasetDir, 64);
  }

  /** {@code embeddings/pca{d}.f32}: {@code N+1} rows of {@code d} columns, row 0 zeros. */
  public static EmbeddingTable pca(Path datasetDir, int d) throws IOException {
    return EmbeddingTable.read(EmbeddingLayout.pca(datasetDir, d));
  }

  private static DatasetManifest datasetManifest(Path datasetDir) throws IOException {
    return Files.isRegularFile(datasetDir.resolve(DatasetIO.MANIFEST)) ? DatasetIO.readManifest(datasetDir) : null;
  }

  /** Reads the prompts a table should have been embedded from. */
  private interface PromptSource {
    List<String> read() throws IOException;
  }

  private static void checkAgainstDataset(Path file, EmbeddingTable t, long rows, String what,
                                          DatasetManifest.Template template, PromptSource prompts)
      throws IOException {
    if (t.rows() != rows) {
      throw new DataFormatException(file, 0, null, "has " + t.rows() + " rows but the dataset has " + rows + " ("
          + what + "): the table belongs to another dataset or an older preparation; re-run `llmesr embed`");
    }
    EmbeddingManifest.PromptTemplate made = t.manifest().promptTemplate();
    if (made != null && template != null && !made.sha256().equals(template.sha256())) {
      throw new DataFormatException(file, 0, "promptTemplate", "was embedded from prompts of template '" + made.name()
          + "' but the dataset's prompts use '" + template.name() + "' (another definition): re-run `llmesr embed`");
    }
    if (made != null && t.manifest().textsSha256() != null) {
      // embedded by an encoder from this kind of prompts: they must be this dataset's prompts
      List<String> texts = prompts.read();
      if (texts != null && !Hashing.sha256Texts(texts).equals(t.manifest().textsSha256())) {
        throw new DataFormatException(file, 0, "textsSha256", "was embedded from other prompts than the dataset's"
            + " (a table of another dataset, or the dataset was prepared again): re-run `llmesr embed`");
      }
    }
  }

  /** Refuses a table with a non-finite or all-zero row at or after {@code fromRow}, naming the row. */
  static void checkRows(Path file, EmbeddingTable t, int fromRow, String rowMeaning) throws DataFormatException {
    for (int r = fromRow; r < t.rows(); r++) {
      String problem = VectorChecks.problem(t.data(), r * t.dim(), t.dim());
      if (problem != null) {
        throw new DataFormatException(file, 0, null, "row " + r + " (" + rowMeaning + " " + r + ") " + problem
            + ": the encoder or import produced an invalid vector; re-run `llmesr embed`");
      }
    }
  }
}
