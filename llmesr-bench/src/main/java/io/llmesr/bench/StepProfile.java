package io.llmesr.bench;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.Backbone;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.TrainingBatch;
import io.llmesr.train.Adam;
import io.llmesr.train.TrainStep;
import java.util.Random;

/**
 * Developer tool: runs a few SASRec paper-preset steps under PyTorch's profiler and writes a Chrome trace
 * ({@code chrome://tracing}) to the path given as first argument (default {@code /tmp/sasrec-step-trace.json}).
 */
public final class StepProfile {
  private StepProfile() { }

  public static void main(String[] args) {
    String out = args.length > 0 ? args[0] : "/tmp/sasrec-step-trace.json";
    ModelSpec spec = ModelSpec.paper(Backbone.SASREC, 12101);
    TrainingBatch batch = TrainingStepBench.randomBatch(new Random(1), 128, 200, 12101, spec);
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), 1);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      try (Adam adam = new Adam(store, Adam.Settings.paper())) {
        TrainStep step = new TrainStep(model, adam);
        for (int i = 0; i < 3; i++) step.run(batch, i);
        ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) step.run(batch, 10 + i);
        System.out.printf("%.0f ms/step under the profiler%n", (System.nanoTime() - t0) / 3e6);
        ai.djl.pytorch.jni.JniUtils.stopProfile(out);
      }
      model.close();
    }
  }
}
