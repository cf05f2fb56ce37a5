package io.llmesr.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCurvesTest {
  @TempDir
  Path tmp;

  private Path run(String name, String... rows) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    StringBuilder sb = new StringBuilder("epoch,loss,valid_hr10,valid_ndcg10,train_seconds,valid_seconds,steps,improved\n");
    for (String r : rows) sb.append(r).append('\n');
    Files.writeString(dir.resolve(RunDirectory.METRICS), sb.toString());
    return dir;
  }

  @Test
  void tableAndCumulativeTime() throws Exception {
    RunCurves c = new RunCurves()
        .add("paper", run("p", "1,1.0,0.30,0.20,80.0,9.0,175,true", "2,0.9,0.35,0.25,82.0,9.0,175,true",
            "3,0.8,0.34,0.24,78.0,9.0,175,false"))
        .add("fast", run("f", "1,1.1,0.28,0.18,10.0,7.0,175,true"));
    assertThat(c.column("paper", "train_seconds_total")).containsExactly(80.0, 162.0, 240.0);
    String md = c.toMarkdown("valid_ndcg10", 2);
    // paper: mean 80 s, best 0.25 at epoch 2; fast stopped before epoch 2
    assertThat(md).contains("| paper | 3 | 80.0 | 0.2500 (2) | 0.2500 |");
    assertThat(md).contains("| fast | 1 | 10.0 | 0.1800 (1) | – |");
    Path png = tmp.resolve("c.png");
    c.plot(png, "valid_ndcg10", RunCurves.XAxis.TRAIN_SECONDS, "t");
    assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void badRowsNameFileLineAndField() throws Exception {
    Path bad = run("bad", "1,1.0,0.30,oops,80.0,9.0,175,true");
    assertThatThrownBy(() -> new RunCurves().add("b", bad))
        .hasMessageContaining("metrics.csv:2").hasMessageContaining("valid_ndcg10").hasMessageContaining("oops");
    assertThatThrownBy(() -> new RunCurves().add("p", run("p2", "1,1.0,0.3,0.2,80.0,9.0,175,true")).column("p", "x"))
        .hasMessageContaining("no column 'x'");
  }
}
