package io.llmesr.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.Interaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SplitTest {

  @Test
  void leaveOneOutBoundaries() {
    long[][] times = {{1}, {1, 2}, {1, 2, 3}, {1, 2, 3, 4, 5}};
    Splitter.Boundaries b = Splitter.split(new SplitSpec.LeaveOneOut(), times);
    assertThat(b.trainEnd()).containsExactly(1, 2, 1, 3);
    assertThat(b.validEnd()).containsExactly(1, 2, 2, 4);
    assertThat(b.kept()).containsOnly(true);
  }

  @Test
  void leaveOneOutTargetsOnADataset() throws Exception {
    Dataset d = Fixtures.kcore(1, false, "A a 1", "A b 2", "A c 3", "A d 4", "B a 1", "B b 2").dataset();
    assertThat(d.train(0)).containsExactly(1, 2);
    assertThat(d.validTarget(0)).isEqualTo(3);
    assertThat(d.testTarget(0)).isEqualTo(4);
    assertThat(d.evalInput(0, false)).containsExactly(1, 2);
    assertThat(d.evalInput(0, true)).containsExactly(1, 2, 3);
    assertThat(d.hasValid(1)).isFalse();
    assertThat(d.hasTest(1)).isFalse();
    assertThat(d.train(1)).containsExactly(1, 2);
  }

  /**
   * Cutoffs at timestamps 10 and 20: train t <= 10, valid 10 < t <= 20, test t > 20. C has nothing at or
   * before 10 and is removed; D has nothing after 10 and is training-only.
   */
  @Test
  void temporalSplitByTimestamps() throws Exception {
    List<Interaction> xs = Fixtures.rows(
        "A a 5", "A b 10", "A c 15", "A d 20", "A e 25", "A f 30",
        "B a 1", "B c 21",
        "C a 11", "C b 12",
        "D a 2", "D b 3");
    PreparedDataset p = Fixtures.prepare(xs, new KCoreRecipe(1, false), SplitSpec.Temporal.atTimestamps(10, 20));
    Dataset d = p.dataset();
    assertThat(d.userIds()).containsExactly("A", "B", "D");
    assertThat(d.trainEnd()).containsExactly(2, 1, 2);
    assertThat(d.validEnd()).containsExactly(4, 1, 2);
    assertThat(d.itemIds().get(d.validTarget(0))).isEqualTo("c");
    assertThat(d.itemIds().get(d.testTarget(0))).isEqualTo("e");
    assertThat(d.hasValid(1)).isFalse();
    assertThat(d.itemIds().get(d.testTarget(1))).isEqualTo("c");
    assertThat(d.hasTest(2)).isFalse();
    assertThat(p.manifest().preparation()).containsEntry("usersDroppedBySplit", 1L);
    assertThat(p.manifest().split()).containsEntry("validCutoff", 10L).containsEntry("testCutoff", 20L);
    assertThat(p.warnings()).anyMatch(w -> w.contains("1 users have no interaction at or before"));
    assertThat(p.warnings()).noneMatch(w -> w.contains("leave-one-out"));
  }

  /** 10 timestamps 1..10: quantile 0.5 -> index floor(0.5 * 9) = 4 -> t = 5; 0.8 -> index 7 -> t = 8. */
  @Test
  void temporalQuantilesResolveToTimestamps() {
    long[][] times = {{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}};
    Splitter.Boundaries b = Splitter.split(SplitSpec.Temporal.atQuantiles(0.5, 0.8), times);
    assertThat(b.validCut()).isEqualTo(5);
    assertThat(b.testCut()).isEqualTo(8);
    assertThat(b.kept()).containsExactly(true, false);
    assertThat(b.trainEnd()[0]).isEqualTo(5);
  }

  @Test
  void temporalSpecValidates() {
    assertThatThrownBy(() -> SplitSpec.Temporal.atQuantiles(0.9, 0.8)).hasMessageContaining("after test");
    assertThatThrownBy(() -> SplitSpec.Temporal.atQuantiles(0, 0.8)).hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> SplitSpec.Temporal.atTimestamps(30, 20)).hasMessageContaining("after test");
    assertThatThrownBy(() -> new SplitSpec.Temporal(0.5, null, null, 3L)).hasMessageContaining("either");
  }

  @Test
  void leaveOneOutWarnsAboutLeakage() throws Exception {
    PreparedDataset p = Fixtures.kcore(1, false, "A a 1", "A b 2", "A c 3");
    assertThat(p.warnings()).anyMatch(w -> w.contains("cross-user future information"));
  }

  /**
   * Property over random datasets: with de-duplication, no validation or test target appears in its own
   * user's training input; for every recipe and split the evaluation input is exactly the part before the
   * target and its timestamps are never later than the target's.
   */
  @RepeatedTest(20)
  void noTargetInItsOwnTrainingInput(org.junit.jupiter.api.RepetitionInfo rep) throws Exception {
    Random rnd = new Random(1000 + rep.getCurrentRepetition());
    List<Interaction> xs = new ArrayList<>();
    int users = 30 + rnd.nextInt(50);
    int items = 10 + rnd.nextInt(40);
    for (int i = 0; i < 400 + rnd.nextInt(600); i++) {
      xs.add(new Interaction("u" + rnd.nextInt(users), "i" + (int) Math.abs(rnd.nextGaussian() * items / 2),
          rnd.nextInt(60), Double.NaN));
    }
    SplitSpec[] splits = {new SplitSpec.LeaveOneOut(), SplitSpec.Temporal.atQuantiles(0.6, 0.8)};
    Recipe[] recipes = {new LlmEsrPaperRecipe(false), new KCoreRecipe(2, true), new KCoreRecipe(3, false)};
    for (Recipe recipe : recipes) {
      for (SplitSpec split : splits) {
        PreparedDataset p = Fixtures.prepare(xs, recipe, split);
        Dataset d = p.dataset();
        assertThat(d.numUsers()).as("random dataset must not be empty").isGreaterThan(5);
        for (int u = 0; u < d.numUsers(); u++) {
          long[] t = p.timestamps()[u];
          for (int j = 1; j < t.length; j++) assertThat(t[j]).isGreaterThanOrEqualTo(t[j - 1]);
          Set<Integer> train = new HashSet<>();
          for (int i : d.train(u)) train.add(i);
          if (d.hasValid(u)) {
            assertThat(d.evalInput(u, false)).containsExactly(d.train(u));
            assertThat(d.sequences()[u][d.trainEnd()[u]]).isEqualTo(d.validTarget(u));
            for (int j = 0; j < d.trainEnd()[u]; j++) assertThat(t[j]).isLessThanOrEqualTo(t[d.trainEnd()[u]]);
            if (recipe instanceof KCoreRecipe k && k.dedup()) assertThat(train).doesNotContain(d.validTarget(u));
          }
          if (d.hasTest(u)) {
            assertThat(d.evalInput(u, true)).hasSize(d.validEnd()[u]);
            for (int j = 0; j < d.validEnd()[u]; j++) assertThat(t[j]).isLessThanOrEqualTo(t[d.validEnd()[u]]);
            if (recipe instanceof KCoreRecipe k && k.dedup()) {
              assertThat(train).doesNotContain(d.testTarget(u));
              assertThat(d.evalInput(u, true)).doesNotContain(d.testTarget(u));
            }
          }
          if (split instanceof SplitSpec.Temporal) {
            long vc = (Long) p.manifest().split().get("validCutoff");
            long tc = (Long) p.manifest().split().get("testCutoff");
            assertThat(d.trainEnd()[u]).isPositive();
            for (int j = 0; j < t.length; j++) {
              if (j < d.trainEnd()[u]) assertThat(t[j]).isLessThanOrEqualTo(vc);
              else if (j < d.validEnd()[u]) assertThat(t[j]).isGreaterThan(vc).isLessThanOrEqualTo(tc);
              else assertThat(t[j]).isGreaterThan(tc);
            }
          }
        }
      }
    }
  }
}
