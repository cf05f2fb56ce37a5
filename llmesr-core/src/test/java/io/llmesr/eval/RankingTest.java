package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {

  @Test
  void pessimisticRankCountsEqualScoresAgainstTheTarget() {
    // target 0.5; one higher (0.9), two equal (0.5, 0.5), one lower -> rank 1 + 2 = 3
    assertThat(Ranking.rankOfFirst(new float[] {0.5f, 0.9f, 0.5f, 0.1f, 0.5f}, 0)).isEqualTo(3);
    assertThat(Ranking.rankOfFirst(new float[] {2f, 1f, 0f, -1f}, 0)).isZero();
    assertThat(Ranking.rankOfFirst(new float[] {1f}, 0)).isZero();
  }

  @Test
  void handComputedMetricTableWithTies() {
    // user A: rank 3 (1 higher + 2 ties); user B: 12 ties, rest lower -> rank 12; user C: strictly best -> 0
    float[] a = {0.5f, 0.9f, 0.5f, 0.1f, 0.5f};
    float[] b = new float[101];
    Arrays.fill(b, 0f);
    b[0] = 1f;
    for (int j = 1; j <= 12; j++) b[j] = 1f;
    float[] c = new float[101];
    Arrays.fill(c, 1f);
    c[0] = 2f;
    int[] ranks = {Ranking.rankOfFirst(a, 0), Ranking.rankOfFirst(b, 1), Ranking.rankOfFirst(c, 2)};
    assertThat(ranks).containsExactly(3, 12, 0);

    GroupMetrics m = GroupMetrics.of(List.of(5, 10, 20), ranks);
    assertThat(m.n()).isEqualTo(3);
    // HR@5 = HR@10 = (1 + 0 + 1)/3; HR@20 = 3/3
    assertThat(m.hr(5)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.hr(10)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.hr(20)).isCloseTo(1.0, within(1e-12));
    // NDCG@5 = NDCG@10 = (1/log2(5) + 0 + 1/log2(2)) / 3 = (0.430676558 + 1) / 3
    assertThat(m.ndcg(5)).isCloseTo(0.47689218602446437, within(1e-12));
    assertThat(m.ndcg(10)).isCloseTo(0.47689218602446437, within(1e-12));
    // NDCG@20 = (1/log2(5) + 1/log2(14) + 1) / 3 = (0.430676558 + 0.262649535 + 1) / 3
    assertThat(m.ndcg(20)).isCloseTo(0.5644420310368622, within(1e-12));
    // MRR = (1/4 + 1/13 + 1) / 3
    assertThat(m.mrr()).isCloseTo(0.4423076923076923, within(1e-12));
    assertThat(m.metric("NDCG@20")).isEqualTo(m.ndcg(20));
    assertThat(m.metricNames()).containsExactly("HR@5", "HR@10", "HR@20", "NDCG@5", "NDCG@10", "NDCG@20", "MRR");
  }

  @Test
  void constantScoresNeverHit() {
    float[] same = new float[101];
    Arrays.fill(same, 0.25f);
    int rank = Ranking.rankOfFirst(same, 0);
    assertThat(rank).isEqualTo(100);
    GroupMetrics m = GroupMetrics.of(List.of(5, 10, 20), new int[] {rank});
    assertThat(m.hr(10)).isZero();
    assertThat(m.ndcg(10)).isZero();
    assertThat(m.mrr()).isCloseTo(1.0 / 101, within(1e-15));
  }

  @Test
  void fullRankSkipsExcludedItemsButNeverTheTarget() {
    // items 1..6; scores: history items 1,2,3 highest, item 5 above target 4, item 6 below
    float[] s = {0f, 9f, 8f, 7f, 5f, 6f, 1f};
    int[] stamp = new int[7];
    stamp[1] = stamp[2] = stamp[3] = 1;
    assertThat(Ranking.rankInFull(s, 4, stamp, 1, 0)).isEqualTo(1);
    assertThat(Ranking.rankInFull(s, 4, stamp, 2, 0)).isEqualTo(4); // another user's stamp: nothing excluded
    stamp[4] = 1; // even if flagged, the target is not skipped nor counted
    assertThat(Ranking.rankInFull(s, 4, stamp, 1, 0)).isEqualTo(1);
  }

  @Test
  void nanScoresAreAnError() {
    assertThatThrownBy(() -> Ranking.rankOfFirst(new float[] {Float.NaN, 1f}, 7))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NaN").hasMessageContaining("user 7");
    assertThatThrownBy(() -> Ranking.rankOfFirst(new float[] {1f, 0f, Float.NaN}, 7))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("candidate 2");
    assertThatThrownBy(() -> Ranking.rankInFull(new float[] {0f, 1f, Float.NaN, 0.5f}, 1, new int[4], 1, 3))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("item 2");
  }

  @Test
  void emptyGroupHasNanMetrics() {
    GroupMetrics m = GroupMetrics.of(List.of(10), new int[0]);
    assertThat(m.n()).isZero();
    assertThat(m.hr(10)).isNaN();
    assertThat(m.mrr()).isNaN();
  }
}
