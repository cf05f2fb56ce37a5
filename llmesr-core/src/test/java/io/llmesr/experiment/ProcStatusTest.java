package io.llmesr.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a process's peak and current resident memory from a {@code /proc/PID/status} file. */
class ProcStatusTest {
  @TempDir Path tmp;

  @Test
  void fieldsFromStatusFile() throws Exception {
    Path status = Files.writeString(tmp.resolve("status"),
        "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  812345 kB\nVmRSS:\t  700000 kB\n");
    assertThat(ProcStatus.kb(status, "VmHWM")).isEqualTo(812345);
    assertThat(ProcStatus.kb(status, "VmRSS")).isEqualTo(700000);
    assertThat(ProcStatus.kb(tmp.resolve("gone"), "VmHWM")).isEqualTo(-1);
    assertThat(ProcStatus.kb(Files.writeString(tmp.resolve("other"), "Name:\tx\n"), "VmHWM")).isEqualTo(-1);
  }

  @Test
  void ownStatusHasAHighWaterMarkOnLinux() {
    if (Files.isRegularFile(ProcStatus.self())) assertThat(ProcStatus.kb(ProcStatus.self(), "VmHWM")).isPositive();
  }
}
