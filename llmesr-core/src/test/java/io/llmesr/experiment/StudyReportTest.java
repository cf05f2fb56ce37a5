package io.llmesr.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.eval.EvalGroup;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.GroupMetrics;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.eval.UserRanks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a study whose runs' outputs are written by hand (six users, three variants, two seeds): table cells
 * (mean ± sample std), bold and underline, the signed-rank test of best against second, the resource table, the
 * commands.
 */
class StudyReportTest {
  @TempDir Path tmp;

  // users 0..5: tail users 0 and 1; tail items for users 0, 2, 5
  private static final boolean[] TAIL_USER = {true, true, false, false, false, false};
  private static final boolean[] TAIL_ITEM = {true, false, true, false, false, true};
  private static final Map<String, int[][]> RANKS = Map.of(
      "plain", new int[][] {{0, 3, 20, 1, 0, 50}, {1, 3, 15, 0, 2, 40}},
      "lr", new int[][] {{5, 30, 20, 9, 12, 50}, {0, 30, 30, 9, 11, 60}},
      "drop", new int[][] {{2, 8, 25, 4, 30, 45}, {3, 12, 25, 5, 30, 45}});

  @Test
  void tableBoldUnderlineSignificanceResourcesAndCommands() throws Exception {
    Files.createDirectories(tmp.resolve("ds"));
    Path file = Files.writeString(tmp.resolve("study.yaml"), """
        name: hand
        datasets: [%s]
        backbones: [sasrec]
        methods:
          - plain
          - {id: plain, label: lr, set: {train.lr: 0.01}}
          - {id: plain, label: drop, set: {model.dropout: 0.2}}
        seeds: [1, 2]
        epochs: 2
        protocols: [sampled100]
        """.formatted(tmp.resolve("ds")));
    StudyPlan plan = StudyPlan.of(StudyFile.read(file), tmp.resolve("out"));
    assertThat(plan.runs()).hasSize(6);
    for (StudyPlan.PlannedRun run : plan.runs()) {
      int[] ranks = RANKS.get(run.method().label())[(int) run.seed() - 1];
      write(run, ranks);
    }
    StudyPlan.PlannedRun first = plan.runs().get(0);
    Files.writeString(first.dir().resolve("metrics.csv"), "epoch,loss,valid_hr10,valid_ndcg10,train_seconds,"
        + "valid_seconds,steps,improved\n1,0.5,0.1,0.1,1.50,0.10,3,true\n2,0.4,0.1,0.1,2.50,0.10,3,false\n");
    RunResources res = RunResources.read(first.dir());
    res.addTraining(first.trainArgs(plan.study()), new RunResources.Usage(1, 10, 300 * 1024));
    res.addTraining(first.trainArgs(plan.study()), new RunResources.Usage(0, 20, 500 * 1024));
    res.putEvaluation(EvalProtocol.SAMPLED100, new RunResources.Usage(0, 3, 200 * 1024));

    Path report = StudyReport.write(plan, "./llmesr experiment study.yaml --out out");
    String md = Files.readString(report);

    // overall HR@10 by hand: plain 4/6 and 4/6; lr 2/6 and 2/6; drop 3/6 and 2/6 (mean 0.4167, std 0.1179)
    assertThat(row(md, "plain")).contains("| plain | 2/2 | **0.6667 ± 0.0000** |");
    assertThat(row(md, "drop")).contains("| drop | 2/2 | <u>0.4167 ± 0.1179</u> |");
    assertThat(row(md, "lr")).contains("| lr | 2/2 | 0.3333 ± 0.0000 |");
    // every cell as recomputed from the ranks: mean and sample std over seeds of the group's mean metric
    for (String label : List.of("plain", "lr", "drop")) {
      List<String> cells = cells(row(md, label));
      int c = 2;
      for (EvalGroup g : EvalGroup.values()) {
        for (String metric : List.of("HR@10", "NDCG@10")) {
          double[] v = new double[2];
          for (int s = 0; s < 2; s++) v[s] = groupMean(RANKS.get(label)[s], g, metric);
          double mean = (v[0] + v[1]) / 2;
          double std = Math.abs(v[0] - v[1]) / Math.sqrt(2);
          assertThat(cells.get(c++)).as(label + " " + g + " " + metric)
              .contains(String.format(Locale.ROOT, "%.4f ± %.4f", mean, std));
        }
      }
    }
    // head item HR@10 (users 1, 3, 4): plain 3/3 and 3/3, drop 2/3 and 1/3, lr 1/3 and 1/3
    assertThat(cells(row(md, "plain")).get(6)).startsWith("**1.0000 ± 0.0000**");
    assertThat(cells(row(md, "drop")).get(6)).isEqualTo("<u>0.5000 ± 0.2357</u>");
    assertThat(cells(row(md, "lr")).get(6)).isEqualTo("0.3333 ± 0.0000");
    // best against second, overall HR@10, seeds pooled per user: d = (0, .5, 0, 0, 1, 0) -> n = 2, W+ = 3,
    // z = (3 - 1.5 - 0.5) / sqrt(1.25) = 0.894, p = 0.3711 (SciPy: 0.37109)
    assertThat(md).contains("| overall HR@10 | plain | drop | +0.2500 | 6 | 2 | 0.89 | 0.3711 |");
    assertThat(md).contains("Wilcoxon signed-rank");
    assertThat(tmp.resolve("out/groups-ds-sasrec-sampled100.png")).isNotEmptyFile();
    // resources: two invocations (10 s + 20 s), peak 500 MiB, 2 epochs of 2.00 s on average
    assertThat(md).contains("| ds/sasrec-plain-s1 | done | 2 | 2.00 | 30.0s | 500 MiB | 2 | 3.0s | 200 MiB |");
    assertThat(md).contains("| ds/sasrec-lr-s2 | not run | – |");
    // commands
    assertThat(md).contains("./llmesr experiment study.yaml --out out\n");
    assertThat(md).contains("./llmesr train " + tmp.resolve("ds") + " --backbone sasrec --method plain --preset paper"
        + " --seed 2 --epochs 2 --set model.dropout=0.2 --out " + tmp.resolve("out/runs/ds/sasrec-drop-s2")
        + " --no-test\n");
    assertThat(md).contains("./llmesr evaluate " + tmp.resolve("out/runs/ds/sasrec-drop-s2") + " --protocol sampled100");
  }

