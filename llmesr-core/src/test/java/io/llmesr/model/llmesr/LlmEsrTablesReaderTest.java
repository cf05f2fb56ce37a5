package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.embed.EmbeddingManifest;
import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.SimilarUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmEsrTablesReaderTest {
  @TempDir Path dir;

  /** Writes random item/user tables in the embed stage's format, then its PCA and similar-users steps. */
  static void writeTables(Path datasetDir, int items, int users, int dim, int pcaDim, int k, long seed) throws IOException {
    Random rng = new Random(seed);
    float[] it = new float[(items + 1) * dim];
    for (int i = dim; i < it.length; i++) it[i] = (float) rng.nextGaussian();
    float[] us = new float[users * dim];
    for (int i = 0; i < us.length; i++) us[i] = (float) rng.nextGaussian();
    Files.createDirectories(EmbeddingLayout.dir(datasetDir));
    table("items", items + 1, dim, it).write(EmbeddingLayout.items(datasetDir));
    table("users", users, dim, us).write(EmbeddingLayout.users(datasetDir));
    io.llmesr.embed.Pca.run(datasetDir, pcaDim);
    SimilarUsers.run(datasetDir, k, 1);
  }

  static EmbeddingTable table(String kind, int rows, int dim, float[] data) {
    EmbeddingManifest m = new EmbeddingManifest(EmbeddingManifest.FORMAT, EmbeddingManifest.FORMAT_VERSION, kind, null,
        EmbeddingManifest.DTYPE, rows, dim, "random test rows", null,
        new EmbeddingManifest.EncoderInfo("random-test", "1", dim, 0), EmbeddingManifest.NONE, null, null, 0, null,
        "test", "2026-01-01T00:00:00Z", Map.of());
    return new EmbeddingTable(rows, dim, data, m);
  }

  @Test
  void readsItemsPcaAndSimilarUsers() throws IOException {
    writeTables(dir, 20, 9, 12, 4, 3, 1);
    LlmEsrTables t = LlmEsrTablesReader.read(dir, 4, true, true);
    assertThat(t.numItems()).isEqualTo(20);
    assertThat(t.llmDim()).isEqualTo(12);
    assertThat(t.pcaDim()).isEqualTo(4);
    assertThat(t.pcaItems()).hasSize(21 * 4);
    assertThat(t.numUsers()).isEqualTo(9);
    assertThat(t.topSimilar(3)[0]).doesNotContain(0).hasSize(3);
    LlmEsrTables inference = LlmEsrTablesReader.read(dir, 4, false, false);
    assertThat(inference.pcaItems()).isNull();
    assertThat(inference.similarUsers()).isNull();
  }

  @Test
  void missingTablesNameTheFileAndTheStep() throws IOException {
    assertThatThrownBy(() -> LlmEsrTablesReader.read(dir, 4, false, false))
        .hasMessageContaining("items.f32 is missing").hasMessageContaining("embed stage");
    writeTables(dir, 20, 9, 12, 4, 3, 1);
    assertThatThrownBy(() -> LlmEsrTablesReader.read(dir, 8, true, false))
        .hasMessageContaining("pca8.f32 is missing").hasMessageContaining("8 components");
  }

  @Test
  void corruptedTableIsReportedWithItsFile() throws IOException {
    writeTables(dir, 20, 9, 12, 4, 3, 1);
    Path items = EmbeddingLayout.items(dir);
    byte[] b = Files.readAllBytes(items);
    b[100] ^= 1;
    Files.write(items, b);
    assertThatThrownBy(() -> LlmEsrTablesReader.read(dir, 4, false, false))
        .isInstanceOf(io.llmesr.data.DataFormatException.class).hasMessageContaining("items.f32").hasMessageContaining("SHA-256");
  }
}
