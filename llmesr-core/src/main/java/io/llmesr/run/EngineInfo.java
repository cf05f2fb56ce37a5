package io.llmesr.run;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts about the tensor engine and the JVM, for {@code llmesr doctor} and for every run's provenance.
 * Starting the engine extracts libtorch from the classified native jar on first use (no download: the
 * project runs with {@code ai.djl.offline=true}).
 */
public final class EngineInfo {
  private EngineInfo() { }

  /** Java, DJL and PyTorch versions, thread settings and where libtorch was loaded from. */
  /** The logger of DJL's CUDA probe. */
  static final String CUDA_PROBE_LOGGER = "ai.djl.util.cuda.CudaUtils";

  /**
   * Silences DJL's CUDA probe, which warns "Failed to detect GPU count" twice whenever the engine loads on a machine
   * without a GPU driver, unless a GPU was asked for: the CUDA natives are on the class path ({@code mvn -Pgpu}).
   * Call before the engine loads; a level already set with {@code -Dorg.slf4j.simpleLogger.log...} wins.
   */
  public static void quietCudaProbeWithoutGpu() {
    String key = "org.slf4j.simpleLogger.log." + CUDA_PROBE_LOGGER;
    if (System.getProperty(key) != null) return;
    if (System.getProperty("java.class.path", "").contains("pytorch-native-cu")) return;
    System.setProperty(key, "error");
  }

  public static Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("java.version", System.getProperty("java.version"));
    m.put("java.vendor", System.getProperty("java.vendor"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("max.heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    m.put("djl.offline", String.valueOf(Boolean.getBoolean("ai.djl.offline") || "true".equalsIgnoreCase(System.getenv("DJL_OFFLINE"))));
    m.put("djl.cache.dir", ai.djl.util.Utils.getEngineCacheDir().toString());
    Engine engine = Engine.getEngine("PyTorch");
    m.put("djl.version", Engine.getDjlVersion());
    m.put("pytorch.version", engine.getVersion());
    m.put("pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "(default)"));
    m.put("pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "(default)"));
    m.put("gpus", Integer.toString(engine.getGpuCount()));
    m.put("libtorch", findLibtorch());
    return m;
  }

  private static String findLibtorch() {
    try {
      java.nio.file.Path maps = java.nio.file.Path.of("/proc/self/maps");
      if (java.nio.file.Files.isReadable(maps)) {
        for (String line : java.nio.file.Files.readAllLines(maps)) {
          int at = line.indexOf('/');
          if (at >= 0 && line.contains("libtorch_cpu") || line.contains("libtorch.so")) {
            return line.substring(line.indexOf('/')).trim();
          }
        }
      }
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }
}
