package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prepare}, {@code embed}, {@code similar-users} and {@code train} killed with SIGKILL at random moments, then
 * run again with the same command, give what an uninterrupted run gives: tables byte for byte, the trained parameters
 * and optimiser state bit for bit, the same metrics; and no temporary file is left behind.
 */
class KillAndRerunCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** The arguments of each step for a dataset directory {@code ds} and run directory {@code run}. */
  private static List<String[]> steps(Path src, Path ds, Path run) {
    return List.of(
        new String[] {"prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore", "--kcore", "3",
            "--out", ds.toString()},
        new String[] {"embed", ds.toString(), "--batch-size", "16", "--threads", "1"},
        new String[] {"pca", ds.toString(), "--dim", "16"},
        new String[] {"similar-users", ds.toString(), "--top", "10"},
        new String[] {"train", ds.toString(), "--backbone", "sasrec", "--method", "llmesr", "--preset", "fast", "--seed",
            "7", "--epochs", "5", "--max-len", "20", "--set", "model.hidden_size=16", "--set", "train.batch_size=16",
            "--set", "train.patience=50", "--teacher", "cached", "--out", run.toString()});
  }

  @Test
  void killedAtRandomMomentsThenRunAgainEqualsUninterrupted() throws Exception {
    Path src = TinySource.write(tmp.resolve("src"), 150, 200, 5);
    Path log = tmp.resolve("log.txt");
    Path refDs = tmp.resolve("ref/ds");
    Path refRun = tmp.resolve("ref/run");
    List<String[]> ref = steps(src, refDs, refRun);
    long[] millis = new long[ref.size()];
    for (int s = 0; s < ref.size(); s++) {
      long t0 = System.nanoTime();
      assertThat(ChildCli.run(log, ref.get(s))).as(String.join(" ", ref.get(s)) + "\n" + Files.readString(log)).isZero();
      millis[s] = (System.nanoTime() - t0) / 1_000_000;
    }

    Path ds = tmp.resolve("killed/ds");
    Path run = tmp.resolve("killed/run");
    List<String[]> killed = steps(src, ds, run);
    Random rnd = new Random(20261207);
    List<String> kills = new ArrayList<>();
    for (int s = 0; s < killed.size(); s++) {
      String[] args = killed.get(s);
      if (!args[0].equals("pca")) {   // pca is not under test; it runs once, uninterrupted
        for (int k = 0; k < 2; k++) {
          long at = 200 + (long) (rnd.nextDouble() * millis[s]);
          kills.add(args[0] + "@" + at + "ms");
          ChildCli.killAfter(at, log, args);
        }
      }
      assertThat(ChildCli.run(log, args)).as(String.join(" ", args) + " after kills " + kills + "\n"
          + Files.readString(log)).isZero();
    }

    // prepare: every file equal, the manifest up to its creation time
    for (String f : new String[] {"users.tsv", "items.tsv", "sequences.tsv", "splits.tsv", "timestamps.bin",
        "item_fields.jsonl", "item_prompts.jsonl", "user_prompts.jsonl", "item_popularity.tsv", "stats.json"}) {
      assertThat(ds.resolve(f)).as(f + " after kills " + kills).hasSameBinaryContentAs(refDs.resolve(f));
    }
    assertThat(stamped(ds.resolve("manifest.json"))).isEqualTo(stamped(refDs.resolve("manifest.json")));
    // embed and similar-users: tables byte for byte
    for (String f : new String[] {"items.f32", "users.f32", "pca16.f32", "similar_users.i32", "similar_users_scores.f32"}) {
      assertThat(ds.resolve("embeddings").resolve(f)).as(f + " after kills " + kills)
          .hasSameBinaryContentAs(refDs.resolve("embeddings").resolve(f));
    }
    for (String f : new String[] {"items.json", "users.json"}) {
      assertThat(stamped(ds.resolve("embeddings").resolve(f))).isEqualTo(stamped(refDs.resolve("embeddings").resolve(f)));
    }
    // train: parameters, optimiser moments, trainer state and metrics as uninterrupted
    for (String f : new String[] {"checkpoints/best/params.bin", "checkpoints/last/params.bin",
        "checkpoints/last/adam_m.bin", "checkpoints/last/adam_v.bin", "checkpoints/last/state.json"}) {
      assertThat(run.resolve(f)).as(f + " after kills " + kills).hasSameBinaryContentAs(refRun.resolve(f));
    }
    assertThat(metricsWithoutTimes(run)).isEqualTo(metricsWithoutTimes(refRun));
    assertThat(JSON.readTree(run.resolve("test-report.json").toFile()).get("groups"))
        .isEqualTo(JSON.readTree(refRun.resolve("test-report.json").toFile()).get("groups"));
    // nothing half-made left behind: no hidden temporary or staging entries anywhere
    try (Stream<Path> all = Files.walk(tmp.resolve("killed"))) {
      assertThat(all.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".") || n.endsWith(".staging")).toList()).as("after kills " + kills).isEmpty();
    }
  }

  /** A JSON file without its creation time. */
  private static JsonNode stamped(Path file) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
    n.remove("createdAt");
    return n;
  }

  /** metrics.csv without the wall-time columns. */
  private static List<String> metricsWithoutTimes(Path run) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    List<String> header = Arrays.asList(lines.get(0).split(","));
    List<Integer> keep = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) if (!header.get(c).endsWith("_seconds")) keep.add(c);
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String[] cells = line.split(",");
      TreeMap<Integer, String> row = new TreeMap<>();
      for (int c : keep) row.put(c, cells[c]);
      out.add(String.join(",", row.values()));
    }
    return out;
  }
}
