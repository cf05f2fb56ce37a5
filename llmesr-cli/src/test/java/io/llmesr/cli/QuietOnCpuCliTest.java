package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh JVM that loads the engine on a machine without a GPU prints no GPU warnings when no GPU was asked for. */
class QuietOnCpuCliTest {
  @TempDir Path tmp;

  @Test
  void doctorLoadsTheEngineWithoutGpuWarnings() throws Exception {
    Path log = tmp.resolve("doctor.txt");
    assertThat(ChildCli.run(log, "doctor")).as(Files.readString(log)).isZero();
    String out = Files.readString(log);
    assertThat(out).contains("gpus");   // the engine was loaded and asked
    assertThat(out).doesNotContain("Failed to detect GPU count").doesNotContain("WARN ai.djl.util.cuda");
  }
}
