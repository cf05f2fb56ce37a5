package io.llmesr.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.model.Backbone;
import io.llmesr.model.loss.BinaryCrossEntropy;
import io.llmesr.model.loss.FullSoftmax;
import io.llmesr.model.loss.LossKind;
import io.llmesr.model.loss.NegativeSampling;
import io.llmesr.model.loss.ObjectiveSpec;
import io.llmesr.model.loss.SampledSoftmax;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The objective keys: defaults, round trip, and the refusal of what cannot apply, naming the keys. */
class ObjectiveConfigTest {
  private static RunConfig resolve(String... kv) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) o.put(kv[i], kv[i + 1]);
    return RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"), o);
  }

  @Test
  void thePapersObjectiveIsTheDefaultAndOlderRunsReadAsIt() {
    RunConfig c = resolve();
    assertThat(c.training().objective()).isEqualTo(ObjectiveSpec.PAPER);
    assertThat(c.toMap()).containsEntry("train.loss", "bce").containsEntry("train.negatives", "auto")
        .containsEntry("train.sampler", "uniform").containsEntry("train.gbce_t", "0.75")
        .containsEntry("train.ce_chunk", "2048");
    Map<String, String> old = new HashMap<>(c.toMap());
    for (String k : new String[] {"train.loss", "train.negatives", "train.sampler", "train.gbce_t", "train.ce_chunk"}) {
      old.remove(k);
    }
    assertThat(RunConfig.fromMap(old)).isEqualTo(c);
    assertThat(ObjectiveSpec.PAPER.create(12101)).isSameAs(BinaryCrossEntropy.PAPER);
    assertThat(ObjectiveSpec.PAPER.usesExampleNegatives(12101)).isTrue();
  }

  @Test
  void everyObjectiveResolvesRoundTripsAndBuildsItsLoss() {
    RunConfig ce = resolve("train.loss", "ce", "train.ce_chunk", "100");
    assertThat(RunConfig.fromMap(ce.toMap())).isEqualTo(ce);
    assertThat(ce.training().objective().create(50)).isInstanceOf(FullSoftmax.class)
        .satisfies(o -> assertThat(((FullSoftmax) o).chunk()).isEqualTo(100));
    assertThat(ce.training().objective().negativesPerSlot(50)).isZero();
    RunConfig ss = resolve("train.loss", "Sampled-Softmax", "train.negatives", "8", "train.sampler", "pop");
    assertThat(ss.training().objective()).isEqualTo(new ObjectiveSpec(LossKind.SAMPLED_SOFTMAX, 8, NegativeSampling.POP,
        0.75, 2048));
    assertThat(ss.training().objective().create(50)).isInstanceOf(SampledSoftmax.class);
    assertThat(ss.training().objective().usesExampleNegatives(50)).isFalse();
    RunConfig g = resolve("train.loss", "gbce", "train.gbce_t", "0.5");
    BinaryCrossEntropy gbce = (BinaryCrossEntropy) g.training().objective().create(1001);
    assertThat(gbce.negativesPerSlot()).isEqualTo(256);   // auto: gSASRec's 256
    assertThat(gbce.beta()).isEqualTo(BinaryCrossEntropy.gbceBeta(256, 1001, 0.5));
    // auto on a catalogue smaller than 257 items: N - 1
    assertThat(g.training().objective().negativesPerSlot(20)).isEqualTo(19);
    RunConfig bce4 = resolve("train.negatives", "4");
    assertThat(bce4.training().objective().create(50).negativesPerSlot()).isEqualTo(4);
    assertThat(bce4.training().objective().usesExampleNegatives(50)).isFalse();
    assertThat(RunConfig.fromMap(bce4.toMap())).isEqualTo(bce4);
  }

  @Test
  void whatCannotApplyIsRefusedNamingTheKeys() {
    String[][] refused = {
        {"train.loss", "softmax", "'train.loss'"},
        {"train.negatives", "0", "'train.negatives': must be >= 1 (or auto)"},
        {"train.negatives", "-3", "'train.negatives'"},
        {"train.negatives", "many", "'train.negatives'"},
        {"train.sampler", "zipf", "'train.sampler'"},
        {"train.gbce_t", "1.5", "'train.gbce_t': must be in [0,1]"},
        {"train.gbce_t", "-0.1", "'train.gbce_t'"},
        {"train.ce_chunk", "0", "'train.ce_chunk'"}};
    for (String[] r : refused) {
      String loss = r[0].equals("train.ce_chunk") ? "ce" : r[0].equals("train.gbce_t") ? "gbce" : "bce";
      Map<String, String> o = new HashMap<>(Map.of(r[0], r[1]));
      if (!r[0].equals("train.loss")) o.put("train.loss", loss);
      assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"), o))
          .as(r[0] + "=" + r[1]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(r[2]);
    }
    assertThatThrownBy(() -> resolve("train.loss", "ce", "train.negatives", "5"))
        .hasMessageContaining("'train.negatives' does not apply to 'train.loss=ce'");
    assertThatThrownBy(() -> resolve("train.loss", "ce", "train.negatives", "auto"))
        .hasMessageContaining("'train.negatives' does not apply to train.loss=ce");
    assertThatThrownBy(() -> resolve("train.loss", "ce", "train.sampler", "pop"))
        .hasMessageContaining("'train.sampler' does not apply to 'train.loss=ce'");
    assertThatThrownBy(() -> resolve("train.loss", "ce", "train.sampler", "uniform"))
        .hasMessageContaining("'train.sampler' does not apply to train.loss=ce");
    assertThatThrownBy(() -> resolve("train.loss", "gbce", "train.sampler", "pop"))
        .hasMessageContaining("'train.loss=gbce' needs 'train.sampler=uniform'");
    assertThatThrownBy(() -> resolve("train.gbce_t", "0.5"))
        .hasMessageContaining("'train.gbce_t' does not apply to train.loss=bce");
    assertThatThrownBy(() -> resolve("train.loss", "sampled-softmax", "train.ce_chunk", "64"))
        .hasMessageContaining("'train.ce_chunk' does not apply to train.loss=sampled-softmax");
    // more negatives than the dataset's other items: refused when the dataset is known
    ObjectiveSpec tooMany = resolve("train.loss", "sampled-softmax", "train.negatives", "30").training().objective();
    assertThatThrownBy(() -> tooMany.create(20)).hasMessageContaining("'train.negatives' = 30 exceeds the 19 other items");
  }
}
