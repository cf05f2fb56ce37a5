package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CliProgressTest {
  @Test
  void logLineShowsCountPercentRateAndEta() {
    CliProgress p = new CliProgress(false, "texts", Duration.ofHours(1));
    p.start("embedding", 1000);
    p.advance(250);
    // pretend 10 s passed: 25 texts/s, 750 left -> 30 s
    String line = p.line(System.nanoTime() + 10_000_000_000L);
    assertThat(line).startsWith("embedding: 250/1,000 texts (25.0%), ");
    assertThat(line).matches(".*, 2[45]\\.\\d texts/s, ETA 3[01]s");
    assertThat(CliProgress.formatSeconds(59)).isEqualTo("59s");
    assertThat(CliProgress.formatSeconds(3599)).isEqualTo("59m59s");
    assertThat(CliProgress.formatSeconds(7322)).isEqualTo("2h02m");
    p.finish();
  }

  @Test
  void slowUnitsShowTimePerUnit() {
    CliProgress p = new CliProgress(false, "runs", Duration.ofHours(1));
    p.start("experiment", 10);
    p.advance(2);
    // pretend 600 s passed: 300 s per run, 8 left -> 2400 s
    String line = p.line(System.nanoTime() + 600_000_000_000L);
    assertThat(line).isEqualTo("experiment: 2/10 runs (20.0%), 5m00s per run, ETA 40m00s");
    p.finish();
  }
}