  @Test
  void sweepGetsCurves() throws Exception {
    Files.createDirectories(tmp.resolve("ds"));
    Path file = Files.writeString(tmp.resolve("study.yaml"), "datasets: [" + tmp.resolve("ds") + "]\n"
        + "backbones: [sasrec]\nmethods: [plain]\nseeds: [1, 2]\nepochs: 1\nset: {train.lr: [0.001, 0.01, 0.1]}\n");
    StudyPlan plan = StudyPlan.of(StudyFile.read(file), tmp.resolve("out"));
    int i = 0;
    for (StudyPlan.PlannedRun run : plan.runs()) write(run, RANKS.get("plain")[i++ % 2]);
    String md = Files.readString(StudyReport.write(plan, "x"));
    assertThat(md).contains("## Sweeps").contains("NDCG@10 against train.lr — ds / sasrec / plain / sampled100");
    assertThat(tmp.resolve("out/curve-ds-sasrec-plain-train.lr-sampled100-NDCG_10.png")).isNotEmptyFile();
    assertThat(md).contains("| plain train.lr=0.001 | 2/2 |");
  }

  /** The run's sampled100 report and ranks for the given per-user ranks. */
  private static void write(StudyPlan.PlannedRun run, int[] ranks) throws Exception {
    Files.createDirectories(run.dir());
    int m = ranks.length;
    int[] users = new int[m];
    int[] targets = new int[m];
    int[] ones = new int[m];
    List<String> ids = new ArrayList<>();
    for (int u = 0; u < m; u++) {
      users[u] = u;
      targets[u] = u + 1;
      ones[u] = 101;
      ids.add("x" + u);
    }
    ids.add("x" + m);
    UserRanks ur = new UserRanks(users, targets, ranks, ones, ones, ones, TAIL_USER, TAIL_ITEM, ids, ids);
    ur.writeCsv(run.ranks(EvalProtocol.SAMPLED100));
    Map<EvalGroup, GroupMetrics> groups = new EnumMap<>(EvalGroup.class);
    for (EvalGroup g : EvalGroup.values()) {
      List<Integer> in = new ArrayList<>();
      for (int u = 0; u < m; u++) if (g.contains(TAIL_USER[u], TAIL_ITEM[u])) in.add(ranks[u]);
      groups.put(g, GroupMetrics.of(List.of(10), in.stream().mapToInt(Integer::intValue).toArray()));
    }
    new EvalReport(EvalProtocol.SAMPLED100, EvalSplit.TEST, "ds", "sha256:x", 42L, null, 50, List.of(10),
        new GroupThresholds(3, 4, "explicit"), groups, Map.of(), 0.1, null).writeJson(run.report(EvalProtocol.SAMPLED100));
  }

  /** The group's mean HR@10 or NDCG@10 by the metric's definition (hit: rank < 10; NDCG: 1 / log2(rank + 2)). */
  private static double groupMean(int[] ranks, EvalGroup g, String metric) {
    double sum = 0;
    int n = 0;
    for (int u = 0; u < ranks.length; u++) {
      if (!g.contains(TAIL_USER[u], TAIL_ITEM[u])) continue;
      n++;
      if (ranks[u] < 10) sum += metric.equals("HR@10") ? 1 : 1 / (Math.log(ranks[u] + 2) / Math.log(2));
    }
    return sum / n;
  }

  private static String row(String md, String label) {
    return md.lines().filter(l -> l.startsWith("| " + label + " |")).findFirst().orElseThrow();
  }

  private static List<String> cells(String row) {
    List<String> out = new ArrayList<>();
    for (String c : row.substring(1, row.length() - 1).split("\\|")) out.add(c.trim());
    return out;
  }
}
