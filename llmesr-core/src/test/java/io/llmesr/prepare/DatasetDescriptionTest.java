package io.llmesr.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statistics on a tiny dataset computed by hand. Users (items 1..5), leave-one-out:
 * <pre>
 * u0: 1 2 3 4     train 1 2,   valid 3, test 4   test input length 3
 * u1: 1 2 1       train 1,     valid 2, test 1   test input length 2
 * u2: 1 5         all train (n < 3)
 * u3: 2 3 4 1 5   train 2 3 4, valid 1, test 5   test input length 4
 * </pre>
 * 14 interactions; sparsity 1 − 14/20 = 0.3. Popularity (distinct users): 1→4, 2→3, 3→2, 4→2, 5→2.
 * Gini: ascending 2 2 2 3 4, weights −4 −2 0 2 4: (−8 −4 +0 +6 +16)/(5·13) = 10/65.
 * 20/80: items: ceil(0.2·5) = 1st most popular has 4 → tail if popularity < 4 (4 tail, 1 head);
 * users with a test target have input lengths 4 3 2 → ceil(0.2·3) = 1st → tail if length < 4 (u0, u1).
 */
class DatasetDescriptionTest {
  static Dataset tiny() {
    return new Dataset("tiny", List.of("u0", "u1", "u2", "u3"), Arrays.asList(null, "a", "b", "c", "d", "e"),
        new int[][] {{1, 2, 3, 4}, {1, 2, 1}, {1, 5}, {2, 3, 4, 1, 5}},
        new int[] {2, 1, 2, 3}, new int[] {3, 2, 2, 4}, null, null);
  }

  @Test
  void handComputedNumbers() {
    DatasetDescription s = DatasetDescription.of(tiny(), LongTailThresholds.explicit(3, 3));
    assertThat(s.users()).isEqualTo(4);
    assertThat(s.items()).isEqualTo(5);
    assertThat(s.interactions()).isEqualTo(14);
    assertThat(s.sparsity()).isCloseTo(0.3, within(1e-12));
    assertThat(s.giniItemPopularity()).isCloseTo(10.0 / 65.0, within(1e-12));
    assertThat(s.sequenceLength().min()).isEqualTo(2);
    assertThat(s.sequenceLength().max()).isEqualTo(5);
    assertThat(s.sequenceLength().mean()).isEqualTo(3.5);
    assertThat(s.sequenceLength().median()).isEqualTo(3.5);
    assertThat(s.sequenceLength().p25()).isEqualTo(2.75);
    assertThat(s.itemPopularity().median()).isEqualTo(2);
    assertThat(s.train()).isEqualTo(new DatasetDescription.SplitStats(4, 8, 5));
    assertThat(s.valid()).isEqualTo(new DatasetDescription.SplitStats(3, 3, 3));
    assertThat(s.test()).isEqualTo(new DatasetDescription.SplitStats(3, 3, 3));

    DatasetDescription.Groups pareto = s.paretoGroups();
    assertThat(pareto.thresholds()).isEqualTo(new LongTailThresholds(4, 4, "pareto-20/80"));
    assertThat(pareto.evaluatedUsers()).isEqualTo(3);
    assertThat(pareto.tailUsers()).isEqualTo(2);
    assertThat(pareto.headUsers()).isEqualTo(1);
    assertThat(pareto.tailItems()).isEqualTo(4);
    assertThat(pareto.headItems()).isEqualTo(1);
    assertThat(pareto.tailTestTargets()).isEqualTo(2); // targets 4 (pop 2), 1 (pop 4), 5 (pop 2)
    assertThat(pareto.tailInteractionShare()).isCloseTo(9.0 / 14.0, within(1e-12));

    DatasetDescription.Groups explicit = s.explicitGroups();
    assertThat(explicit.tailUsers()).isEqualTo(1); // only u1 has input length < 3
    assertThat(explicit.tailItems()).isEqualTo(3); // items 3, 4, 5
    assertThat(explicit.tailTestTargets()).isEqualTo(2);
    assertThat(s.toTable()).contains("users", "14", "tail user: input length < 4");
  }

  @Test
  void giniEdgeCases() {
    assertThat(DatasetDescription.gini(new int[] {5, 5, 5})).isEqualTo(0.0);
    assertThat(DatasetDescription.gini(new int[] {0, 0, 0, 8})).isCloseTo(0.75, within(1e-12));
    assertThat(DatasetDescription.gini(new int[0])).isEqualTo(0.0);
  }

  @Test
  void paretoTiesGoToTheHead() {
    // 10 values: the head cut is the 2nd largest. With ties at 5 the head holds 8 of 10 values.
    assertThat(LongTailThresholds.headCut(new int[] {1, 1, 5, 5, 5, 5, 5, 5, 5, 9})).isEqualTo(5);
    assertThat(LongTailThresholds.headCut(new int[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1})).isEqualTo(9);
    assertThat(LongTailThresholds.headCut(new int[] {3})).isEqualTo(3);
    assertThat(LongTailThresholds.headCut(new int[0])).isEqualTo(0);
  }
}
