package io.llmesr.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layout of a run directory (written by {@code llmesr train}, read by {@code evaluate}, {@code recommend} and
 * the server):
 * <pre>
 *   RUN_DIR/config.json              resolved configuration, flat dotted keys ({@link RunConfig#toMap()})
 *   RUN_DIR/provenance.json          inputs' SHA-256, seeds, versions, git commit ({@link Provenance})
 *   RUN_DIR/metrics.csv              one row per epoch (loss, validation HR@10/NDCG@10, seconds)
 *   RUN_DIR/training-curve.png       loss and validation NDCG@10 per epoch
 *   RUN_DIR/checkpoints/best/        parameters of the best validation epoch (params.bin/.json, state.json)
 *   RUN_DIR/checkpoints/last/        parameters + optimiser moments + trainer state of the last epoch (resume)
 *   RUN_DIR/test-report.json         the final test report (sampled-100 protocol, best checkpoint)
 * </pre>
 */
public final class RunDirectory {
  public static final String CONFIG = "config.json";
  public static final String PROVENANCE = "provenance.json";
  public static final String METRICS = "metrics.csv";
  public static final String CURVE = "training-curve.png";
  public static final String TEST_REPORT = "test-report.json";
  public static final String BEST = "best";
  public static final String LAST = "last";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  public RunDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path config() {
    return root.resolve(CONFIG);
  }

  public Path provenance() {
    return root.resolve(PROVENANCE);
  }

  public Path metrics() {
    return root.resolve(METRICS);
  }

  public Path curve() {
    return root.resolve(CURVE);
  }

  public Path testReport() {
    return root.resolve(TEST_REPORT);
  }

  /** {@code checkpoints/NAME}. */
  public Path checkpoint(String name) {
    return root.resolve("checkpoints").resolve(name);
  }

  /** Whether a run was started here (a config exists). */
  public boolean exists() {
    return Files.isRegularFile(config());
  }

  /** Writes {@code config.json} atomically. */
  public void writeConfig(RunConfig config) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    config.toMap().forEach(node::put);
    AtomicFiles.writeString(config(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
  }

  /** Reads {@code config.json}; errors name the file. */
  public RunConfig readConfig() throws IOException {
    Path f = config();
    if (!Files.isRegularFile(f)) {
      throw new IOException(root + " is not a run directory: " + CONFIG + " is missing");
    }
    Map<String, String> m = new LinkedHashMap<>();
    try {
      for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = JSON.readTree(f.toFile()).fields();
           it.hasNext(); ) {
        Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
        m.put(e.getKey(), e.getValue().asText());
      }
      return RunConfig.fromMap(m);
    } catch (IllegalArgumentException | IOException e) {
      throw new IOException(f + ": " + e.getMessage(), e);
    }
  }
}
