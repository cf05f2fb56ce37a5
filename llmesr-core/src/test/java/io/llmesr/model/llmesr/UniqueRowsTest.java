package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UniqueRowsTest {
  @Test
  void distinctIdsAscendingWithInverse() {
    UniqueRows u = UniqueRows.of(new long[] {5, 0, 5, 2, 0, 9}, 10);
    assertThat(u.unique()).containsExactly(0, 2, 5, 9);
    assertThat(u.inverse()).containsExactly(2, 0, 2, 1, 0, 3);
  }

  @Test
  void rejectsIdsOutsideTheTable() {
    assertThatThrownBy(() -> UniqueRows.of(new long[] {1, 10}, 10)).hasMessageContaining("item id 10 outside 0..9");
  }

  @Test
  void concatKeepsOrder() {
    assertThat(UniqueRows.concat(new long[] {1, 2}, new long[] {}, new long[] {3})).containsExactly(1, 2, 3);
  }
}
