package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GroupThresholdsTest {

  @Test
  void presetsAndExplicitNumbers() {
    assertThat(GroupThresholds.parse("paper-yelp")).isEqualTo(new GroupThresholds(12, 13, "paper-yelp"));
    assertThat(GroupThresholds.parse("paper-fashion")).isEqualTo(new GroupThresholds(3, 4, "paper-fashion"));
    assertThat(GroupThresholds.parse("PAPER-BEAUTY")).isEqualTo(new GroupThresholds(9, 4, "paper-beauty"));
    assertThat(GroupThresholds.parse("9/4")).isEqualTo(new GroupThresholds(9, 4, "explicit"));
    assertThat(GroupThresholds.parse("user=10,item=19")).isEqualTo(new GroupThresholds(10, 19, "explicit"));
    assertThatThrownBy(() -> GroupThresholds.parse("median")).hasMessageContaining("paper-beauty");
  }

  @Test
  void paretoOnTheTinyDataset() {
    // popularity of items 1..5: 6, 6, 4, 3, 2 -> head = top ceil(0.2*5) = 1 item -> threshold 6
    // test input lengths (validEnd) of the 6 users: 4, 2, 2, 2, 3, 5 -> head = top ceil(1.2) = 2 -> threshold 4
    GroupThresholds t = GroupThresholds.parse("pareto").resolve(EvalFixtures.tiny());
    assertThat(t).isEqualTo(new GroupThresholds(4, 6, "pareto"));
    assertThat(t.isTailItem(4)).isTrue();
    assertThat(t.isTailItem(6)).isFalse();
    assertThat(t.isTailUser(3)).isTrue();
    assertThat(t.isTailUser(4)).isFalse();
  }
}
