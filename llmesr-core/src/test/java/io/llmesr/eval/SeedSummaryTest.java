package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmesr.prepare.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedSummaryTest {

  /** A report whose every group has HR@10 = hr and NDCG@10 = ndcg (other metrics 0). */
  static EvalReport report(String protocol, double hr, double ndcg, int n) throws Exception {
    StringBuilder groups = new StringBuilder();
    for (EvalGroup g : EvalGroup.values()) {
      if (groups.length() > 0) groups.append(',');
      groups.append(String.format(java.util.Locale.ROOT,
          "\"%s\":{\"HR@10\":%s,\"NDCG@10\":%s,\"MRR\":0.1,\"n\":%d}", g.key(), hr, ndcg, n));
    }
    String json = "{\"protocol\":\"" + protocol + "\",\"split\":\"test\",\"dataset\":{\"name\":\"t\",\"fingerprint\":\"x\"},"
        + "\"seed\":42,\"max_len\":200,\"ks\":[10],"
        + "\"thresholds\":{\"tail_user_below\":9,\"tail_item_below\":4,\"source\":\"explicit\"},"
        + "\"groups\":{" + groups + "}}";
    return EvalReport.fromJson(json);
  }

  @Test
  void meanAndSampleStdOverSeeds() throws Exception {
    SeedSummary s = new SeedSummary()
        .add("a", report("sampled100", 0.5, 0.2, 10))
        .add("a", report("sampled100", 0.7, 0.4, 10))
        .add("a", report("sampled100", 0.6, 0.3, 10))
        .add("b", report("sampled100", 0.3, 0.1, 10));
    // mean(0.5, 0.7, 0.6) = 0.6; sample std = sqrt((0.01 + 0.01 + 0) / 2) = 0.1
    assertThat(s.mean("a", EvalGroup.TAIL_ITEM, "HR@10")).isCloseTo(0.6, within(1e-12));
    assertThat(s.std("a", EvalGroup.TAIL_ITEM, "HR@10")).isCloseTo(0.1, within(1e-12));
    assertThat(s.std("b", EvalGroup.OVERALL, "NDCG@10")).isZero();
    assertThat(s.seeds("a")).isEqualTo(3);
    String md = s.toMarkdown(List.of("HR@10", "NDCG@10"));
    assertThat(md).contains("| a | 3 | 0.6000 ± 0.1000 | 0.3000 ± 0.1000 |");
    assertThat(md).contains("| b | 1 | 0.3000 |");
    assertThat(md).contains("sampled100");
  }

  @Test
  void listMetricsOfFullReportsAggregateLikeRankingMetrics() throws Exception {
    Dataset ds = EvalFixtures.tiny();
    EvalSpec spec = EvalSpec.of(EvalProtocol.FULL, EvalSplit.TEST).withKs(List.of(1, 2))
        .withThresholds(new GroupThresholds(3, 4, "explicit"));
    EvalReport up = new Evaluator().evaluate(ds, EvalFixtures.perItem(i -> i, 5), spec);    // AvgPop@1 = 2.8
    EvalReport down = new Evaluator().evaluate(ds, EvalFixtures.perItem(i -> -i, 5), spec); // lists start at 1
    double avgPopDown = down.metric(EvalGroup.OVERALL, "AvgPop@1");
    SeedSummary s = new SeedSummary().add("m", up).add("m", down);
    assertThat(s.mean("m", EvalGroup.OVERALL, "AvgPop@1")).isCloseTo((2.8 + avgPopDown) / 2, within(1e-12));
    assertThat(s.toMarkdown(List.of("HR@1", "TailShare@1"))).contains("overall TailShare@1");
    SeedSummary sampled = new SeedSummary().add("a", report("sampled100", 0.5, 0.2, 10));
    assertThatThrownBy(() -> sampled.mean("a", EvalGroup.OVERALL, "AvgPop@10"))
        .hasMessageContaining("full ranking only");
  }

  @Test
  void sweepPlotNeedsNumericLabels(@TempDir Path dir) throws Exception {
    SeedSummary s = new SeedSummary().add("0.1", report("sampled100", 0.5, 0.2, 10))
        .add("0.01", report("sampled100", 0.4, 0.2, 10)).add("1", report("sampled100", 0.3, 0.1, 10));
    Path png = dir.resolve("sweep.png");
    s.plotSweep(png, "HR@10", List.of(EvalGroup.OVERALL, EvalGroup.TAIL_ITEM), "alpha", true);
    assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    SeedSummary named = new SeedSummary().add("sasrec", report("sampled100", 0.5, 0.2, 10));
    assertThatThrownBy(() -> named.plotSweep(dir.resolve("x.png"), "HR@10", List.of(EvalGroup.OVERALL), "a", false))
        .hasMessageContaining("numeric labels").hasMessageContaining("sasrec");
  }

  @Test
  void refusesMixedProtocols() throws Exception {
    SeedSummary s = new SeedSummary().add("a", report("sampled100", 0.5, 0.2, 10));
    assertThatThrownBy(() -> s.add("a", report("full", 0.5, 0.2, 10)))
        .hasMessageContaining("full").hasMessageContaining("sampled100");
  }

  @Test
  void plotsAPng(@TempDir Path dir) throws Exception {
    SeedSummary s = new SeedSummary().add("a", report("full", 0.5, 0.2, 10)).add("a", report("full", 0.6, 0.3, 10));
    Path png = dir.resolve("x.png");
    s.plot(png, "HR@10");
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
    assertThat(head).containsExactly(0x89, 'P', 'N', 'G');
  }
}
