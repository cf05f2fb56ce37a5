package io.llmesr.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.model.FinalPhase;
import io.llmesr.model.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * Runs a method's {@link FinalPhase} (e.g. CITIES): its own parameters optimised with {@link Adam} for the phase's
 * epochs, one step per batch (forward and backward inside an {@link NDScope} and a per-batch sub-manager, as
 * {@link TrainStep}; docs/engine.md, pitfalls 1 and 3), then {@link FinalPhase#end()} writes the result into the
 * model. The phase's parameters and optimiser state are freed afterwards; nothing of them is saved.
 */
public final class FinalPhaseRunner {
  private FinalPhaseRunner() { }

  /**
   * Runs {@code phase} on the model's current parameters.
   *
   * @return the mean loss of each epoch
   * @throws IllegalStateException when a loss is not finite
   */
  public static List<Double> run(FinalPhase phase, FinalPhase.Inputs inputs, Adam.Settings settings, Logger log) {
    List<Double> epochLoss = new ArrayList<>();
    try (ParameterStore store = phase.begin(inputs); Adam adam = new Adam(store, settings)) {
      Engine engine = store.manager().getEngine();
      for (int e = 1; e <= phase.epochs(); e++) {
        int batches = phase.beginEpoch(e);
        double sum = 0;
        for (int b = 0; b < batches; b++) {
          float loss;
          try (NDManager bm = store.manager().newSubManager(); NDScope scope = new NDScope();
               GradientCollector gc = engine.newGradientCollector()) {
            NDArray l = phase.loss(b, bm);
            gc.backward(l);
            loss = l.getFloat();
          }
          if (!Float.isFinite(loss)) {
            throw new IllegalStateException(phase.name() + " epoch " + e + " batch " + b + ": loss is " + loss);
          }
          adam.update();
          sum += loss;
        }
        double mean = sum / Math.max(1, batches);
        epochLoss.add(mean);
        log.info(String.format(Locale.ROOT, "%s epoch %d/%d: loss %.6f (%d steps)", phase.name(), e, phase.epochs(),
            mean, batches));
      }
      log.info(phase.end());
    }
    return epochLoss;
  }
}
