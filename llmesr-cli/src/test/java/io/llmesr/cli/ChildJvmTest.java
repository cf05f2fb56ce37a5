package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a child's peak resident memory from a {@code /proc/PID/status} file. */
class ChildJvmTest {
  @TempDir Path tmp;

  @Test
  void highWaterMarkFromStatusFile() throws Exception {
    Path status = Files.writeString(tmp.resolve("status"),
        "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  812345 kB\nVmRSS:\t  700000 kB\n");
    assertThat(ChildJvm.highWaterMarkKb(status)).isEqualTo(812345);
    assertThat(ChildJvm.highWaterMarkKb(tmp.resolve("gone"))).isEqualTo(-1);
    assertThat(ChildJvm.highWaterMarkKb(Files.writeString(tmp.resolve("other"), "Name:\tx\n"))).isEqualTo(-1);
  }

  @Test
  void ownStatusHasAHighWaterMarkOnLinux() {
    Path self = Path.of("/proc/self/status");
    if (Files.isRegularFile(self)) assertThat(ChildJvm.highWaterMarkKb(self)).isPositive();
  }
}
