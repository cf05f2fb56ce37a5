package io.llmesr.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.llmesr.LlmEsrModel;
import io.llmesr.model.llmesr.LlmEsrModelFactory;
import io.llmesr.model.llmesr.LlmEsrOptions;
import io.llmesr.model.llmesr.LlmEsrTablesReader;
import io.llmesr.model.llmesr.TeacherMode;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.train.Adam;
import io.llmesr.train.Batcher;
import io.llmesr.train.TrainStep;
import io.llmesr.train.TrainingRegime;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;

/** Developer tool: a PyTorch profiler trace (chrome JSON) of 20 fast-option LLM-ESR steps: args DATASET OUT.json. */
public final class LlmEsrTrace {
  private LlmEsrTrace() { }

  public static void main(String[] args) throws Exception {
    Dataset ds = DatasetIO.read(Path.of(args[0]));
    ModelSpec spec = new ModelSpec(Backbone.SASREC, ds.numItems(), 64, 200, 2, 1, 0.5f, Masking.CAUSAL, true);
    TrainingRegime regime = TrainingRegime.forBackbone(Backbone.SASREC, ds, 200, 0.6f);
    SplittableRandom rng = new SplittableRandom(1);
    Batcher batcher = new Batcher(regime.examples(rng), 128, spec, false, rng);
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), 1);
      LlmEsrModel model = LlmEsrModelFactory.build(spec, store, LlmEsrTablesReader.read(Path.of(args[0]), 64, true, true),
          new LlmEsrOptions(0.1, 10, TeacherMode.CACHED, 2, Set.of()), ds);
      model.beforeEpoch(1);
      Adam adam = new Adam(store, Adam.Settings.paper());
      TrainStep step = new TrainStep(model, adam);
      for (int i = 0; i < 10; i++) step.run(batcher.batch(i), i);
      long t0 = System.nanoTime();
      JniUtils.startProfile(false, true, false);
      for (int i = 10; i < 30; i++) step.run(batcher.batch(i), i);
      JniUtils.stopProfile(args[1]);
      System.out.printf("20 steps in %.2f s (profiled)%n", (System.nanoTime() - t0) / 1e9);
      long t1 = System.nanoTime();
      for (int i = 30; i < 50; i++) step.run(batcher.batch(i), i);
      System.out.printf("20 steps in %.2f s (not profiled)%n", (System.nanoTime() - t1) / 1e9);
    }
  }
}
