package io.llmesr.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {
  @TempDir
  Path tmp;

  @Test
  void paperPresetMatchesTheSpec() {
    RunConfig c = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/data"), Map.of());
    ModelSpec s = c.model().toSpec(12101);
    assertThat(s).isEqualTo(new ModelSpec(Backbone.SASREC, 12101, 64, 200, 2, 1, 0.5f, Masking.NONE, false));
    assertThat(s.positionRows()).isEqualTo(300);
    assertThat(s.itemRows()).isEqualTo(12103);
    assertThat(c.training()).isEqualTo(new RunConfig.Training(200, 128, 1e-3, 0.9, 0.999, 1e-8, 20, 0.6f, 42, 256, false, false));
    // GRU4Rec uses no dropout at all (docs/model.md §3.3)
    assertThat(RunConfig.resolve(Preset.PAPER, Backbone.GRU4REC, "plain", Path.of("/d"), Map.of()).model()
        .toSpec(10).dropout()).isZero();
  }

  @Test
  void fastPresetMasksPerBackbone() {
    assertThat(RunConfig.resolve(Preset.FAST, Backbone.SASREC, "plain", Path.of("/d"), Map.of()).model().masking())
        .isEqualTo(Masking.CAUSAL);
    assertThat(RunConfig.resolve(Preset.FAST, Backbone.BERT4REC, "plain", Path.of("/d"), Map.of()).model().masking())
        .isEqualTo(Masking.PADDING);
    assertThat(RunConfig.resolve(Preset.FAST, Backbone.GRU4REC, "plain", Path.of("/d"), Map.of()).model()
        .dynamicLength()).isTrue();
  }

  @Test
  void overridesAreTypedAndValidated() {
    RunConfig c = RunConfig.resolve(Preset.PAPER, Backbone.BERT4REC, "plain", Path.of("/d"),
        Map.of("train.lr", "0.002", "model.masking", "padding", "method.alpha", "0.1"));
    assertThat(c.training().lr()).isEqualTo(0.002);
    assertThat(c.model().masking()).isEqualTo(Masking.PADDING);
    assertThat(c.model().methodOptions()).containsEntry("alpha", "0.1");
    assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"),
        Map.of("train.learning_rate", "1"))).hasMessageContaining("unknown configuration key 'train.learning_rate'");
    assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"),
        Map.of("train.batch_size", "many"))).hasMessageContaining("'train.batch_size'").hasMessageContaining("many");
    assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"),
        Map.of("model.dynamic_length", "true"))).hasMessageContaining("dynamic sequence length needs masks");
    assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"),
        Map.of("model.heads", "3"))).hasMessageContaining("must divide");
  }

  @Test
  void validationProtocolDefaultsToThePapersAndReadsOldConfigs() {
    RunConfig c = RunConfig.resolve(Preset.FAST, Backbone.SASREC, "plain", Path.of("/d"), Map.of());
    assertThat(c.eval().validProtocol()).isEqualTo(io.llmesr.eval.EvalProtocol.SAMPLED100);
    Map<String, String> old = new java.util.HashMap<>(c.toMap());
    old.remove("eval.valid_protocol");
    assertThat(RunConfig.fromMap(old)).isEqualTo(c);
    assertThat(RunConfig.resolve(Preset.FAST, Backbone.SASREC, "plain", Path.of("/d"),
        Map.of("eval.valid_protocol", "full")).eval().validProtocol()).isEqualTo(io.llmesr.eval.EvalProtocol.FULL);
    assertThatThrownBy(() -> RunConfig.resolve(Preset.FAST, Backbone.SASREC, "plain", Path.of("/d"),
        Map.of("eval.valid_protocol", "sampled50"))).hasMessageContaining("configuration key 'eval.valid_protocol'").hasMessageContaining("sampled50");
  }

  @Test
  void lengthBucketsFollowTheDynamicLengthAndReadOldConfigs() {
    RunConfig fast = RunConfig.resolve(Preset.FAST, Backbone.SASREC, "llmesr", Path.of("/d"), Map.of());
    RunConfig paper = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "llmesr", Path.of("/d"), Map.of());
    assertThat(fast.training().lengthBuckets()).isTrue();
    assertThat(paper.training().lengthBuckets()).isFalse();
    assertThat(RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "llmesr", Path.of("/d"),
        Map.of("train.length_buckets", "true")).training().lengthBuckets()).isTrue();
    for (RunConfig c : List.of(fast, paper)) {
      Map<String, String> old = new java.util.HashMap<>(c.toMap());
      old.remove("train.length_buckets");
      old.remove("train.loss_norm");
      assertThat(RunConfig.fromMap(old)).isEqualTo(c);
    }
    RunConfig epoch = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "llmesr", Path.of("/d"),
        Map.of("train.loss_norm", "epoch"));
    assertThat(epoch.training().epochLossNorm()).isTrue();
    assertThat(RunConfig.fromMap(epoch.toMap())).isEqualTo(epoch);
    assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "llmesr", Path.of("/d"),
        Map.of("train.loss_norm", "sum"))).hasMessageContaining("train.loss_norm").hasMessageContaining("sum");
  }

  @Test
  void roundTripsThroughTheRunDirectory() throws Exception {
    RunConfig c = RunConfig.resolve(Preset.FAST, Backbone.GRU4REC, "plain", tmp.resolve("data"),
        Map.of("train.epochs", "7", "method.x", "y"));
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    assertThat(run.exists()).isFalse();
    run.writeConfig(c);
    assertThat(run.exists()).isTrue();
    assertThat(run.readConfig()).isEqualTo(c);
    assertThat(run.readConfig().toMap()).isEqualTo(c.toMap());
  }
}
