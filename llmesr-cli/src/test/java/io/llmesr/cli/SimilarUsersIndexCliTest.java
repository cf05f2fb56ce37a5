package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.embed.SimilarUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code similar-users --index hnsw} on the command line: the same files as the exact search (byte for byte while the
 * candidate list covers every user), a manifest naming the index, the graph reused on a rerun, the table accepted by
 * {@code train --method llmesr}; bad values refused naming the option, for {@code similar-users} and {@code serve}.
 */
class SimilarUsersIndexCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Path ds;

  @BeforeAll
  static void dataset() throws Exception {
    Path src = TinySource.write(tmp.resolve("src"), 150, 200, 5);
    ds = tmp.resolve("ds");
    ok("prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore", "--kcore", "3", "--out", ds.toString());
    ok("embed", ds.toString());
    ok("pca", ds.toString(), "--dim", "16");
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  private static void fails(String message, String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args)).isIn(1, 2);
    assertThat(r.err()).as(String.join(" ", args)).contains(message);
  }

  @Test
  void hnswWritesTheExactFilesReusesItsGraphAndTrainAcceptsThem() throws Exception {
    ok("similar-users", ds.toString(), "--top", "10", "--kernel", "java");
    byte[] idx = Files.readAllBytes(EmbeddingLayout.similarUsers(ds));
    byte[] sc = Files.readAllBytes(EmbeddingLayout.similarUserScores(ds));
    JsonNode j = JSON.readTree(ok("similar-users", ds.toString(), "--top", "10", "--index", "hnsw", "--hnsw-ef-search", "400",
        "--json").out());
    assertThat(j.get("index").asText()).isEqualTo("hnsw");
    assertThat(j.get("kernel").asText()).isEqualTo("java-rescored");
    // fewer users than the candidate list (400): every user is a candidate, so the result is the exact one
    assertThat(Files.readAllBytes(EmbeddingLayout.similarUsers(ds))).isEqualTo(idx);
    assertThat(Files.readAllBytes(EmbeddingLayout.similarUserScores(ds))).isEqualTo(sc);
    SimilarUsers.Table t = SimilarUsers.read(ds);
    assertThat(t.manifest().index().kind()).isEqualTo("hnsw");
    assertThat(t.manifest().index().m()).isEqualTo(16);
    Path graph = EmbeddingLayout.userIndex(ds);
    FileTime built = Files.getLastModifiedTime(graph);
    ok("similar-users", ds.toString(), "--top", "5", "--index", "hnsw", "--hnsw-ef-search", "20");
    assertThat(Files.getLastModifiedTime(graph)).as("graph reused").isEqualTo(built);
    assertThat(SimilarUsers.read(ds).k()).isEqualTo(5);
    assertThat(SimilarUsers.read(ds).manifest().index().efSearch()).isEqualTo(20);
    ok("similar-users", ds.toString(), "--top", "10", "--index", "hnsw");
    Path run = tmp.resolve("run");
    ok("train", ds.toString(), "--backbone", "sasrec", "--method", "llmesr", "--preset", "fast", "--epochs", "1",
        "--max-len", "20", "--set", "model.hidden_size=16", "--no-test", "--out", run.toString());
    assertThat(run.resolve("checkpoints/best/params.bin")).isNotEmptyFile();
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    String d = ds.toString();
    fails("--index must be exact or hnsw", "similar-users", d, "--index", "ivf");
    fails("--hnsw-m must be in 2..512, got 1", "similar-users", d, "--index", "hnsw", "--hnsw-m", "1");
    fails("--hnsw-ef-construction", "similar-users", d, "--index", "hnsw", "--hnsw-ef-construction", "0");
    fails("--hnsw-ef-search", "similar-users", d, "--index", "hnsw", "--hnsw-ef-search", "0");
    fails("--hnsw-m applies only with --index hnsw", "similar-users", d, "--hnsw-m", "8");
    fails("--kernel applies only with --index exact", "similar-users", d, "--index", "hnsw", "--kernel", "java");
    fails("--similar-index must be auto, exact or hnsw", "serve", tmp.resolve("no-bundle").toString(), "--similar-index", "ivf");
    fails("--hnsw-m must be in", "serve", tmp.resolve("no-bundle").toString(), "--hnsw-m", "0");
    fails("--hnsw-m applies only with --similar-index auto or hnsw", "serve", tmp.resolve("no-bundle").toString(),
        "--similar-index", "exact", "--hnsw-m", "8");
  }
}
