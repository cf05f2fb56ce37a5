package io.llmesr.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of a process from its Linux {@code /proc/PID/status} file, e.g. {@code VmHWM} (resident high-water
 * mark) and {@code VmRSS} (resident now), in KiB. Used for the experiment's per-run peak memory and by the benchmarks.
 */
public final class ProcStatus {
  private ProcStatus() { }

  /** {@code /proc/PID/status}. */
  public static Path of(long pid) {
    return Path.of("/proc", Long.toString(pid), "status");
  }

  /** This process's status file, {@code /proc/self/status}. */
  public static Path self() {
    return Path.of("/proc/self/status");
  }

  /**
   * The value in KiB of the line {@code FIELD:  N kB}, or -1 when the file cannot be read (the process has gone, or
   * there is no {@code /proc}) or has no such line.
   */
  public static long kb(Path status, String field) {
    String prefix = field + ":";
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
        if (line.startsWith(prefix)) return Long.parseLong(line.substring(prefix.length()).trim().split("\\s+")[0]);
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
