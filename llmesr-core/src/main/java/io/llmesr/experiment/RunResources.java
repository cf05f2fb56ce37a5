package io.llmesr.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.io.AtomicFiles;
import io.llmesr.eval.EvalProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code RUN_DIR/experiment-run.json}: what {@code llmesr experiment} spent on one run, and whether its training
 * finished. Every invocation of {@code llmesr train} for the run (the first and each one that resumed it) is an
 * attempt with its wall time, peak resident memory and exit code; each evaluation keeps its last invocation.
 * <pre>{@code
 * {"train": {"args": ["train", ...], "done": true,
 *            "attempts": [{"wall_seconds": 12.3, "peak_rss_kb": 812345, "exit": 0}]},
 *  "evaluate": {"sampled100": {"wall_seconds": 3.1, "peak_rss_kb": 402211, "exit": 0}}}
 * }</pre>
 * An attempt killed together with the experiment leaves no record: its time is missing from the totals.
 */
public final class RunResources {
  /** The file name inside the run directory. */
  public static final String FILE = "experiment-run.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One child process.
   *
   * @param exitCode    its exit code
   * @param wallSeconds wall time from start to exit
   * @param peakRssKb   peak resident set size in KiB (Linux {@code VmHWM}), or -1 when unknown
   */
  public record Usage(int exitCode, double wallSeconds, long peakRssKb) { }

  private final Path file;
  private final ObjectNode root;

  private RunResources(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  /** Reads the record of {@code runDir} (empty when there is none yet). */
  public static RunResources read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE);
    if (!Files.isRegularFile(f)) return new RunResources(f, JSON.createObjectNode());
    try {
      return new RunResources(f, (ObjectNode) JSON.readTree(f.toFile()));
    } catch (IOException | ClassCastException e) {
      throw new IOException(f + ": not a run record: " + e.getMessage(), e);
    }
  }

  /** Whether training finished with exactly these arguments. */
  public boolean trained(List<String> args) {
    JsonNode t = root.path("train");
    if (!t.path("done").asBoolean(false)) return false;
    List<String> given = new ArrayList<>();
    t.path("args").forEach(a -> given.add(a.asText()));
    return given.equals(args);
  }

  /** Records a training attempt; a zero exit code marks training done. Written atomically. */
  public synchronized void addTraining(List<String> args, Usage u) throws IOException {
    ObjectNode t = root.has("train") ? (ObjectNode) root.get("train") : root.putObject("train");
    ArrayNode a = t.putArray("args");
    args.forEach(a::add);
    t.put("done", u.exitCode() == 0);
    ArrayNode attempts = t.has("attempts") ? (ArrayNode) t.get("attempts") : t.putArray("attempts");
    put(attempts.addObject(), u);
    write();
  }

  /** Records an evaluation under {@code p}. Written atomically. */
  public synchronized void putEvaluation(EvalProtocol p, Usage u) throws IOException {
    ObjectNode e = root.has("evaluate") ? (ObjectNode) root.get("evaluate") : root.putObject("evaluate");
    put(e.putObject(p.label()), u);
    write();
  }

  /** The recorded training attempts, oldest first. */
  public List<Usage> trainingAttempts() {
    List<Usage> out = new ArrayList<>();
    root.path("train").path("attempts").forEach(n -> out.add(usage(n)));
    return out;
  }

  /** The last evaluation under {@code p}, or {@code null}. */
  public Usage evaluation(EvalProtocol p) {
    JsonNode n = root.path("evaluate").get(p.label());
    return n == null ? null : usage(n);
  }

  private static void put(ObjectNode o, Usage u) {
    o.put("wall_seconds", Math.round(u.wallSeconds() * 100) / 100.0);
    o.put("peak_rss_kb", u.peakRssKb());
    o.put("exit", u.exitCode());
  }

  private static Usage usage(JsonNode n) {
    return new Usage(n.path("exit").asInt(), n.path("wall_seconds").asDouble(), n.path("peak_rss_kb").asLong(-1));
  }

  private void write() throws IOException {
    AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }
}
