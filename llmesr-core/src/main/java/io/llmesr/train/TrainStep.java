package io.llmesr.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.model.Forward;
import io.llmesr.model.LossTerms;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TrainingBatch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimisation step: seed the engine's generator (dropout), forward + loss + backward inside an
 * {@link NDScope} and a per-batch sub-manager (so every intermediate array is closed: native memory stays flat,
 * docs/engine.md, pitfall 1), then one {@link Adam} update outside the scope.
 *
 * <p>Determinism: the engine's global generator (used by dropout) is re-seeded before every step from
 * (root seed, epoch, step) — see {@link #dropoutSeed} — so a resumed run draws the same dropout masks as an
 * uninterrupted one. PyTorch's CPU dropout draws its Bernoulli masks from that generator; the draw does not depend
 * on the number of threads.
 */
public final class TrainStep {
  /** What one step produced. */
  public record Result(float loss, Map<String, Float> parts, int slots) { }

  private final SequenceModel model;
  private final Adam adam;
  private final Engine engine;

  public TrainStep(SequenceModel model, Adam adam) {
    this.model = model;
    this.adam = adam;
    this.engine = model.parameters().manager().getEngine();
  }

  /** The dropout seed of step {@code step} of epoch {@code epoch}. */
  public static long dropoutSeed(long rootSeed, int epoch, int step) {
    return io.llmesr.model.Seeds.derive(rootSeed, "dropout:" + epoch + ":" + step);
  }

  /** Seeds the engine's global generator (PyTorch: {@code torch::manual_seed}, 64-bit). */
  public static void seedEngine(long seed) {
    if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
      ai.djl.pytorch.jni.JniUtils.setSeed(seed);
    } else {
      Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
  }

  /** Runs one step on {@code batch}; a batch without loss slots is skipped (no update). */
  public Result run(TrainingBatch batch, long dropoutSeed) {
    if (batch.lossSlots() == 0) return new Result(0f, Map.of(), 0);
    seedEngine(dropoutSeed);
    Result result;
    try (NDManager bm = model.parameters().manager().newSubManager();
         NDScope scope = new NDScope();
         GradientCollector gc = engine.newGradientCollector()) {
      LossTerms terms = model.lossAndBackward(batch, new Forward(bm, true), gc);   // loss + backward
      Map<String, Float> parts = new LinkedHashMap<>();
      terms.parts().forEach((k, v) -> parts.put(k, v.getFloat()));
      result = new Result(terms.total().getFloat(), parts, terms.slots());
    }
    adam.update();
    return result;
  }
}
