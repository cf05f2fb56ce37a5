package io.llmesr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code llmesr} in a child JVM with this test's class path, as the launcher script would (offline engine,
 * one PyTorch thread): for tests that kill a command, or read what it prints on a fresh JVM's stderr.
 */
final class ChildCli {
  private ChildCli() { }

  /** Starts {@code llmesr ARGS}, stdout and stderr appended to {@code log}. */
  static Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("DJL_OFFLINE", "true");
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    return pb.start();
  }

  /** Runs {@code llmesr ARGS} to the end (at most 5 minutes) and returns its exit code. */
  static int run(Path log, String... args) throws IOException, InterruptedException {
    Process p = start(log, args);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("llmesr " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    return p.exitValue();
  }

  /** Starts {@code llmesr ARGS}, kills it with SIGKILL after {@code millis} ms (if still running), waits for it. */
  static void killAfter(long millis, Path log, String... args) throws IOException, InterruptedException {
    Process p = start(log, args);
    if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();   // SIGKILL on Unix: no shutdown hooks, no finally blocks
      p.waitFor();
    }
  }
}
