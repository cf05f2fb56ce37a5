package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void bestFirstTiesByLowerIndexHistorySkippedTargetKept() {
    //             item:  0    1   2   3   4   5   6
    float[] scores = {99f, 3f, 5f, 5f, 9f, 1f, 5f};
    int[] excluded = new int[7];
    excluded[4] = 7;  // item 4 is in user 7's history
    excluded[2] = 7;  // so is item 2, but it is the target
    assertThat(TopK.select(scores, 3, excluded, 7, 2)).containsExactly(2, 3, 6);
    assertThat(TopK.select(scores, 5, excluded, 7, 2)).containsExactly(2, 3, 6, 1, 5);
    // another user's stamp excludes nothing here
    assertThat(TopK.select(scores, 2, excluded, 8, 1)).containsExactly(4, 2);
  }

  @Test
  void fewerItemsThanKGiveAShorterList() {
    float[] scores = {0f, 1f, 2f, 3f};
    int[] excluded = {0, 1, 1, 0};
    assertThat(TopK.select(scores, 10, excluded, 1, 3)).containsExactly(3);
  }

  @Test
  void constantScoresListTheLowestIndices() {
    float[] scores = new float[50];
    assertThat(TopK.select(scores, 4, new int[50], 1, 30)).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aRowOfAScoreMatrixSelectsAsItsOwnArray() {
    // row-major 2×3 matrix of items 1..3; row 1 holds the scores 5, 9, 5 of items 1, 2, 3
    float[] matrix = {7f, 1f, 2f, 5f, 9f, 5f};
    int[] excluded = new int[4];
    excluded[2] = 3;
    assertThat(TopK.select(matrix, 3 - 1, 3, 2, excluded, 1, -1)).containsExactly(2, 1);
    assertThat(TopK.select(matrix, 3 - 1, 3, 3, excluded, 3, -1)).containsExactly(1, 3);
    assertThat(TopK.select(matrix, 0 - 1, 3, 3, excluded, 1, -1))
        .containsExactly(TopK.select(new float[] {0f, 7f, 1f, 2f}, 3, excluded, 1, -1));
  }
}
