package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProgressLogTest {

  @Test
  void formatsDurations() {
    assertThat(ProgressLog.formatSeconds(3.25)).isEqualTo("3.3 s");
    assertThat(ProgressLog.formatSeconds(125)).isEqualTo("2 min 05 s");
    assertThat(ProgressLog.formatSeconds(7322)).isEqualTo("2 h 02 min");
    assertThat(ProgressLog.formatSeconds(Double.NaN)).isEqualTo("?");
  }

  @Test
  void updatesAndFinishes() {
    ProgressLog p = new ProgressLog(LoggerFactory.getLogger(ProgressLogTest.class), "test", "users", 10, 0);
    for (int i = 1; i <= 10; i++) p.update(i);
    assertThat(p.finish()).isGreaterThanOrEqualTo(0.0);
  }
}
