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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: a dataset directory written by the prepare stage, evaluated by {@code llmesr baseline}. */
class BaselineCommandTest {
  @TempDir static Path tmp;
  static Path dataset;

  @BeforeAll
  static void prepareDataset() throws Exception {
    Random r = new Random(5);
    List<Interaction> rows = new ArrayList<>();
    for (int u = 0; u < 200; u++) {
      int n = 4 + r.nextInt(12);
      for (int j = 0; j < n; j++) {
        double x = r.nextDouble();
        rows.add(new Interaction("u" + u, "item" + (int) (300 * x * x), 1000L * u + j, 5.0));
      }
    }
    RawData raw = new RawData("memory", sink -> rows.forEach(sink), ItemSource.none(), List.of(), null);
    dataset = tmp.resolve("ds");
    DatasetIO.write(Preparer.prepare(raw, PrepareOptions.paper("cli-test", false)), dataset, false);
  }

  @Test
  void sampledJsonIsWrittenAndCandidatesAreReused() throws Exception {
    Run first = run("baseline", dataset.toString(), "--scorer", "pop", "--protocol", "sampled100", "--json",
        "--ranks", tmp.resolve("ranks.csv").toString(), "--plot", tmp.resolve("groups.png").toString(),
        "--json-file", tmp.resolve("report.json").toString(), "--eval-seed", "42");
    assertThat(first.code).as(first.err).isZero();
    JsonNode j = new ObjectMapper().readTree(first.out);
    assertThat(j.path("protocol").asText()).isEqualTo("sampled100");
    assertThat(j.path("thresholds").path("source").asText()).isEqualTo("pareto-20/80");
    assertThat(j.path("groups").path("overall").path("n").asInt()).isPositive();
    Path cands = dataset.resolve("eval").resolve("sampled100-test-seed42.i32");
    assertThat(cands).exists();
    assertThat(dataset.resolve("eval").resolve("sampled100-test-seed42.json")).exists();
    assertThat(Files.readAllLines(tmp.resolve("ranks.csv"))).hasSize(j.path("groups").path("overall").path("n").asInt() + 1);
    assertThat(tmp.resolve("groups.png")).isNotEmptyFile();
    assertThat(new ObjectMapper().readTree(tmp.resolve("report.json").toFile()).path("groups"))
        .isEqualTo(j.path("groups"));

    var mtime = Files.getLastModifiedTime(cands);
    Run second = run("baseline", dataset.toString(), "--protocol", "sampled100", "--json");
    assertThat(second.code).isZero();
    assertThat(Files.getLastModifiedTime(cands)).isEqualTo(mtime);
    assertThat(new ObjectMapper().readTree(second.out).path("groups")).isEqualTo(j.path("groups"));
  }

  @Test
  void tableForRandomFullRanking() {
    Run r = run("baseline", dataset.toString(), "--scorer", "random", "--thresholds", "paper-beauty",
        "--split", "valid");
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("random (seed 0)", "full / valid", "tail user < 9, tail item < 4 (paper-beauty)",
        "overall", "tail_item", "head_item", "tail_user", "head_user");
  }

  @Test
  void badInputsAreReported() {
    assertThat(run("baseline", dataset.toString(), "--protocol", "sampled99").code).isEqualTo(2);
    assertThat(run("baseline", dataset.toString(), "--thresholds", "median").code).isEqualTo(2);
    Run missing = run("baseline", tmp.resolve("nope").toString());
    assertThat(missing.code).isEqualTo(1);
    assertThat(missing.err).contains("not a dataset directory");
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
