package io.llmesr.model.llmesr;

import static io.llmesr.model.llmesr.LlmEsrFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.llmesr.model.Backbone;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.TrainingBatch;
import io.llmesr.prepare.Dataset;
import java.util.Arrays;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SelfDistillationTest {
  static final int USERS = 16;
  static final int ITEMS = 30;
  static final int D = 8;
  final Dataset ds = dataset(USERS, ITEMS, 10, 5);
  final LlmEsrTables tables = tables(USERS, ITEMS, 12, D, 5, 6);

  @Test
  void teacherInputIsTheTrainingPartMinusItsLastItem() {
    TeacherSequences ts = new TeacherSequences(ds, tables.topSimilar(3));
    for (int u = 0; u < USERS; u++) {
      int[] train = ds.train(u);
      assertThat(ts.input(u)).isEqualTo(Arrays.copyOf(train, train.length - 1));
      assertThat(ts.similar(u)).isEqualTo(Arrays.copyOf(tables.similarUsers()[u], 3));   // the first N, in order
    }
    assertThatThrownBy(() -> tables.topSimilar(6)).hasMessageContaining("5 similar users stored, 6 requested");
  }

  /** The teacher is the mean of the similar users' last-position representations of their training inputs. */
  @Test
  void batchTeacherIsTheMeanOfTheSimilarUsersRepresentations() {
    ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, 10, 0f);   // no dropout: train mode is deterministic
    try (LlmEsrModel model = model(spec, tables, new LlmEsrOptions(0.1, 3, TeacherMode.BATCH, 2, Set.of()), ds, 3);
         NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      int[] users = {2, 7};
      float[] t = model.distillation().teacher(model, users, new Forward(m, true)).toFloatArray();
      TeacherSequences ts = new TeacherSequences(ds, tables.topSimilar(3));
      for (int b = 0; b < users.length; b++) {
        int[] sim = ts.similar(users[b]);
        int[][] seqs = new int[3][];
        for (int k = 0; k < 3; k++) seqs[k] = ts.input(sim[k]);
        float[] reps = model.encode(new BatchArrays(SequenceBatch.leftPadded(seqs, sim, 10), m), new Forward(m, true))
            .toFloatArray();
        for (int j = 0; j < 2 * D; j++) {
          double mean = (reps[j] + reps[2 * D + j] + reps[4 * D + j]) / 3.0;
          assertThat((double) t[b * 2 * D + j]).isCloseTo(mean, Offset.offset(1e-5));
        }
      }
    }
  }

  @Test
  void cachedTeacherEqualsBatchTeacherWithoutDropoutAndRefreshesPerEpoch() {
    ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, 10, 0f);
    try (LlmEsrModel batch = model(spec, tables, new LlmEsrOptions(0.1, 3, TeacherMode.BATCH, 2, Set.of()), ds, 3);
         LlmEsrModel cached = model(spec, tables, new LlmEsrOptions(0.1, 3, TeacherMode.CACHED, 2, Set.of()), ds, 3);
         NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      int[] users = firstUsers(USERS);
      cached.beforeEpoch(1);
      assertThat(cached.distillation().cachedEpoch()).isEqualTo(1);
      float[] a = batch.distillation().teacher(batch, users, new Forward(m, true)).toFloatArray();
      float[] b = cached.distillation().teacher(cached, users, new Forward(m, true)).toFloatArray();
      for (int i = 0; i < a.length; i++) assertThat(b[i]).isCloseTo(a[i], Offset.offset(1e-5f));
      // a training step changes the model; the cache only follows at the next epoch
      sgdStep(cached, trainingBatch(ds, spec, firstUsers(8), 1), 0.5f);
      float[] stale = cached.distillation().teacher(cached, users, new Forward(m, true)).toFloatArray();
      assertThat(stale).isEqualTo(b);
      cached.beforeEpoch(2);
      float[] fresh = cached.distillation().teacher(cached, users, new Forward(m, true)).toFloatArray();
      assertThat(fresh).isNotEqualTo(b);
    }
  }

  @Test
  void teacherCarriesNoGradient() {
    ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, 10, 0f);
    try (LlmEsrModel model = model(spec, tables, new LlmEsrOptions(0.1, 3, TeacherMode.BATCH, 2, Set.of()), ds, 3)) {
      TrainingBatch tb = trainingBatch(ds, spec, firstUsers(6), 2);
      ParameterStore store = model.parameters();
      zeroGradients(store);
      float[] teacherValues;
      try (NDManager m = store.manager().newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        Forward fwd = new Forward(m, true);
        NDArray t = model.distillation().teacher(model, tb.input().users(), fwd);
        // a constant as far as the engine is concerned (JniUtils.getGradientFunctionNames crashes on arrays without
        // autograd history, so it is only asked about the student below)
        assertThat(JniUtils.requiresGrad((PtNDArray) t)).isFalse();
        teacherValues = t.toFloatArray();
        // the same term with a student: its gradient is exactly that of MSE against a constant target
        NDArray u = model.encode(new BatchArrays(tb.input(), m), fwd);
        assertThat(JniUtils.getGradientFunctionNames((PtNDArray) u)).isNotEmpty();   // the student is recorded
        gc.backward(model.distillation().compute(model, tb, new BatchArrays(tb.input(), m), fwd));
      }
      float[] withTeacher = store.get("adapter.0.weight").array().getGradient().toFloatArray();
      zeroGradients(store);
      try (NDManager m = store.manager().newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        Forward fwd = new Forward(m, true);
        NDArray u = model.encode(new BatchArrays(tb.input(), m), fwd);
        NDArray constant = m.create(teacherValues, u.getShape());
        gc.backward(u.sub(constant).square().mean().mul(m.create(0.1f)));
      }
      float[] withConstant = store.get("adapter.0.weight").array().getGradient().toFloatArray();
      assertThat(maxAbs(withConstant)).isGreaterThan(0);
      for (int i = 0; i < withTeacher.length; i++) {
        assertThat(withTeacher[i]).isCloseTo(withConstant[i], Offset.offset(1e-6f + 1e-4f * Math.abs(withConstant[i])));
      }
    }
  }

  @Test
  void bert4recAndGruTeachersUseTheUnmaskedTrainingInput() {
    for (Backbone b : new Backbone[] {Backbone.BERT4REC, Backbone.GRU4REC}) {
      ModelSpec spec = spec(b, ITEMS, D, 10, 0f);
      try (LlmEsrModel model = model(spec, tables, new LlmEsrOptions(0.1, 2, TeacherMode.BATCH, 2, Set.of()), ds, 3);
           NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        float[] t = model.distillation().teacher(model, new int[] {4}, new Forward(m, true)).toFloatArray();
        TeacherSequences ts = new TeacherSequences(ds, tables.topSimilar(2));
        int[] sim = ts.similar(4);
        float[] reps = model.encode(new BatchArrays(SequenceBatch.leftPadded(
            new int[][] {ts.input(sim[0]), ts.input(sim[1])}, sim, 10), m), new Forward(m, true)).toFloatArray();
        for (int j = 0; j < 2 * D; j++) {
          assertThat(t[j]).as(b + " dim " + j).isCloseTo((reps[j] + reps[2 * D + j]) / 2, Offset.offset(1e-5f));
        }
      }
    }
  }

  /** The split forward/backward of a training step gives the gradients of one backward of the whole loss. */
  @Test
  void separateBackwardPassesGiveTheGradientOfTheTotalLoss() {
    ModelSpec spec = spec(Backbone.SASREC, ITEMS, D, 10, 0f);
    try (LlmEsrModel model = model(spec, tables, new LlmEsrOptions(0.3, 3, TeacherMode.BATCH, 2, Set.of()), ds, 3)) {
      TrainingBatch tb = trainingBatch(ds, spec, firstUsers(6), 2);
      ParameterStore store = model.parameters();
      java.util.Map<String, float[]> whole = gradients(model, tb);
      zeroGradients(store);
      float total;
      float rec;
      try (NDManager m = store.manager().newSubManager(); NDScope scope = new NDScope();
           GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        var terms = model.lossAndBackward(tb, new Forward(m, true), gc);
        total = terms.total().getFloat();
        rec = terms.parts().get("rec").getFloat();
        assertThat(terms.parts()).containsOnlyKeys("rec", "sd");
      }
      try (NDManager m = store.manager().newSubManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        var ref = model.loss(tb, new Forward(m, true));
        assertThat(total).isCloseTo(ref.total().getFloat(), Offset.offset(1e-5f));
        assertThat(rec).isCloseTo(ref.parts().get("rec").getFloat(), Offset.offset(1e-5f));
      }
      for (ParameterStore.Param p : store.trainableParams()) {
        float[] a = whole.get(p.name());
        float[] b = p.array().getGradient().toFloatArray();
        assertThat(maxAbs(a)).as(p.name()).isGreaterThan(0);
        for (int i = 0; i < a.length; i++) {
          assertThat(b[i]).as(p.name() + "[" + i + "]").isCloseTo(a[i], Offset.offset(1e-5f + 1e-4f * Math.abs(a[i])));
        }
      }
    }
  }
}
