package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesAndSweepCliTest {
  @TempDir Path tmp;

  @Test
  void curvesPrintsTheTableAndWritesAPng() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(run.resolve(io.llmesr.run.RunDirectory.METRICS),
        "epoch,loss,valid_hr10,valid_ndcg10,train_seconds,valid_seconds,steps,improved\n"
            + "1,1.0,0.30,0.20,10.0,1.0,5,true\n2,0.9,0.40,0.30,12.0,1.0,5,true\n");
    Path png = tmp.resolve("curves.png");
    CliRun r = CliRun.of("curves", "--run", "fast=" + run, "--x", "time", "--plot", png.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("| fast | 2 | 11.0 | 0.3000 (2) |");
    assertThat(png).exists();
    CliRun bad = CliRun.of("curves", "--run", "fast=" + run, "--x", "steps");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("--x must be epoch or time");
  }

  @Test
  void aggregateDrawsASweepOverNumericLabels() throws Exception {
    Path a = tmp.resolve("a.json");
    Path b = tmp.resolve("b.json");
    Files.writeString(a, CompareCommandTest.report("sha256:a", 0.5, 0.25, 0.1));
    Files.writeString(b, CompareCommandTest.report("sha256:a", 0.6, 0.30, 0.2));
    Path png = tmp.resolve("alpha.png");
    CliRun r = CliRun.of("aggregate", "--report", "0.1=" + a, "--report", "1=" + b, "--sweep-plot", png.toString(),
        "--sweep-param", "alpha", "--sweep-groups", "overall,tail_user");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("| 0.1 | 1 | 0.5000 |");
    assertThat(png).exists();
  }
}
