package io.llmesr.model.llmesr;

import static io.llmesr.model.llmesr.LlmEsrFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.llmesr.model.Backbone;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.TrainingBatch;
import io.llmesr.prepare.Dataset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class LlmEsrModelTest {
  static final int USERS = 24;
  static final int ITEMS = 40;
  static final int LLM_DIM = 24;
  static final int D = 16;
  static final int L = 12;

  final Dataset ds = dataset(USERS, ITEMS, 14, 1);
  final LlmEsrTables tables = tables(USERS, ITEMS, LLM_DIM, D, 5, 2);

  LlmEsrOptions opts(Ablation... a) {
    return new LlmEsrOptions(0.1, 3, TeacherMode.BATCH, 2, a.length == 0 ? Set.of() : Set.of(a));
  }

  @ParameterizedTest
  @EnumSource(Backbone.class)
  void shapesForEveryBackbone(Backbone backbone) {
    ModelSpec spec = spec(backbone, ITEMS, D, L, 0.5f);
    try (LlmEsrModel model = model(spec, tables, opts(), ds, 7)) {
      assertThat(model.representationDim()).isEqualTo(2 * D);
      int[] users = firstUsers(5);
      try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        int[][] hist = new int[users.length][];
        for (int i = 0; i < users.length; i++) hist[i] = ds.evalInput(users[i], false);
        SequenceBatch pb = model.predictionBatch(hist, users);
        BatchArrays arrays = new BatchArrays(pb, m);
        Forward eval = new Forward(m, false);
        assertThat(model.hiddenStates(arrays, eval).getShape()).isEqualTo(new Shape(5, L, 2 * D));
        NDArray u = model.encode(arrays, eval);
        assertThat(u.getShape()).isEqualTo(new Shape(5, 2 * D));
        NDArray cand = m.create(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new Shape(5, 2));
        assertThat(model.scoreCandidates(arrays, cand, eval).getShape()).isEqualTo(new Shape(5, 2));
        assertThat(model.scoreItemRange(u, 1, ITEMS + 1, eval).getShape()).isEqualTo(new Shape(5, ITEMS));
        TrainingBatch tb = trainingBatch(ds, spec, users, 3);
        var loss = model.loss(tb, new Forward(m, true));
        assertThat(loss.parts()).containsOnlyKeys("rec", "sd");
        assertThat(loss.total().getShape().isScalar()).isTrue();
        assertThat(Float.isFinite(loss.total().getFloat())).isTrue();
      }
    }
  }

  @Test
  void scoresAreTheSumOfThePerViewDotProducts() {
    ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, L, 0.5f);
    try (LlmEsrModel model = model(spec, tables, opts(), ds, 7);
         NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      int[] users = firstUsers(3);
      int[][] hist = new int[3][];
      for (int i = 0; i < 3; i++) hist[i] = ds.evalInput(i, false);
      BatchArrays arrays = new BatchArrays(model.predictionBatch(hist, users), m);
      Forward eval = new Forward(m, false);
      float[] u = model.encode(arrays, eval).toFloatArray();
      long[] cand = {4, 9, 17};
      float[] scores = model.scoreCandidates(arrays, m.create(new long[] {4, 9, 17, 4, 9, 17, 4, 9, 17}, new Shape(3, 3)), eval)
          .toFloatArray();
      float[] id = model.dualItems().idTable().toFloatArray();
      float[] sem = model.dualItems().semantic(m.create(cand), m).toFloatArray();   // 3×D
      for (int b = 0; b < 3; b++) {
        for (int c = 0; c < 3; c++) {
          double expected = 0;
          for (int j = 0; j < D; j++) {
            expected += u[b * 2 * D + j] * id[(int) cand[c] * D + j];          // u_id · id_emb_j (unscaled)
            expected += u[b * 2 * D + D + j] * sem[c * D + j];                 // u_sem · Adapter(llm_j)
          }
          assertThat((double) scores[b * 3 + c]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3));
        }
      }
    }
  }

  @Test
  void collaborativeTableStartsFromPcaWithZeroPaddingAndMaskRows() {
    ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, L, 0.5f);
    try (LlmEsrModel model = model(spec, tables, opts(), ds, 7)) {
      float[] id = model.dualItems().idTable().toFloatArray();
      assertThat(id).hasSize((ITEMS + 2) * D);
      for (int j = 0; j < D; j++) {
        assertThat(id[j]).isZero();
        assertThat(id[(ITEMS + 1) * D + j]).isZero();
        assertThat(id[5 * D + j]).isEqualTo(tables.pcaItems()[5 * D + j]);
      }
      float[] llm = model.dualItems().llmTable().array().toFloatArray();
      assertThat(llm).hasSize((ITEMS + 2) * LLM_DIM);
      for (int j = 0; j < LLM_DIM; j++) {
        assertThat(llm[j]).isZero();
        assertThat(llm[(ITEMS + 1) * LLM_DIM + j]).isZero();
        assertThat(llm[7 * LLM_DIM + j]).isEqualTo(tables.llmItems()[7 * LLM_DIM + j]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backbone.class)
  void gradientsReachAdapterIdTableCrossAttentionAndEncoder(Backbone backbone) {
    ModelSpec spec = spec(backbone, ITEMS, D, L, 0.5f);
    try (LlmEsrModel model = model(spec, tables, opts(), ds, 7)) {
      Map<String, float[]> grads = gradients(model, trainingBatch(ds, spec, firstUsers(8), 5));
      for (String name : new String[] {"id_item_emb", "adapter.0.weight", "adapter.0.bias", "adapter.1.weight",
          "adapter.1.bias", "cross_att.llm2id.query.weight", "cross_att.llm2id.key.weight",
          "cross_att.llm2id.value.weight", "cross_att.llm2id.out.weight", "cross_att.id2llm.query.weight",
          "cross_att.id2llm.out.bias"}) {
        assertThat(maxAbs(grads.get(name))).as(name).isGreaterThan(0);
      }
      String encoderParam = backbone.isTransformer() ? "encoder.block0.attn.in_proj.weight" : "encoder.gru.weight_ih_l0";
      assertThat(maxAbs(grads.get(encoderParam))).as(encoderParam).isGreaterThan(0);
      if (backbone.isTransformer()) assertThat(maxAbs(grads.get("pos_emb"))).isGreaterThan(0);
      assertThat(grads).doesNotContainKey(FrozenItemTable.NAME);
    }
  }

  @Test
  void frozenTableHasNoGradientNoOptimiserSlotAndIsBitIdenticalAfterTraining() {
    ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, L, 0.5f);
    try (LlmEsrModel model = model(spec, tables, opts(), ds, 7)) {
      ParameterStore store = model.parameters();
      ParameterStore.Param frozen = store.get(FrozenItemTable.NAME);
      assertThat(frozen.trainable()).isFalse();
      assertThat(frozen.persisted()).isFalse();
      assertThat(store.trainableParams()).extracting(ParameterStore.Param::name).doesNotContain(FrozenItemTable.NAME);
      assertThat(JniUtils.requiresGrad((PtNDArray) frozen.array())).isFalse();
      float[] before = frozen.array().toFloatArray();
      float[] idBefore = store.get(DualViewItems.ID_TABLE).array().toFloatArray();
      for (int step = 0; step < 3; step++) sgdStep(model, trainingBatch(ds, spec, firstUsers(8), step), 0.1f);
      assertThat(frozen.array().toFloatArray()).isEqualTo(before);
      assertThat(store.get(DualViewItems.ID_TABLE).array().toFloatArray()).isNotEqualTo(idBefore);
      assertThat(frozen.array().hasGradient()).isFalse();
    }
  }

  @Test
  void modelManagerHoldsAConstantNumberOfArraysOverSteps() {
    ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, L, 0.5f);
    try (LlmEsrModel model = model(spec, tables, opts(), ds, 7)) {
      sgdStep(model, trainingBatch(ds, spec, firstUsers(8), 0), 0.01f);    // gradients now exist
      int after1 = model.parameters().manager().getManagedArrays().size();
      for (int step = 1; step < 5; step++) sgdStep(model, trainingBatch(ds, spec, firstUsers(8), step), 0.01f);
      assertThat(model.parameters().manager().getManagedArrays().size()).isEqualTo(after1);
    }
  }
}
