package io.llmesr.bench;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.*;
import io.llmesr.train.Adam;
import io.llmesr.train.TrainStep;
import java.util.Random;

/** Developer tool: trains a few steps and reports the first NaN. */
public final class NanHunt {
  private NanHunt() { }

  public static void main(String[] args) {
    ModelSpec spec = ModelSpec.paper(Backbone.SASREC, 12101);
    Random rng = new Random(42);
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), 42);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      Adam adam = new Adam(store, Adam.Settings.paper());
      TrainStep step = new TrainStep(model, adam);
      java.util.List<TrainingBatch> batches = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) batches.add(TrainingStepBench.randomBatch(rng, 128, 200, 12101, spec));
      long[] seeds = {0, 1, 2, 0, 1, 2, 3, 4, 1000, 1001, 1002, 1003, 1004, 2000, 2001, 2002, 2003, 2004};
      int[] which = {0, 1, 2, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4};
      for (int i = 0; i < seeds.length; i++) {
        TrainingBatch b = batches.get(which[i]);
        TrainStep.Result r = step.run(b, seeds[i]);
        StringBuilder bad = new StringBuilder();
        for (ParameterStore.Param p : store.all()) {
          float[] v = p.array().toFloatArray();
          for (float x : v) if (!Float.isFinite(x)) { bad.append(p.name()).append(' '); break; }
        }
        System.out.println("step " + i + " seed " + seeds[i] + " loss " + r.loss() + " nonfinite: " + bad);
      }
    }
  }
}
