package io.llmesr.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Missing shared data skips a test on a developer's machine and fails it in CI. */
class SharedDataTest {
  @Test
  void missingDataFailsInCiAndSkipsElsewhere() {
    assertThatThrownBy(() -> SharedData.dir("no-such-data-set", true)).isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("no-such-data-set").hasMessageContaining("CI must have it");
    assertThatThrownBy(() -> SharedData.dir("no-such-data-set", false)).isInstanceOf(TestAbortedException.class);
  }

  @Test
  void theProjectsDataSetsAreFound() {
    for (String name : new String[] {"amazon-beauty", "amazon-office", "movielens-100k"}) {
      assertThat(SharedData.dir(name).resolve("PROVENANCE.md")).isRegularFile();
    }
  }
}
