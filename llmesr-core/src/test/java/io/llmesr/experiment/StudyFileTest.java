package io.llmesr.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.model.Backbone;
import io.llmesr.run.Preset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading study files: the fields, their defaults, and refusals naming file, line and field. */
class StudyFileTest {
  @TempDir Path tmp;
  private Path ds;

  @BeforeEach
  void dataset() throws IOException {
    ds = Files.createDirectories(tmp.resolve("beauty"));
  }

  private Path study(String yaml) throws IOException {
    return Files.writeString(tmp.resolve("s.yaml"), yaml.replace("DS", ds.toString()));
  }

  @Test
  void readsEveryField() throws IOException {
    Study s = StudyFile.read(study("""
        # a comment
        name: demo
        datasets: [DS]
        backbones: [sasrec, gru4rec]
        methods:
          - plain
          - id: llmesr
            label: llmesr-a
            set:
              method.alpha: [0.01, 0.1]
        seeds: [42, 43]
        preset: fast
        epochs: 3
        protocols: [sampled100, full]
        set:
          train.lr: 0.002
          model.hidden_size: [16, 32]
        """));
    assertThat(s.name()).isEqualTo("demo");
    assertThat(s.datasets()).extracting(Study.DatasetRef::name).containsExactly("beauty");
    assertThat(s.backbones()).containsExactly(Backbone.SASREC, Backbone.GRU4REC);
    assertThat(s.methods()).extracting(Study.MethodEntry::label).containsExactly("plain", "llmesr-a");
    assertThat(s.methods().get(1).method()).isEqualTo("llmesr");
    assertThat(s.methods().get(1).set()).isEqualTo(Map.of("method.alpha", List.of("0.01", "0.1")));
    assertThat(s.seeds()).containsExactly(42L, 43L);
    assertThat(s.preset()).isEqualTo(Preset.FAST);
    assertThat(s.epochs()).isEqualTo(3);
    assertThat(s.protocols()).containsExactly(EvalProtocol.SAMPLED100, EvalProtocol.FULL);
    assertThat(s.set()).containsEntry("train.lr", List.of("0.002")).containsEntry("model.hidden_size", List.of("16", "32"));
    assertThat(s.sweptKeys(s.methods().get(1))).containsExactly("model.hidden_size", "method.alpha");
  }

  @Test
  void defaults() throws IOException {
    Study s = StudyFile.read(study("datasets: DS\nbackbones: sasrec\nmethods: plain\nseeds: 42\nepochs: 1\n"));
    assertThat(s.name()).isEqualTo("s");
    assertThat(s.preset()).isEqualTo(Preset.PAPER);
    assertThat(s.protocols()).containsExactly(EvalProtocol.SAMPLED100);
    assertThat(s.set()).isEmpty();
  }

  private void refused(String yaml, int line, String field, String... words) throws IOException {
    Path f = study(yaml);
    assertThatThrownBy(() -> StudyFile.read(f)).isInstanceOfSatisfying(StudyFileException.class, e -> {
      assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
      assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
      assertThat(e.getMessage()).startsWith(f + ":" + line + ": ").contains(words);
    });
  }

  private static final String OK = "datasets: [DS]\nbackbones: [sasrec]\nmethods: [plain]\nseeds: [42]\nepochs: 1\n";

  @Test
  void refusesUnknownAndMissingFields() throws IOException {
    refused(OK + "epoch: 2\n", 6, "epoch", "unknown field", "epochs");
    refused("datasets: [DS]\nbackbones: [sasrec]\nmethods: [plain]\nepochs: 1\n", 1, "seeds", "missing");
    refused(OK.replace("methods: [plain]", "methods:\n  - id: plain\n    lable: x"), 5, "methods[0].lable",
        "unknown field");
    refused(OK + "seeds: [1]\n", 6, "seeds", "given twice", "line 4");
  }

  @Test
  void refusesBadValues() throws IOException {
    refused(OK.replace("[sasrec]", "[sasrec, transformer]"), 2, "backbones", "transformer");
    refused(OK.replace("epochs: 1", "epochs: 0"), 5, "epochs", "at least 1");
    refused(OK.replace("epochs: 1", "epochs: many"), 5, "epochs", "not an integer");
    refused(OK.replace("[42]", "[42, 42]"), 4, "seeds", "repeated");
    refused(OK + "protocols: [sampled100, sampled1000]\n", 6, "protocols", "sampled1000");
    refused(OK + "preset: quick\n", 6, "preset", "quick");
    refused(OK.replace("[DS]", "[DS, " + tmp.resolve("nope") + "]"), 1, "datasets", "no dataset directory");
    refused(OK + "set: [1, 2]\n", 6, "set", "expected a mapping");
  }

  @Test
  void refusesOverridesThatTrainWouldRefuse() throws IOException {
    refused(OK + "set:\n  train.lr: 0.001\n  train.learning_rate: [1, 2]\n", 8, "set.train.learning_rate",
        "unknown configuration key");
    refused(OK + "set:\n  model.dropout: [0.1, nine]\n", 7, "set.model.dropout", "model.dropout");
    refused(OK + "set:\n  train.seed: 3\n", 7, "set.train.seed", "seeds");
    // a method option the entry's method does not declare, on the line of the key inside the method entry
    refused(OK.replace("methods: [plain]", "methods:\n  - plain\n  - id: llmesr\n    set:\n      method.alpah: 0.1"),
        7, "methods[1].set.method.alpah", "alpah", "llmesr");
    // ... and a study-wide one that one of the methods refuses
    refused(OK.replace("methods: [plain]", "methods: [plain, llmesr]") + "set:\n  method.alpha: 0.1\n", 7,
        "set.method.alpha", "alpha", "plain");
    refused(OK.replace("methods: [plain]", "methods: [plian]"), 3, "methods[0]", "unknown method 'plian'");
  }

  @Test
  void refusesBadSyntaxAndDuplicateLabels() throws IOException {
    refused(OK + "set: {a: 1\n", 6, null, "not valid YAML", "flow mapping");
    refused(OK.replace("methods: [plain]", "methods: [plain, plain]"), 3, "methods[1]", "used twice");
    refused(OK.replace("methods: [plain]", "methods:\n  - id: plain\n    label: a b"), 5, "methods[0].label",
        "letters");
  }
}
