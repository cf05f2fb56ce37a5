package io.llmesr.model.llmesr;

import static io.llmesr.model.llmesr.LlmEsrFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.llmesr.model.Backbone;
import io.llmesr.model.Forward;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.StreamMixer;
import io.llmesr.prepare.Dataset;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each ablation switch changes exactly what it names: parameter names and sizes, and which parts take part. */
class AblationTest {
  static final int USERS = 12;
  static final int ITEMS = 30;
  static final int LLM_DIM = 20;
  static final int D = 8;
  final Dataset ds = dataset(USERS, ITEMS, 10, 3);
  final LlmEsrTables tables = tables(USERS, ITEMS, LLM_DIM, D, 4, 4);
  final ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, 10, 0.5f);

  private LlmEsrModel build(Ablation... a) {
    return model(spec, tables, new LlmEsrOptions(0.1, 3, TeacherMode.BATCH, 2, Set.of(a)), ds, 11);
  }

  /** name → element count of every registered tensor. */
  private static Map<String, Long> shapes(LlmEsrModel m) {
    Map<String, Long> out = new TreeMap<>();
    for (ParameterStore.Param p : m.parameters().all()) out.put(p.name(), p.array().getShape().size());
    return out;
  }

  private static Map<String, Long> without(Map<String, Long> full, String... prefixes) {
    Map<String, Long> out = new TreeMap<>(full);
    out.keySet().removeIf(k -> {
      for (String p : prefixes) if (k.startsWith(p)) return true;
      return false;
    });
    return out;
  }

  @Test
  void fullModelHasTheSpecParameters() {
    try (LlmEsrModel m = build()) {
      Map<String, Long> s = shapes(m);
      long rows = ITEMS + 2;
      assertThat(s).containsEntry("id_item_emb", rows * D)
          .containsEntry("llm_item_emb", rows * LLM_DIM)
          .containsEntry("adapter.0.weight", (long) (LLM_DIM / 2) * LLM_DIM)
          .containsEntry("adapter.0.bias", (long) LLM_DIM / 2)
          .containsEntry("adapter.1.weight", (long) D * (LLM_DIM / 2))
          .containsEntry("adapter.1.bias", (long) D)
          .containsEntry("pos_emb", (long) (10 + 100) * D);
      for (String ca : new String[] {"cross_att.llm2id", "cross_att.id2llm"}) {
        assertThat(s).containsEntry(ca + ".query.weight", (long) D * D).containsEntry(ca + ".key.weight", (long) D * D)
            .containsEntry(ca + ".value.weight", (long) D * D).containsEntry(ca + ".out.weight", (long) D * D)
            .containsEntry(ca + ".out.bias", (long) D);
      }
      assertThat(m.encoders()).hasSize(2);
      assertThat(m.encoders().get(0)).isSameAs(m.encoders().get(1));   // one shared encoder
      assertThat(m.mixer()).isInstanceOf(CrossAttentionMixer.class);
      assertThat(m.distillation()).isNotNull();
      assertThat(m.representationDim()).isEqualTo(2 * D);
    }
  }

  @Test
  void noCrossAttentionRemovesExactlyTheCrossAttentionParameters() {
    try (LlmEsrModel full = build(); LlmEsrModel m = build(Ablation.NO_CA)) {
      assertThat(shapes(m)).isEqualTo(without(shapes(full), "cross_att."));
      assertThat(m.mixer()).isSameAs(StreamMixer.IDENTITY);
      assertThat(m.distillation()).isNotNull();
    }
  }

  @Test
  void noShareAddsExactlyASecondEncoder() {
    try (LlmEsrModel full = build(); LlmEsrModel m = build(Ablation.NO_SHARE)) {
      Map<String, Long> s = shapes(m);
      Map<String, Long> extra = new TreeMap<>(s);
      extra.keySet().removeAll(shapes(full).keySet());
      assertThat(without(s, "sem.")).isEqualTo(shapes(full));
      // the second encoder mirrors the first one name for name
      Map<String, Long> first = new TreeMap<>();
      for (Map.Entry<String, Long> e : shapes(full).entrySet()) {
        if (e.getKey().startsWith("encoder.") || e.getKey().equals("pos_emb")) first.put("sem." + e.getKey(), e.getValue());
      }
      assertThat(extra).isEqualTo(first);
      assertThat(m.encoders()).hasSize(2);
      assertThat(m.encoders().get(0)).isNotSameAs(m.encoders().get(1));
    }
  }

  @Test
  void oneLayerAdapterHasOneLinear() {
    try (LlmEsrModel full = build(); LlmEsrModel m = build(Ablation.ONE_LAYER_ADAPTER)) {
      Map<String, Long> s = shapes(m);
      assertThat(without(s, "adapter.")).isEqualTo(without(shapes(full), "adapter."));
      assertThat(s).containsEntry("adapter.0.weight", (long) D * LLM_DIM).containsEntry("adapter.0.bias", (long) D)
          .doesNotContainKeys("adapter.1.weight", "adapter.1.bias");
      assertThat(m.dualItems().adapter().twoLayer()).isFalse();
    }
  }

  @Test
  void noSelfDistillationDropsOnlyTheAuxiliaryTerm() {
    try (LlmEsrModel full = build(); LlmEsrModel m = build(Ablation.NO_SD);
         NDManager nd = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      assertThat(shapes(m)).isEqualTo(shapes(full));
      assertThat(m.distillation()).isNull();
      assertThat(m.options().effectiveAlpha()).isZero();
      var loss = m.loss(trainingBatch(ds, spec, firstUsers(4), 1), new Forward(nd, true));
      assertThat(loss.parts()).containsOnlyKeys("rec");
    }
  }

  @Test
  void randomIdInitChangesOnlyTheIdTableValues() {
    try (LlmEsrModel full = build(); LlmEsrModel m = build(Ablation.RANDOM_ID_INIT)) {
      assertThat(shapes(m)).isEqualTo(shapes(full));
      float[] pca = full.dualItems().idTable().toFloatArray();
      float[] rnd = m.dualItems().idTable().toFloatArray();
      assertThat(rnd).isNotEqualTo(pca);
      assertThat(rnd[0]).isNotZero();   // xavier over the whole table, padding row included
      for (ParameterStore.Param p : full.parameters().all()) {
        if (p.name().equals(DualViewItems.ID_TABLE)) continue;
        assertThat(m.parameters().get(p.name()).array().toFloatArray()).as(p.name()).isEqualTo(p.array().toFloatArray());
      }
    }
  }

  @Test
  void noSemanticViewIsTheBackboneWithPcaInit() {
    try (LlmEsrModel full = build(); LlmEsrModel m = build(Ablation.NO_SE_VIEW)) {
      assertThat(shapes(m)).isEqualTo(without(shapes(full), "llm_item_emb", "adapter.", "cross_att."));
      assertThat(m.representationDim()).isEqualTo(D);
      assertThat(m.encoders()).hasSize(1);
      assertThat(m.dualItems().idTable().toFloatArray()).isEqualTo(full.dualItems().idTable().toFloatArray());
      assertThat(m.distillation()).isNotNull();
    }
  }

  @Test
  void noCollaborativeViewKeepsOnlyTheSemanticView() {
    try (LlmEsrModel full = build(); LlmEsrModel m = build(Ablation.NO_CO_VIEW);
         NDManager nd = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      assertThat(shapes(m)).isEqualTo(without(shapes(full), "id_item_emb", "cross_att."));
      assertThat(m.representationDim()).isEqualTo(D);
      var loss = m.loss(trainingBatch(ds, spec, firstUsers(4), 1), new Forward(nd, true));
      assertThat(Float.isFinite(loss.total().getFloat())).isTrue();
    }
  }

  @Test
  void bothViewsRemovedIsRejected() {
    assertThatThrownBy(() -> new LlmEsrOptions(0.1, 3, TeacherMode.BATCH, 2, Set.of(Ablation.NO_CO_VIEW, Ablation.NO_SE_VIEW)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no view");
  }

  @Test
  void ablationNamesParse() {
    assertThat(Ablation.parseList("no-ca, One-Layer-Adapter")).containsExactlyInAnyOrder(Ablation.NO_CA, Ablation.ONE_LAYER_ADAPTER);
    assertThat(Ablation.parseList("")).isEmpty();
    assertThatThrownBy(() -> Ablation.parse("no-cross")).hasMessageContaining("no-co-view, no-se-view, no-sd");
  }

  @Test
  void optionsParseFromStringsAndRejectUnknownKeys() {
    LlmEsrOptions o = LlmEsrModelFactory.parseOptions(Map.of("alpha", "0.5", "sim-users", "4", "teacher", "cached",
        "ablation", "no-share"));
    assertThat(o.alpha()).isEqualTo(0.5);
    assertThat(o.simUsers()).isEqualTo(4);
    assertThat(o.teacher()).isEqualTo(TeacherMode.CACHED);
    assertThat(o.ablations()).containsExactly(Ablation.NO_SHARE);
    assertThat(LlmEsrModelFactory.parseOptions(Map.of())).isEqualTo(LlmEsrOptions.paper());
    assertThatThrownBy(() -> LlmEsrModelFactory.parseOptions(Map.of("beta", "1"))).hasMessageContaining("known: ablation, alpha");
    assertThatThrownBy(() -> LlmEsrModelFactory.parseOptions(Map.of("alpha", "x"))).hasMessageContaining("not a number");
    assertThatThrownBy(() -> LlmEsrModelFactory.parseOptions(Map.of("alpha", "-1"))).hasMessageContaining("alpha");
  }
}
