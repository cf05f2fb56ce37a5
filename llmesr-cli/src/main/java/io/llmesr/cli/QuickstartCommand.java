package io.llmesr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code llmesr quickstart}: the main job on the bundled demo dataset. */
@Command(name = "quickstart", description = "Run the whole pipeline on the bundled demo dataset.")
final class QuickstartCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return new DoctorCommand().call();
  }
}
