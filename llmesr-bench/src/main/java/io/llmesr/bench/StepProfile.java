package io.llmesr.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.model.Forward;
import io.llmesr.model.LossTerms;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.Backbone;
import io.llmesr.train.Adam;
import java.util.Random;

/** Developer tool: times forward, forward+backward and the Adam update of the SASRec step separately. */
public final class StepProfile {
  private StepProfile() { }

  public static void main(String[] args) {
    ModelSpec spec = ModelSpec.paper(Backbone.SASREC, 12101);
    TrainingBatch batch = TrainingStepBench.randomBatch(new Random(1), 128, 200, 12101, spec);
    try (NDManager root = NDManager.newBaseManager()) {
      System.out.println("gradMode at start=" + ai.djl.pytorch.jni.JniUtils.isGradMode());
      ParameterStore store = new ParameterStore(root.newSubManager(), 1);
      SequenceRecommender model = PlainModelFactory.build(spec, store);
      Adam adam = new Adam(store, Adam.Settings.paper());
      for (int rep = 0; rep < 4; rep++) {
        long t0 = System.nanoTime();
        try (NDManager bm = store.manager().newSubManager(); NDScope s = new NDScope()) {
          model.loss(batch, new Forward(bm, true)).total().getFloat();
        }
        long t1 = System.nanoTime();
        try (NDManager bm = store.manager().newSubManager(); NDScope s = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          LossTerms l = model.loss(batch, new Forward(bm, true));
          gc.backward(l.total());
          l.total().getFloat();
        }
        long t2 = System.nanoTime();
        System.out.println("gradMode after collector=" + ai.djl.pytorch.jni.JniUtils.isGradMode());
        adam.update();
        long t3 = System.nanoTime();
        System.out.printf("forward %.0f ms, forward+backward %.0f ms, adam %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6,
            (t3 - t2) / 1e6);
      }
    }
  }
}
