package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: {@code prepare} then {@code describe --json} on a small RecBole atomic fixture. */
class PrepareCliTest {
  @TempDir Path tmp;

  /**
   * 5 users, items a–e. u5 has 2 interactions and c is used by 2 users only: with {@code --recipe kcore --kcore 3},
   * c goes, then u4 (left with 2) goes: 3 users (u1–u3), 3 items... see the assertions.
   */
  private Path fixture() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("src"));
    Files.write(dir.resolve("shop.inter"), List.of(
        "user_id:token\titem_id:token\ttimestamp:float\trating:float",
        "u1\ta\t1\t5", "u1\tb\t2\t4", "u1\td\t3\t5", "u1\te\t4\t3",
        "u2\tb\t1\t5", "u2\ta\t2\t5", "u2\td\t3\t1", "u2\te\t3\t2",
        "u3\td\t1\t4", "u3\te\t2\t4", "u3\ta\t3\t4", "u3\tb\t5\t4",
        "u4\tc\t1\t5", "u4\ta\t2\t5", "u4\tc\t3\t0",
        "u5\tc\t1\t3", "u5\tb\t2\t3"));
    Files.write(dir.resolve("shop.item"), List.of(
        "item_id:token\ttitle:token_seq\tbrand:token",
        "a\tAlpha\tAcme", "b\tBeta\tAcme", "c\tGamma\t", "d\tDelta\tZed", "e\t\t"));
    return dir;
  }

  @Test
  void prepareThenDescribeJsonThenUpToDate() throws Exception {
    Path src = fixture();
    Path out = tmp.resolve("work/shop");
    CliRun prep = CliRun.of("prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore",
        "--kcore", "3", "--out", out.toString());
    assertThat(prep.exitCode()).as(prep.err()).isZero();
    // Rating 0 (u4 c at t=3) is dropped; then 3-core: c has 2, u5 has 2 -> both go, u4 is left with 1 -> goes.
    assertThat(prep.out()).contains("created", "3 users, 4 items, 12 interactions", "recipe kcore v1");
    assertThat(prep.out()).contains("1 by rating");

    CliRun desc = CliRun.of("describe", out.toString(), "--json");
    assertThat(desc.exitCode()).as(desc.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(desc.out());
    assertThat(j.get("users").asLong()).isEqualTo(3);
    assertThat(j.get("items").asLong()).isEqualTo(4);
    assertThat(j.get("interactions").asLong()).isEqualTo(12);
    assertThat(j.get("sparsity").asDouble()).isEqualTo(0.0);
    assertThat(j.at("/paretoGroups/thresholds/itemThreshold").asInt()).isEqualTo(3);

    CliRun again = CliRun.of("prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore",
        "--kcore", "3", "--out", out.toString());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).startsWith("up to date: ");

    Path png = tmp.resolve("plot.png");
    CliRun table = CliRun.of("describe", out.toString(), "--plot", png.toString(),
        "--tail-user-below", "3", "--tail-item-below", "3");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("groups (explicit)", "tail user: input length < 3");
    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void malformedInputFailsWithFileAndLineAndLeavesNoOutput() throws Exception {
    Path src = fixture();
    List<String> lines = Files.readAllLines(src.resolve("shop.inter"));
    lines.set(6, "u2\td\tyesterday\t1");
    Files.write(src.resolve("shop.inter"), lines);
    Path out = Files.createDirectories(tmp.resolve("work")).resolve("shop");
    CliRun r = CliRun.of("prepare", "--input", src.toString(), "--format", "atomic", "--out", out.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("shop.inter:7").contains("timestamp");
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(tmp.resolve("work"))) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    Path src = fixture();
    String out = tmp.resolve("o").toString();
    assertThat(CliRun.of("prepare", "--input", src.toString(), "--format", "atomic", "--out", out, "--dedup")
        .err()).contains("--dedup is not part of recipe llmesr-paper");
    CliRun bad = CliRun.of("prepare", "--input", src.toString(), "--format", "nope", "--out", out);
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown format 'nope'");
    CliRun split = CliRun.of("prepare", "--input", src.toString(), "--format", "atomic", "--out", out,
        "--split-protocol", "temporal", "--cutoff-quantiles", "0.9,0.5");
    assertThat(split.exitCode()).isEqualTo(2);
    assertThat(split.err()).contains("after test cutoff");
  }

  @Test
  void temporalSplitAndTemplateFromTheCommandLine() throws Exception {
    Path src = fixture();
    Path out = tmp.resolve("t");
    CliRun r = CliRun.of("prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore",
        "--kcore", "1", "--split-protocol", "temporal", "--cutoff-timestamps", "2,3",
        "--item-template", "Name: {title} by {brand}", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("split temporal").doesNotContain("leave-one-out");
    assertThat(Files.readAllLines(out.resolve("item_prompts.jsonl")).get(0)).contains("Name: Alpha by Acme");
    assertThat(Files.readString(out.resolve("manifest.json"))).contains("\"validCutoff\" : 2", "\"testCutoff\" : 3");
  }
}
