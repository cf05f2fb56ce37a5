package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.data.Interaction;
import io.llmesr.data.ItemSource;
import io.llmesr.data.RawData;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.prepare.PrepareOptions;
import io.llmesr.prepare.Preparer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: {@code llmesr train} on a prepared dataset directory, {@code --resume}, then {@code evaluate --json}. */
class TrainEvaluateCliTest {
  @TempDir static Path tmp;
  static Path dataset;

  @BeforeAll
  static void prepareDataset() throws Exception {
    ai.djl.engine.Engine.getEngine("PyTorch");
    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
    Random r = new Random(11);
    List<Interaction> rows = new ArrayList<>();
    for (int u = 0; u < 150; u++) {
      int n = 4 + r.nextInt(10);
      int cur = r.nextInt(200);
      for (int j = 0; j < n; j++) {
        rows.add(new Interaction("u" + u, "item" + cur, 1000L * u + j, 5.0));
        cur = (cur * 7 + 3) % 200;   // a learnable chain
      }
    }
    RawData raw = new RawData("memory", sink -> rows.forEach(sink), ItemSource.none(), List.of(), null);
    dataset = tmp.resolve("ds");
    DatasetIO.write(Preparer.prepare(raw, PrepareOptions.paper("cli-train-test", false)), dataset, false);
  }

  @Test
  void trainResumeAndEvaluate() throws Exception {
    Path run = tmp.resolve("run");
    CliRun t = CliRun.of("train", dataset.toString(), "--backbone", "sasrec", "--preset", "fast", "--seed", "43",
        "--out", run.toString(), "--epochs", "2", "--max-len", "20", "--set", "model.hidden_size=16",
        "--set", "train.batch_size=32", "--set", "train.lr=0.01");
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(t.out()).contains("trained 2 epochs", "overall", "tail_item", "head_user");
    for (String f : new String[] {"config.json", "provenance.json", "model-spec.json", "metrics.csv",
        "training-curve.png", "test-report.json", "checkpoints/best/params.bin", "checkpoints/last/adam_m.bin"}) {
      assertThat(run.resolve(f)).as(f).isNotEmptyFile();
    }
    JsonNode prov = new ObjectMapper().readTree(run.resolve("provenance.json").toFile());
    assertThat(prov.path("inputs").path("dataset.manifest").path("sha256").asText()).hasSize(64);
    assertThat(prov.path("seeds").path("root").asLong()).isEqualTo(43);
    assertThat(prov.path("engine").path("djl.version").asText()).isEqualTo("0.33.0");
    assertThat(prov.path("config").path("model.masking").asText()).isEqualTo("causal");

    CliRun again = CliRun.of("train", dataset.toString(), "--backbone", "sasrec", "--out", run.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already holds a run");

    CliRun resumed = CliRun.of("train", "--resume", "--out", run.toString(), "--epochs", "3", "--no-test");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(4);   // header + 3 epochs
    assertThat(CliRun.of("train", "--resume", "--out", run.toString(), "--seed", "1").exitCode()).isEqualTo(1);

    CliRun e = CliRun.of("evaluate", run.toString(), "--protocol", "sampled100", "--json");
    assertThat(e.exitCode()).as(e.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(e.out());
    for (String g : new String[] {"overall", "tail_item", "head_item", "tail_user", "head_user"}) {
      assertThat(j.path("groups").has(g)).as(g).isTrue();
      assertThat(j.path("groups").path(g).has("HR@10")).isTrue();
      assertThat(j.path("groups").path(g).has("NDCG@10")).isTrue();
      assertThat(j.path("groups").path(g).has("n")).isTrue();
    }
    int n = j.path("groups").path("overall").path("n").asInt();
    assertThat(n).isEqualTo(j.path("groups").path("tail_item").path("n").asInt()
        + j.path("groups").path("head_item").path("n").asInt());
    // after 3 short epochs on a learnable chain: above a random ranking of 101 candidates (HR@10 = 10/101 ≈ 0.099,
    // standard deviation ≈ 0.025 over ~150 users), by more than two standard deviations
    assertThat(j.path("groups").path("overall").path("HR@10").asDouble()).isGreaterThan(0.15);

    CliRun full = CliRun.of("evaluate", run.toString(), "--protocol", "full", "--split", "valid");
    assertThat(full.exitCode()).as(full.err()).isZero();
    assertThat(full.out()).contains("full / valid", "overall");

    CliRun bad = CliRun.of("evaluate", tmp.resolve("nope").toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("not a run directory");
  }

  /**
   * Baseline {@code cities} standalone: a bad option is refused naming it (nothing written); then the backbone's epochs,
   * the tail-embedding phase on the best checkpoint, the test report; {@code evaluate} and {@code export} load the run.
   */
  @Test
  void citiesTrainsStandaloneEvaluatesAndExports() throws Exception {
    Path run = tmp.resolve("cities-run");
    List<String> common = List.of("train", dataset.toString(), "--backbone", "gru4rec", "--method", "cities",
        "--preset", "fast", "--seed", "3", "--out", run.toString(), "--epochs", "2", "--max-len", "20",
        "--set", "model.hidden_size=16", "--set", "train.batch_size=32", "--set", "method.infer_epochs=2");
    List<String> badArgs = new ArrayList<>(common);
    badArgs.addAll(List.of("--set", "method.contexts=0"));
    CliRun bad = CliRun.of(badArgs.toArray(String[]::new));
    assertThat(bad.exitCode()).isIn(1, 2);
    assertThat(bad.err()).contains("method.contexts");
    assertThat(run).doesNotExist();

    CliRun t = CliRun.of(common.toArray(String[]::new));
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(t.out()).contains("trained 2 epochs", "tail_item", "head_item");
    JsonNode state = new ObjectMapper().readTree(run.resolve("checkpoints/best/state.json").toFile());
    assertThat(state.path("final_phase").asText()).isEqualTo("cities");
    assertThat(run.resolve("test-report.json")).isNotEmptyFile();
    assertThat(Files.readString(run.resolve("config.json"))).contains("\"cities\"");

    CliRun e = CliRun.of("evaluate", run.toString(), "--protocol", "sampled100", "--json");
    assertThat(e.exitCode()).as(e.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(e.out());
    for (String g : new String[] {"overall", "tail_item", "head_item"}) {
      assertThat(j.path("groups").path(g).path("NDCG@10").isNumber()).as(g).isTrue();
    }
    CliRun x = CliRun.of("export", run.toString(), "--out", tmp.resolve("cities-bundle").toString());
    assertThat(x.exitCode()).as(x.err()).isZero();
  }
}
