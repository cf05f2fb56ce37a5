package io.llmesr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes the test users' histories of a prepared dataset directory (docs/dataset-format.md) as JSON Lines of raw
 * ids, the input of {@link LoadGenerator}: for every user with a test target, {@code {"user": RAW_USER,
 * "history": [training + validation items, oldest first], "target": RAW_TEST_ITEM}}, i.e. exactly the input of the
 * test prediction. Users whose input would be empty are left out.
 *
 * <p>With {@code --bundle}, warns when the bundle was trained on another dataset (different fingerprint): its
 * catalogue may then lack some ids, which the server reports as {@code unknown_ids} or refuses with {@code 400}.
 */
@Command(name = "TestHistories", mixinStandardHelpOptions = true,
    description = "Dataset directory -> JSONL of the test users' raw-id histories (training + validation items).")
public final class TestHistories implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "DATASET_DIR", description = "a dataset directory written by 'llmesr prepare'")
  Path dataset;

  @Option(names = "--out", required = true, description = "the JSONL file to write")
  Path out;

  @Option(names = "--bundle", description = "warn if this bundle was trained on another dataset")
  Path bundle;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TestHistories()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Dataset d = DatasetIO.read(dataset);
    if (bundle != null) checkBundle(DatasetIO.readManifest(dataset).fingerprint());
    if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
    long users = 0;
    long items = 0;
    int longest = 0;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (int u = 0; u < d.numUsers(); u++) {
        if (!d.hasTest(u)) continue;
        int[] input = d.evalInput(u, true);
        if (input.length == 0) continue;
        ObjectNode line = JSON.createObjectNode();
        line.put("user", d.userIds().get(u));
        ArrayNode h = line.putArray("history");
        for (int item : input) h.add(d.itemIds().get(item));
        line.put("target", d.itemIds().get(d.testTarget(u)));
        w.write(JSON.writeValueAsString(line));
        w.write('\n');
        users++;
        items += input.length;
        longest = Math.max(longest, input.length);
      }
    }
    System.out.printf(Locale.ROOT, "%s: %d test histories (mean length %.1f, longest %d) -> %s%n", d.name(), users,
        users == 0 ? 0.0 : (double) items / users, longest, out);
    return users == 0 ? 1 : 0;
  }

  private void checkBundle(String datasetFingerprint) throws java.io.IOException {
    JsonNode b = JSON.readTree(bundle.resolve("bundle.json").toFile());
    String trained = b.path("source").path("datasetFingerprint").asText("");
    if (!trained.isEmpty() && !trained.equals(datasetFingerprint)) {
      System.err.println("warning: " + bundle + " was trained on dataset " + trained.substring(0, Math.min(12, trained.length()))
          + "..., not on " + dataset + " (" + datasetFingerprint.substring(0, Math.min(12, datasetFingerprint.length()))
          + "...): some history ids may be unknown to it");
    }
  }
}
