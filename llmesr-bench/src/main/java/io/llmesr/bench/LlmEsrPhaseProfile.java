package io.llmesr.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Backbone;
import io.llmesr.model.Forward;
import io.llmesr.model.LossTerms;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.llmesr.LlmEsrModel;
import io.llmesr.model.llmesr.LlmEsrModelFactory;
import io.llmesr.model.llmesr.LlmEsrOptions;
import io.llmesr.model.llmesr.LlmEsrTables;
import io.llmesr.model.llmesr.TeacherMode;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.train.Adam;
import io.llmesr.train.Batcher;
import io.llmesr.train.TrainingRegime;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;

/** Developer tool: per-phase times of LLM-ESR training steps (hidden states, rec loss, SD term, backward, Adam). */
public final class LlmEsrPhaseProfile {
  private LlmEsrPhaseProfile() { }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    boolean fast = args.length > 1 && args[1].equals("fast");
    TeacherMode tm = args.length > 2 ? TeacherMode.parse(args[2]) : TeacherMode.BATCH;
    Dataset ds = DatasetIO.read(dir);
    ModelSpec spec = new ModelSpec(Backbone.SASREC, ds.numItems(), 64, 200, 2, 1, 0.5f,
        fast ? Masking.CAUSAL : Masking.NONE, fast);
    LlmEsrTables tables = LlmEsrStepBench.randomTables(ds, 384, 64, 10, 1);
    TrainingRegime regime = TrainingRegime.forBackbone(Backbone.SASREC, ds, 200, 0.6f);
    SplittableRandom rng = new SplittableRandom(1);
    Batcher batcher = new Batcher(regime.examples(rng), 128, spec, false, rng);
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), 1);
      LlmEsrModel model = LlmEsrModelFactory.build(spec, store, tables, new LlmEsrOptions(0.1, 10, tm, 2, Set.of()), ds);
      model.beforeEpoch(1);
      Adam adam = new Adam(store, Adam.Settings.paper());
      for (int i = 0; i < 12; i++) {
        TrainingBatch b = batcher.batch(i);
        long t0 = System.nanoTime();
        long t1;
        long t2;
        long t3;
        try (NDManager bm = store.manager().newSubManager(); NDScope s = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          Forward fwd = new Forward(bm, true);
          BatchArrays arr = new BatchArrays(b.input(), bm);
          NDArray h = model.hiddenStates(arr, fwd);
          h.getFloat(0, 0, 0);
          t1 = System.nanoTime();
          NDArray t = model.distillation().teacher(model, b.input().users(), fwd);
          t2 = System.nanoTime();
          LossTerms l = model.loss(b, fwd);
          l.total().getFloat();
          t3 = System.nanoTime();
          gc.backward(l.total());
        }
        long t4 = System.nanoTime();
        adam.update();
        long t5 = System.nanoTime();
        System.out.printf("T=%d hidden %.0f ms, teacher %.0f ms, loss(rec+sd incl. teacher) %.0f ms, backward %.0f ms, adam %.0f ms%n",
            b.input().length(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6);
      }
    }
  }
}
