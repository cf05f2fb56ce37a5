package io.llmesr.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.ann.ClusteredVectors;
import io.llmesr.ann.HnswParams;
import io.llmesr.ann.Recall;
import io.llmesr.eval.TopK;
import org.junit.jupiter.api.Test;

/**
 * Similar items through the HNSW graph: the exact scan's top-1 on a near-duplicate item, recall against the scan,
 * scores equal to the scan's, and the choice between scan and graph.
 */
class SimilarItemsTest {
  static final int N = 3000;
  static final int D = 32;

  /** N unit rows (row i−1 = item i), item 2 a near-duplicate of item 1 (tiny noise on each component). */
  static float[] catalogue() {
    float[][] rows = ClusteredVectors.generate(N, D, 30, 1.0, 21);
    for (int k = 0; k < D; k++) rows[1][k] = rows[0][k] + (k % 2 == 0 ? 1e-3f : -1e-3f);
    rows[1] = BundleRecommender.normalised(rows[1]);
    float[] unit = new float[N * D];
    for (int i = 0; i < N; i++) System.arraycopy(rows[i], 0, unit, i * D, D);
    return unit;
  }

  private static int[] top(SimilarItems s, float[] unit, int item, int k) {
    float[] v = java.util.Arrays.copyOfRange(unit, (item - 1) * D, item * D);
    float[] row = new float[N + 1];
    row[0] = Float.NEGATIVE_INFINITY;
    s.score(v, k, row);
    int[] stamp = new int[N + 1];
    stamp[item] = 1;
    return TopK.select(row, k, stamp, 1, -1);
  }

  @Test
  void theGraphFindsTheExactTopOneOfANearDuplicateAndKeepsRecall() {
    float[] unit = catalogue();
    SimilarItems exact = new SimilarItems(unit, N, D, new SimilarIndex(SimilarIndex.Kind.EXACT, HnswParams.defaults()));
    SimilarItems graph = new SimilarItems(unit, N, D, new SimilarIndex(SimilarIndex.Kind.HNSW, new HnswParams(16, 100, 40)));
    assertThat(exact.indexed()).isFalse();
    assertThat(graph.indexed()).isTrue();
    assertThat(top(exact, unit, 1, 10)[0]).isEqualTo(2);
    assertThat(top(graph, unit, 1, 10)[0]).isEqualTo(2);
    assertThat(top(graph, unit, 2, 10)[0]).isEqualTo(1);
    double sum = 0;
    for (int item = 1; item <= 300; item++) sum += Recall.atK(top(exact, unit, item, 10), top(graph, unit, item, 10), 10);
    assertThat(sum / 300).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void filledScoresAreTheScansScoresAndTheRestIsMinusInfinity() {
    float[] unit = catalogue();
    SimilarItems graph = new SimilarItems(unit, N, D, new SimilarIndex(SimilarIndex.Kind.HNSW, new HnswParams(16, 100, 40)));
    float[] v = java.util.Arrays.copyOfRange(unit, 0, D);
    float[] row = new float[N + 1];
    graph.score(v, 10, row);
    int filled = 0;
    for (int t = 1; t <= N; t++) {
      if (row[t] == Float.NEGATIVE_INFINITY) continue;
      filled++;
      assertThat(row[t]).isEqualTo(BundleRecommender.dot(unit, (t - 1) * D, v));
    }
    assertThat(filled).isEqualTo(40);
  }

  @Test
  void autoUsesTheGraphOnlyForLargeCataloguesAndBadKindsAreRefused() {
    SimilarIndex auto = SimilarIndex.defaults();
    assertThat(auto.usesGraph(SimilarIndex.AUTO_MIN_ITEMS - 1)).isFalse();
    assertThat(auto.usesGraph(SimilarIndex.AUTO_MIN_ITEMS)).isTrue();
    assertThat(new SimilarIndex(SimilarIndex.Kind.EXACT, HnswParams.defaults()).usesGraph(10_000_000)).isFalse();
    assertThat(new SimilarIndex(SimilarIndex.Kind.HNSW, HnswParams.defaults()).usesGraph(5)).isTrue();
    assertThat(SimilarIndex.kind("HNSW")).isEqualTo(SimilarIndex.Kind.HNSW);
    assertThatThrownBy(() -> SimilarIndex.kind("ivf")).hasMessageContaining("--similar-index").hasMessageContaining("ivf");
  }
}
