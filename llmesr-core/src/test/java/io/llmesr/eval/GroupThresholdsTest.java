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
    // test input lengths of the 5 users with a test target: 4, 2, 2, 3, 5 -> head = top ceil(1.0) = 1 -> 5
    GroupThresholds t = GroupThresholds.parse("pareto").resolve(EvalFixtures.tiny(), 200);
    assertThat(t).isEqualTo(new GroupThresholds(5, 6, "pareto-20/80"));
    // truncated to L = 3: lengths 3, 2, 2, 3, 3 -> threshold 3
    assertThat(GroupThresholds.pareto().resolve(EvalFixtures.tiny(), 3).tailUserBelow()).isEqualTo(3);
    assertThat(t.isTailItem(4)).isTrue();
    assertThat(t.isTailItem(6)).isFalse();
    assertThat(t.isTailUser(4)).isTrue();
    assertThat(t.isTailUser(5)).isFalse();
  }
}
