package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.DataFormatException;
import io.llmesr.prepare.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that would silently degrade a model is refused with a message that names the problem. */
class InputGuardsTest {
  @TempDir Path dir;

  @Test
  void pcaRefusesATableOfRankBelowItsDimension() {
    // five points in the plane z = 0 (rank 2 after centring): a third component would be numerically zero
    float[] data = new float[6 * 3];
    float[][] pts = {{1, 0, 0}, {0, 1, 0}, {2, 3, 0}, {-1, 4, 0}, {5, -2, 0}};
    for (int i = 0; i < pts.length; i++) System.arraycopy(pts[i], 0, data, (i + 1) * 3, 3);
    EmbeddingTable t = new EmbeddingTable(6, 3, data, null);
    assertThat(Pca.fit(t, 2).components()).isEqualTo(2);
    assertThatThrownBy(() -> Pca.fit(t, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank 2 (5 items, 3 dimensions), below the PCA dimension 3");
  }

  @Test
  void similarUsersRefusesWhenMostUsersNeighboursTieAndWritesNothing() throws IOException {
    Dataset base = TestData.dataset(12, 30);
    // every user gets the same prompt, hence the same vector: all neighbour scores are 1.0
    Dataset same = new Dataset(base.name(), base.userIds(), base.itemIds(), base.sequences(), base.trainEnd(),
        base.validEnd(), base.itemPrompts(), Collections.nCopies(30, "The user has visited following items: "));
    ItemUserEmbedder.embed(same, new FakeEncoder(6), dir, EmbedOptions.defaults().withAllowDuplicatePrompts(true));
    assertThatThrownBy(() -> SimilarUsers.run(dir, 10, 1, SimilarUsers.Kernel.JAVA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100.0% of users have top-10 neighbours whose scores all tie")
        .hasMessageContaining("--allow-degenerate");
    assertThat(EmbeddingLayout.similarUsersManifest(dir)).doesNotExist();
    assertThat(EmbeddingLayout.similarUsers(dir)).doesNotExist();
    SimilarUsers.Table t = SimilarUsers.run(dir, 10, 1, SimilarUsers.Kernel.JAVA, true);
    assertThat(t.users()).isEqualTo(30);
  }

  @Test
  void degenerateShareCountsUsersWhoseFirstTenScoresTie() {
    // 3 users, k = 12: user 0 all tied, user 1 tied in its first 10 only, user 2 strictly decreasing
    int k = 12;
    float[] scores = new float[3 * k];
    for (int p = 0; p < k; p++) {
      scores[p] = 0.5f;
      scores[k + p] = p < 10 ? 0.9f : 0.1f;
      scores[2 * k + p] = 1f - 0.01f * p;
    }
    SimilarUsers.Result r = new SimilarUsers.Result(3, k, new int[3 * k], scores);
    assertThat(SimilarUsers.degenerateShare(r)).isEqualTo(2.0 / 3);
  }

  @Test
  void anAllZeroOrNonFiniteItemRowIsRefusedByRow() throws IOException {
    ItemUserEmbedder.embed(TestData.dataset(12, 10), new FakeEncoder(5), dir, EmbedOptions.defaults());
    EmbeddingTable t = EmbeddingTables.items(dir);
    float[] data = t.data().clone();
    java.util.Arrays.fill(data, 7 * 5, 8 * 5, 0f);
    new EmbeddingTable(t.rows(), t.dim(), data, t.manifest()).write(EmbeddingLayout.items(dir));
    assertThatThrownBy(() -> EmbeddingTables.items(dir)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("items.f32").hasMessageContaining("row 7 (item index 7) is all zeros");
    data[7 * 5 + 2] = Float.NaN;
    new EmbeddingTable(t.rows(), t.dim(), data, t.manifest()).write(EmbeddingLayout.items(dir));
    assertThatThrownBy(() -> Pca.run(dir, 2)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("row 7 (item index 7) component 2 is NaN");
  }

  @Test
  void diverseUserPromptsPass() throws IOException {
    List<String> prompts = new ArrayList<>();
    for (int v = 0; v < 30; v++) prompts.add("user " + v);
    Dataset base = TestData.dataset(12, 30);
    Dataset d = new Dataset(base.name(), base.userIds(), base.itemIds(), base.sequences(), base.trainEnd(),
        base.validEnd(), base.itemPrompts(), prompts);
    assertThat(ItemUserEmbedder.embed(d, new FakeEncoder(4), dir, EmbedOptions.defaults()).users()).isEqualTo(30);
  }
}
