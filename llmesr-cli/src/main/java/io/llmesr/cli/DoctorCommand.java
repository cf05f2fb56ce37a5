package io.llmesr.cli;

import io.llmesr.run.EngineInfo;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code llmesr doctor}: prints versions, thread settings and where libtorch was loaded from. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Print Java, DJL and PyTorch versions, threads and libtorch location.")
final class DoctorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (Map.Entry<String, String> e : EngineInfo.describe().entrySet()) {
      System.out.printf("%-28s %s%n", e.getKey(), e.getValue());
    }
    return 0;
  }
}
