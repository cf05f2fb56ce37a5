package io.llmesr.cli;

import io.llmesr.experiment.ProcStatus;
import io.llmesr.experiment.RunResources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code llmesr VERB ARGS} in a child JVM (same Java, class path and JVM options as this one), so that each run
 * of an experiment has its own memory and a crash or a kill touches one run only. The child's stdout and stderr are
 * appended to a log file; its wall time is measured and its peak resident memory read from
 * {@code /proc/PID/status} ({@code VmHWM}, the kernel's high-water mark) every {@value #POLL_MS} ms, so growth in
 * the last interval before exit can be missed. Where {@code /proc} does not exist the peak is unknown (-1).
 *
 * <p>PyTorch's intra-op threads are divided between the {@code jobs} children that run at once: each gets
 * {@code max(1, T / jobs)} where T is this JVM's {@code ai.djl.pytorch.num_threads} (the launcher's
 * {@code LLMESR_THREADS}, default all processors).
 */
final class ChildJvm {
  static final long POLL_MS = 200;
  private static final String THREADS = "ai.djl.pytorch.num_threads";

  private final List<String> prefix = new ArrayList<>();
  private final Set<Process> live = ConcurrentHashMap.newKeySet();

  /** Children for {@code jobs} concurrent runs. */
  ChildJvm(int jobs) {
    int total = Integer.getInteger(THREADS, Runtime.getRuntime().availableProcessors());
    prefix.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if ((a.startsWith("-X") || a.startsWith("-D")) && !a.startsWith("-D" + THREADS + "=")) prefix.add(a);
    }
    prefix.add("-D" + THREADS + "=" + Math.max(1, total / jobs));
    prefix.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
  }

  /** Runs {@code llmesr ARGS} to its end, its output appended to {@code log}. */
  RunResources.Usage run(List<String> args, Path log) throws IOException, InterruptedException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.writeString(log, "[" + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "] llmesr "
        + String.join(" ", args) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putIfAbsent("DJL_OFFLINE", "true");
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    long start = System.nanoTime();
    Process p = pb.start();
    live.add(p);
    long peak = -1;
    try {
      Path status = ProcStatus.of(p.pid());
      do {
        peak = Math.max(peak, ProcStatus.kb(status, "VmHWM"));
      } while (!p.waitFor(POLL_MS, TimeUnit.MILLISECONDS));
    } finally {
      if (p.isAlive()) p.destroy();   // interrupted: take the child down with us
      live.remove(p);
    }
    return new RunResources.Usage(p.exitValue(), (System.nanoTime() - start) / 1e9, peak);
  }

  /** Stops every child still running (SIGTERM), e.g. when the experiment itself is interrupted. */
  void stopAll() {
    for (Process p : live) p.destroy();
  }

}
