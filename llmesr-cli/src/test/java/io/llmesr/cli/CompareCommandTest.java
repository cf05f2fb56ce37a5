package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
  @TempDir Path tmp;

  static String report(String fingerprint, double hr, double ndcg, double tailHr) {
    StringBuilder g = new StringBuilder();
    String[] groups = {"overall", "tail_item", "head_item", "tail_user", "head_user"};
    for (int i = 0; i < groups.length; i++) {
      double h = groups[i].equals("tail_item") ? tailHr : hr;
      if (i > 0) g.append(',');
      g.append('"').append(groups[i]).append("\":{\"HR@10\":").append(h).append(",\"NDCG@10\":").append(ndcg)
          .append(",\"MRR\":0.1,\"n\":").append(groups[i].equals("tail_item") ? 0 : 100).append('}');
    }
    return "{\"protocol\":\"sampled100\",\"split\":\"test\",\"dataset\":{\"name\":\"demo\",\"fingerprint\":\""
        + fingerprint + "\"},\"seed\":42,\"candidates_file\":null,\"max_len\":200,\"ks\":[10],"
        + "\"thresholds\":{\"tail_user_below\":9,\"tail_item_below\":4,\"source\":\"paper-beauty\"},"
        + "\"groups\":{" + g + "},\"elapsed_seconds\":1.0}";
  }

  @Test
  void printsBothRunsAndTheRelativeChange() throws Exception {
    Path plain = tmp.resolve("plain");
    Files.createDirectories(plain);
    Files.writeString(plain.resolve(io.llmesr.run.RunDirectory.TEST_REPORT), report("sha256:a", 0.5, 0.25, 0.1));
    Path llmesr = tmp.resolve("llmesr.json");
    Files.writeString(llmesr, report("sha256:a", 0.6, 0.30, 0.1));
    CliRun r = CliRun.of("compare", plain.toString(), llmesr.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("sampled100 / test on demo").contains("plain").contains("llmesr.json")
        .doesNotContain("warning");
    String overall = r.out().lines().filter(l -> l.startsWith("overall")).findFirst().orElseThrow();
    // 0.6 / 0.5 - 1 = +20 %, 0.30 / 0.25 - 1 = +20 %
    assertThat(overall).contains("0.5000").contains("0.2500").contains("0.6000").contains("0.3000").contains("+20.0%");
    String tail = r.out().lines().filter(l -> l.startsWith("tail_item")).findFirst().orElseThrow();
    assertThat(tail).contains(" -");   // empty group: no metrics
  }

  @Test
  void warnsWhenReportsAreNotComparableAndFailsOnMissingReports() throws Exception {
    Path a = tmp.resolve("a.json");
    Path b = tmp.resolve("b.json");
    Files.writeString(a, report("sha256:a", 0.5, 0.25, 0.1));
    Files.writeString(b, report("sha256:other", 0.5, 0.25, 0.1));
    assertThat(CliRun.of("compare", a.toString(), b.toString()).out()).contains("warning: b.json");
    Path emptyRun = tmp.resolve("run");
    Files.createDirectories(emptyRun);
    CliRun r = CliRun.of("compare", emptyRun.toString(), a.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("test-report.json not found").contains("no test report");
    CliRun at5 = CliRun.of("compare", a.toString(), b.toString(), "--cutoff", "5");
    assertThat(at5.exitCode()).isEqualTo(1);
    assertThat(at5.err()).contains("no metrics at --cutoff 5 (has [10])");
  }
}
