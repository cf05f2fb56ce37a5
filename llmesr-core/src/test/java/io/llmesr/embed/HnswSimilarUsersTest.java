package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.ann.ClusteredVectors;
import io.llmesr.ann.Dot;
import io.llmesr.ann.HnswIndex;
import io.llmesr.ann.HnswParams;
import io.llmesr.ann.Recall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code similar-users --index hnsw}: recall against the exact search, scores and order equal to the exact search's
 * rules, byte-identical files when the candidate list covers the table, the stored graph reused for an unchanged
 * table and rebuilt for a changed one.
 */
class HnswSimilarUsersTest {
  /** Recall@10 floor against the exact search on 2,000 clustered users, default parameters. */
  static final double RECALL_FLOOR = 0.95;
  @TempDir Path dir;

  private static float[] flat(float[][] rows) {
    int dim = rows[0].length;
    float[] out = new float[rows.length * dim];
    for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, out, r * dim, dim);
    return out;
  }

  @Test
  void recallAt10AgainstTheExactSearchIsAboveTheFloorAndScoresFollowTheExactRules() {
    int rows = 2000;
    int dim = 48;
    float[] data = flat(ClusteredVectors.generate(rows, dim, 25, 1.0, 5));
    SimilarUsers.Result exact = SimilarUsers.compute(data, rows, dim, 20, 2, SimilarUsers.Kernel.JAVA);
    float[][] unit = HnswSimilarUsers.rows(SimilarUsers.normalise(data, rows, dim), rows, dim);
    HnswParams p = HnswParams.defaults();
    HnswIndex index = HnswIndex.build(unit, dim, p, 2);
    SimilarUsers.Result approx = HnswSimilarUsers.compute(unit, index, 20, p.candidates(20), 2);
    double sum = 0;
    for (int u = 0; u < rows; u++) {
      sum += Recall.atK(exact.neighbours(u), approx.neighbours(u), 10);
      int[] nb = approx.neighbours(u);
      float[] sc = approx.neighbourScores(u);
      assertThat(nb).doesNotContain(u);
      for (int i = 0; i < nb.length; i++) {
        assertThat(sc[i]).isEqualTo(Dot.dot(unit[u], unit[nb[i]]));   // the exact Java kernel's score, bit for bit
        if (i > 0) assertThat(sc[i] < sc[i - 1] || (sc[i] == sc[i - 1] && nb[i] > nb[i - 1])).isTrue();
      }
    }
    assertThat(sum / rows).as("mean recall@10").isGreaterThanOrEqualTo(RECALL_FLOOR);
  }

  @Test
  void aCandidateListCoveringTheTableGivesExactlyTheExactJavaResultWithDuplicates() {
    int rows = 300;
    int dim = 16;
    float[] data = SimilarUsersTest.random(rows, dim, 9);
    for (int c : new int[] {40, 41, 250}) System.arraycopy(data, 3 * dim, data, c * dim, dim);   // identical users
    SimilarUsers.Result exact = SimilarUsers.compute(data, rows, dim, 12, 1, SimilarUsers.Kernel.JAVA);
    float[][] unit = HnswSimilarUsers.rows(SimilarUsers.normalise(data, rows, dim), rows, dim);
    HnswIndex index = HnswIndex.build(unit, dim, new HnswParams(8, 40, rows), 1);
    SimilarUsers.Result approx = HnswSimilarUsers.compute(unit, index, 12, rows, 2);
    assertThat(approx.indices()).containsExactly(exact.indices());
    assertThat(approx.scores()).containsExactly(exact.scores());
    assertThat(approx.neighbours(3)).startsWith(40, 41, 250);
  }

  @Test
  void runHnswWritesTheExactFormatAndRecordsTheIndex() throws IOException {
    ItemUserEmbedder.embed(TestData.dataset(80, 60), new FakeEncoder(8), dir, EmbedOptions.defaults());
    SimilarUsers.Table exact = SimilarUsers.run(dir, 10, 1, SimilarUsers.Kernel.JAVA);
    assertThat(exact.manifest().index().kind()).isEqualTo("exact");
    byte[] exactIdx = Files.readAllBytes(EmbeddingLayout.similarUsers(dir));
    byte[] exactSc = Files.readAllBytes(EmbeddingLayout.similarUserScores(dir));
    SimilarUsers.Table t = SimilarUsers.runHnsw(dir, 10, 1, HnswParams.defaults(), false);
    // 60 users < the candidate list: every user is found, so the files equal the exact Java kernel's
    assertThat(Files.readAllBytes(EmbeddingLayout.similarUsers(dir))).isEqualTo(exactIdx);
    assertThat(Files.readAllBytes(EmbeddingLayout.similarUserScores(dir))).isEqualTo(exactSc);
    SimilarUsers.Table back = SimilarUsers.read(dir);
    assertThat(back.users()).isEqualTo(60);
    SimilarUsersManifest.IndexInfo info = back.manifest().index();
    assertThat(info.kind()).isEqualTo("hnsw");
    assertThat(info.library()).startsWith("lucene-core 9.12");
    assertThat(info.m()).isEqualTo(HnswParams.DEFAULT_M);
    assertThat(info.efConstruction()).isEqualTo(HnswParams.DEFAULT_EF_CONSTRUCTION);
    assertThat(info.efSearch()).isEqualTo(HnswParams.DEFAULT_EF_SEARCH);
    assertThat(info.file()).isEqualTo("similar_users.hnsw");
    assertThat(info.fileSha256()).isEqualTo(Hashing.sha256(EmbeddingLayout.userIndex(dir)));
    assertThat(back.manifest().kernel()).isEqualTo("java-rescored");
    assertThat(back.manifest().format()).isEqualTo(exact.manifest().format());
    assertThat(t.k()).isEqualTo(10);
  }

  @Test
  void theStoredGraphIsReusedForAnUnchangedTableAndRebuiltOtherwise() throws IOException {
    ItemUserEmbedder.embed(TestData.dataset(100, 80), new FakeEncoder(8), dir, EmbedOptions.defaults());
    EmbeddingTable users = EmbeddingTables.users(dir);
    float[][] unit = HnswSimilarUsers.rows(SimilarUsers.normalise(users.data(), users.rows(), users.dim()), users.rows(), users.dim());
    HnswParams p = new HnswParams(8, 40, 50);
    assertThat(UserIndexStore.loadOrBuild(dir, users, unit, p, 1).reused()).isFalse();
    Path graph = EmbeddingLayout.userIndex(dir);
    FileTime built = Files.getLastModifiedTime(graph);
    assertThat(UserIndexStore.loadOrBuild(dir, users, unit, p, 1).reused()).isTrue();
    // another efSearch only: same graph
    assertThat(UserIndexStore.loadOrBuild(dir, users, unit, new HnswParams(8, 40, 90), 1).reused()).isTrue();
    assertThat(Files.getLastModifiedTime(graph)).isEqualTo(built);
    // another m: rebuilt, and the new graph is then reused
    assertThat(UserIndexStore.loadOrBuild(dir, users, unit, new HnswParams(6, 40, 50), 1).reused()).isFalse();
    assertThat(UserIndexStore.loadOrBuild(dir, users, unit, new HnswParams(6, 40, 50), 1).reused()).isTrue();
    // a changed user table (another SHA-256): rebuilt
    float[] changed = users.data().clone();
    changed[0] += 1f;
    EmbeddingManifest cm = users.manifest();
    EmbeddingTable other = new EmbeddingTable(users.rows(), users.dim(), changed, cm.withSha256("0".repeat(64)));
    float[][] unit2 = HnswSimilarUsers.rows(SimilarUsers.normalise(changed, users.rows(), users.dim()), users.rows(), users.dim());
    UserIndexStore.Loaded rebuilt = UserIndexStore.loadOrBuild(dir, other, unit2, new HnswParams(6, 40, 50), 1);
    assertThat(rebuilt.reused()).isFalse();
    assertThat(rebuilt.manifest().sourceSha256()).isEqualTo("0".repeat(64));
    // a damaged graph file: rebuilt, not trusted
    byte[] b = Files.readAllBytes(graph);
    b[b.length - 1] ^= 1;
    Files.write(graph, b);
    assertThat(UserIndexStore.loadOrBuild(dir, other, unit2, new HnswParams(6, 40, 50), 1).reused()).isFalse();
    assertThat(UserIndexStore.loadOrBuild(dir, other, unit2, new HnswParams(6, 40, 50), 1).reused()).isTrue();
  }
}
