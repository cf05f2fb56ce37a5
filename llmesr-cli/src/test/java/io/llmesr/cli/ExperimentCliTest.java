package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.Interaction;
import io.llmesr.data.ItemSource;
import io.llmesr.data.RawData;
import io.llmesr.eval.EvalGroup;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.experiment.RunResources;
import io.llmesr.experiment.StudyFile;
import io.llmesr.experiment.StudyPlan;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.prepare.PrepareOptions;
import io.llmesr.prepare.Preparer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmesr experiment} on a tiny study (tiny dataset, 2 epochs, 2 methods, 2 seeds, full ranking): the plan,
 * a run interrupted after its first epoch resumed to the same parameters as an uninterrupted run, the report's
 * numbers against the runs' own reports, a second invocation that skips everything, and a refused study file.
 */
class ExperimentCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Path dataset;

  @BeforeAll
  static void prepareDataset() throws Exception {
    Random r = new Random(5);
    List<Interaction> rows = new ArrayList<>();
    for (int u = 0; u < 150; u++) {
      int n = 4 + r.nextInt(10);
      int cur = r.nextInt(200);
      for (int j = 0; j < n; j++) {
        rows.add(new Interaction("u" + u, "item" + cur, 1000L * u + j, 5.0));
        cur = (cur * 7 + 3) % 200;
      }
    }
    RawData raw = new RawData("memory", sink -> rows.forEach(sink), ItemSource.none(), List.of(), null);
    dataset = tmp.resolve("tiny");
    DatasetIO.write(Preparer.prepare(raw, PrepareOptions.paper("experiment-test", false)), dataset, false);
  }

  private static Path study() throws Exception {
    return Files.writeString(tmp.resolve("tiny-study.yaml"), """
        name: tiny
        datasets: [%s]
        backbones: [sasrec]
        methods:
          - plain
          - {id: plain, label: lr, set: {train.lr: 0.01}}
        seeds: [1, 2]
        preset: fast
        epochs: 2
        protocols: [full]
        set: {model.hidden_size: 16, model.max_len: 20, train.batch_size: 32, train.eval_batch_size: 64}
        """.formatted(dataset));
  }

  @Test
  void plansRunsResumesSkipsAndReports() throws Exception {
    Path study = study();
    Path out = tmp.resolve("out");
    CliRun plan = CliRun.of("experiment", study.toString(), "--out", out.toString(), "--plan");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("tiny/sasrec-plain-s1: llmesr train", "tiny/sasrec-plain-s2", "tiny/sasrec-lr-s1",
        "tiny/sasrec-lr-s2", "--set train.lr=0.01", "4 runs");
    assertThat(out).doesNotExist();

    // one run interrupted after its first epoch: what a kill leaves (checkpoints/last after epoch 1) is what a run
    // stopped by its budget after epoch 1 leaves, but for the epoch budget in its configuration. It runs in a child
    // JVM with one PyTorch thread, as the experiment's children do with --jobs 2 on two threads (a thread count
    // changes the floating-point sums), and so does the uninterrupted reference.
    StudyPlan p = StudyPlan.of(StudyFile.read(study), out);
    StudyPlan.PlannedRun interrupted = p.runs().get(3);
    assertThat(interrupted.name()).isEqualTo("sasrec-lr-s2");
    Path log = tmp.resolve("children.log");
    List<String> args = new ArrayList<>(interrupted.trainArgs(p.study()));
    args.set(args.indexOf("--epochs") + 1, "1");
    assertThat(ChildCli.run(log, args.toArray(String[]::new))).as(Files.readString(log)).isZero();
    ObjectNode config = (ObjectNode) JSON.readTree(interrupted.dir().resolve("config.json").toFile());
    config.put("train.epochs", "2");
    Files.writeString(interrupted.dir().resolve("config.json"), JSON.writeValueAsString(config));
    List<String> ref = new ArrayList<>(interrupted.trainArgs(p.study()));
    Path refDir = tmp.resolve("reference");
    ref.set(ref.indexOf("--out") + 1, refDir.toString());
    assertThat(ChildCli.run(log, ref.toArray(String[]::new))).as(Files.readString(log)).isZero();

    CliRun first = CliRun.of("experiment", study.toString(), "--out", out.toString(), "--jobs", "2");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("tiny: 4 runs, 0 finished, 4 to do (1 interrupted: resuming)",
        "resume tiny/sasrec-lr-s2", "start tiny/sasrec-plain-s1", "done tiny/sasrec-lr-s1");
    assertThat(first.out()).contains("report: " + out.resolve("report.md"));
    for (String f : new String[] {"checkpoints/best/params.bin", "checkpoints/last/params.bin",
        "checkpoints/last/adam_v.bin", "checkpoints/last/state.json"}) {
      assertThat(interrupted.dir().resolve(f)).as(f).hasSameBinaryContentAs(refDir.resolve(f));
    }
    assertThat(Files.readAllLines(interrupted.dir().resolve("metrics.csv"))).hasSize(3);

    // the report's cells are mean ± sample std of the runs' own reports
    String md = Files.readString(out.resolve("report.md"));
    for (EvalProtocol protocol : List.of(EvalProtocol.FULL)) {
      String section = md.substring(md.indexOf("### tiny / sasrec / " + protocol.label()));
      for (String label : List.of("plain", "lr")) {
        String row = section.lines().filter(l -> l.startsWith("| " + label + " |")).findFirst().orElseThrow();
        for (EvalGroup g : EvalGroup.values()) {
          for (String metric : List.of("HR@10", "NDCG@10")) {
            double[] v = new double[2];
            for (int s = 0; s < 2; s++) {
              v[s] = EvalReport.readJson(out.resolve("runs/tiny/sasrec-" + label + "-s" + (s + 1))
                  .resolve("test-" + protocol.label() + ".json")).metric(g, metric);
            }
            double mean = (v[0] + v[1]) / 2;
            double std = Math.abs(v[0] - v[1]) / Math.sqrt(2);   // sample std of two values
            assertThat(row).as(protocol + " " + label + " " + g + " " + metric)
                .contains(String.format(Locale.ROOT, "%.4f ± %.4f", mean, std));
          }
        }
      }
      // in each column with values, exactly one of the two rows is bold and the other underlined
      List<String[]> rows = section.lines().takeWhile(l -> !l.startsWith("| column"))
          .filter(l -> l.startsWith("| plain |") || l.startsWith("| lr |")).map(l -> l.split("\\|")).toList();
      assertThat(rows).hasSize(2);
      for (int c = 3; c < 13; c++) {
        String a = rows.get(0)[c].trim();
        String b = rows.get(1)[c].trim();
        if (a.equals("–") && b.equals("–")) continue;
        assertThat(a.startsWith("**") ^ b.startsWith("**")).as(a + " / " + b).isTrue();
        assertThat(a.startsWith("<u>") ^ b.startsWith("<u>")).as(a + " / " + b).isTrue();
      }
    }
    assertThat(md).contains("| tiny/sasrec-plain-s1 | done | 2 |", "MiB", "## Reproduce",
        "./llmesr experiment " + study + " --out " + out + " --jobs 2");
    for (StudyPlan.PlannedRun r : p.runs()) {
      assertThat(r.ranks(EvalProtocol.FULL)).isNotEmptyFile();
      assertThat(RunResources.read(r.dir()).trainingAttempts()).hasSize(1);
    }

    // again: everything is skipped
    CliRun second = CliRun.of("experiment", study.toString(), "--out", out.toString());
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("tiny: 4 runs, 4 finished, 0 to do").doesNotContain("start ");
    for (StudyPlan.PlannedRun r : p.runs()) {
      assertThat(RunResources.read(r.dir()).trainingAttempts()).hasSize(1);
    }
    assertThat(Files.readString(out.resolve("report.md"))).isEqualTo(md.replace(" --jobs 2", ""));
  }

  @Test
  void aFailingRunIsReportedAndTheReportStillWritten() throws Exception {
    // llminit needs the PCA table of the LLM item embeddings, which this dataset does not have: train fails
    Path study = Files.writeString(tmp.resolve("failing.yaml"), "datasets: [" + dataset + "]\nbackbones: [sasrec]\n"
        + "methods: [llminit]\nseeds: [1]\nepochs: 1\nset: {model.hidden_size: 16, model.max_len: 20}\n");
    Path out = tmp.resolve("failing-out");
    CliRun r = CliRun.of("experiment", study.toString(), "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    Path log = out.resolve("logs/tiny/sasrec-llminit-s1.log");
    assertThat(r.err()).contains("FAILED tiny/sasrec-llminit-s1 (train exit 1; see " + log + ")",
        "1 run(s) failed");
    assertThat(Files.readString(log)).contains("pca16.f32");
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("No run has been evaluated yet.", "| tiny/sasrec-llminit-s1 | unfinished (exit 1) |");
  }

  @Test
  void refusesABadStudyFileNamingFileLineAndField() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), "datasets: [" + dataset + "]\nmethods: [plain]\n"
        + "backbones: [sasrec, transformer]\nseeds: [1]\nepochs: 1\n");
    CliRun r = CliRun.of("experiment", bad.toString(), "--out", tmp.resolve("bad-out").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains(bad + ":3: field 'backbones': unknown backbone 'transformer'");
    assertThat(tmp.resolve("bad-out")).doesNotExist();
  }
}
