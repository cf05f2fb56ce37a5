package io.llmesr.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void parsesIntegersDecimalsAndIsoForms() throws Exception {
    assertThat(Timestamps.parse("t", "881250949")).isEqualTo(881250949L);
    assertThat(Timestamps.parse("t", " -5 ")).isEqualTo(-5L);
    assertThat(Timestamps.parse("t", "881250949.0")).isEqualTo(881250949L);
    assertThat(Timestamps.parse("t", "1.5")).isEqualTo(1L);
    assertThat(Timestamps.parse("t", "1e3")).isEqualTo(1000L);
    assertThat(Timestamps.parse("t", "1970-01-02")).isEqualTo(86_400L);
    assertThat(Timestamps.parse("t", "1970-01-01 00:01:00")).isEqualTo(60L);
    assertThat(Timestamps.parse("t", "1970-01-01T00:01:00Z")).isEqualTo(60L);
    assertThat(Timestamps.parse("t", "1970-01-01T01:01:00+01:00")).isEqualTo(60L);
    assertThatThrownBy(() -> Timestamps.parse("t", "soon")).hasMessageContaining("not a timestamp: 'soon'");
    assertThatThrownBy(() -> Timestamps.parse("t", "2019-13-01")).hasMessageContaining("not a date-time");
    assertThatThrownBy(() -> Timestamps.parse("t", "NaN")).hasMessageContaining("not a timestamp");
    assertThatThrownBy(() -> Timestamps.parse("t", "")).hasMessageContaining("missing");
  }

  @Test
  void yelpDatesBecomeYyyymmddhhmmssWithTheSameOrder() throws Exception {
    assertThat(Timestamps.yelpDate("date", "2018-07-07 22:09:11")).isEqualTo(20180707220911L);
    assertThat(Timestamps.yelpDate("date", "2012-01-03")).isEqualTo(20120103000000L);
    assertThat(Timestamps.yelpDate("date", "2000-01-01 00:00:00")).isEqualTo(20000101000000L);
    assertThat(Timestamps.yelpDate("date", "2019-12-31 00:00:00")).isEqualTo(20191231000000L);
    assertThatThrownBy(() -> Timestamps.yelpDate("date", "2018-7-7 22:09:11")).hasMessageContaining("expected 'YYYY-MM-DD hh:mm:ss'");
    assertThatThrownBy(() -> Timestamps.yelpDate("date", "2018-07-0x 22:09:11")).hasMessageContaining("got '2018-07-0x");
  }

  @Test
  void millisecondsAreFlooredToSeconds() {
    assertThat(Timestamps.millisToSeconds(1588687728923L)).isEqualTo(1588687728L);
    assertThat(Timestamps.millisToSeconds(-1L)).isEqualTo(-1L);
  }
}
