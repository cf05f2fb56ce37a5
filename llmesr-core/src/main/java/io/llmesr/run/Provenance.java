package io.llmesr.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code provenance.json} of a run: what went in and what ran it (docs/training.md,
 * "Run directory"): resolved configuration, SHA-256 of the inputs (dataset manifest and sequences, method inputs such
 * as embedding tables), seeds, Java/DJL/PyTorch versions from {@link EngineInfo}, git commit when available.
 */
public final class Provenance {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Provenance() { }

  /**
   * Writes the provenance file.
   *
   * @param inputs named input files to hash (missing files are recorded as missing)
   */
  public static void write(RunDirectory run, RunConfig config, Map<String, Path> inputs, String command)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "llmesr-provenance/1");
    root.put("created", Instant.now().toString());
    root.put("command", command);
    ObjectNode cfg = root.putObject("config");
    config.toMap().forEach(cfg::put);
    ObjectNode seeds = root.putObject("seeds");
    seeds.put("root", config.training().seed());
    seeds.put("eval_negatives", config.eval().seed());
    seeds.put("derivation", "every stream = SplitMix64(root seed, label): init:<param>, epoch:<e>:sampling, "
        + "dropout:<e>:<step> (torch::manual_seed before each step)");
    ObjectNode in = root.putObject("inputs");
    for (Map.Entry<String, Path> e : inputs.entrySet()) {
      ObjectNode f = in.putObject(e.getKey());
      f.put("path", e.getValue().toAbsolutePath().normalize().toString());
      if (Files.isRegularFile(e.getValue())) {
        f.put("sha256", sha256(e.getValue()));
        f.put("bytes", Files.size(e.getValue()));
      } else {
        f.put("missing", true);
      }
    }
    ObjectNode engine = root.putObject("engine");
    EngineInfo.describe().forEach(engine::put);
    root.put("git_commit", gitCommit());
    AtomicFiles.writeString(run.provenance(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  /** Hex SHA-256 of a file. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code git rev-parse HEAD} in {@code llmesr.home} (or the working directory), "unknown" when unavailable. */
  public static String gitCommit() {
    String home = System.getProperty("llmesr.home", System.getProperty("user.dir"));
    try {
      Process p = new ProcessBuilder("git", "-C", home, "rev-parse", "HEAD").redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unknown";
      }
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.exitValue() != 0 || !out.matches("[0-9a-f]{40}")) return "unknown";
      Process dirty = new ProcessBuilder("git", "-C", home, "status", "--porcelain", "--untracked-files=no")
          .redirectErrorStream(true).start();
      if (dirty.waitFor(5, TimeUnit.SECONDS) && dirty.exitValue() == 0
          && !new String(dirty.getInputStream().readAllBytes()).isBlank()) {
        return out + "-dirty";
      }
      return out;
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
