package io.llmesr.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.eval.EvalProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning: the cross product, its order, stable directory names and the commands of each run. */
class StudyPlanTest {
  @TempDir Path tmp;

  @Test
  void crossProductWithSweepsAndStableNames() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("data/a"));
    Path b = Files.createDirectories(tmp.resolve("data/b"));
    Path f = Files.writeString(tmp.resolve("s.yaml"), """
        datasets: [%s, %s]
        backbones: [sasrec, bert4rec]
        methods:
          - plain
          - id: llmesr
            label: esr
            set: {method.alpha: [0.1, 1]}
        seeds: [1, 2]
        epochs: 2
        preset: fast
        protocols: [full, sampled100]
        set: {train.lr: 0.002, model.hidden_size: [16, 32]}
        """.formatted(a, b));
    StudyPlan plan = StudyPlan.of(StudyFile.read(f), Path.of("out"));
    // 2 datasets x 2 backbones x (plain: 2 sizes + esr: 2 sizes x 2 alphas) x 2 seeds
    assertThat(plan.runs()).hasSize(2 * 2 * (2 + 4) * 2);
    List<String> first = plan.runs().subList(0, 12).stream().map(StudyPlan.PlannedRun::name).toList();
    assertThat(first).containsExactly(
        "sasrec-plain-hidden_size=16-s1", "sasrec-plain-hidden_size=16-s2",
        "sasrec-plain-hidden_size=32-s1", "sasrec-plain-hidden_size=32-s2",
        "sasrec-esr-hidden_size=16-alpha=0.1-s1", "sasrec-esr-hidden_size=16-alpha=0.1-s2",
        "sasrec-esr-hidden_size=16-alpha=1-s1", "sasrec-esr-hidden_size=16-alpha=1-s2",
        "sasrec-esr-hidden_size=32-alpha=0.1-s1", "sasrec-esr-hidden_size=32-alpha=0.1-s2",
        "sasrec-esr-hidden_size=32-alpha=1-s1", "sasrec-esr-hidden_size=32-alpha=1-s2");
    assertThat(plan.runs().stream().map(StudyPlan.PlannedRun::dir).distinct()).hasSize(plan.runs().size());
    StudyPlan.PlannedRun r = plan.runs().get(5);
    assertThat(r.dir()).isEqualTo(Path.of("out/runs/a/sasrec-esr-hidden_size=16-alpha=0.1-s2"));
    assertThat(r.variant()).isEqualTo("esr model.hidden_size=16 method.alpha=0.1");
    assertThat(r.sweep()).isEqualTo(Map.of("model.hidden_size", "16", "method.alpha", "0.1"));
    assertThat(r.trainArgs(plan.study())).containsExactly("train", a.toString(), "--backbone", "sasrec", "--method",
        "llmesr", "--preset", "fast", "--seed", "2", "--epochs", "2", "--set", "train.lr=0.002",
        "--set", "model.hidden_size=16", "--set", "method.alpha=0.1", "--out", r.dir().toString(), "--no-test");
    assertThat(r.evaluateArgs(EvalProtocol.FULL)).containsExactly("evaluate", r.dir().toString(), "--protocol", "full",
        "--json-file", r.dir().resolve("test-full.json").toString(), "--ranks",
        r.dir().resolve("test-full-ranks.csv").toString());
    assertThat(plan.runs().get(24).dir()).isEqualTo(Path.of("out/runs/b/sasrec-plain-hidden_size=16-s1"));
    assertThat(plan.runs().get(12).name()).isEqualTo("bert4rec-plain-hidden_size=16-s1");
  }
}
