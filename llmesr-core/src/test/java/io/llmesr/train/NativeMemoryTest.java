package io.llmesr.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.alphafuse.AlphaFuseModelFactory;
import io.llmesr.model.rlmrec.RlmRecGenModelFactory;
import io.llmesr.prepare.Dataset;
import io.llmesr.recommend.ModelScorer;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/engine.md, pitfall 1: the model manager's and the root manager's array counts stay constant over many steps and
 * scoring calls, and the model manager holds exactly the parameters, Adam's two moments per trainable parameter and
 * the frozen arrays, nothing else.
 */
class NativeMemoryTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @Test
  void arrayCountIsFlatOverStepsAndScoring() {
    Dataset ds = TinyData.chain(40, 120, 5, 12);
    for (Backbone b : Backbone.values()) {
      ModelSpec spec = smallSpec(b, ds);
      // BERT4Rec with folded padding (paper preset default), the others literal
      assertFlat(b, spec, ds, 6, 0, m -> b == Backbone.BERT4REC
          ? PlainModelFactory.build(spec, new ParameterStore(m, 1), true)
          : PlainModelFactory.build(spec, new ParameterStore(m, 1)));
    }
  }

  /**
   * The baselines with a frozen table and a term or item representation of their own ({@code alphafuse},
   * {@code rlmrec-gen}): the frozen LLM table is the one array beyond parameters and moments.
   */
  @Test
  void baselineArrayCountIsFlatOverStepsAndScoring() {
    Dataset ds = TinyData.chain(40, 120, 5, 12);
    int dim = 24;
    Random rng = new Random(3);
    float[] llm = new float[(ds.numItems() + 1) * dim];
    for (int i = dim; i < llm.length; i++) llm[i] = (float) rng.nextGaussian();
    for (Backbone b : Backbone.values()) {
      ModelSpec spec = smallSpec(b, ds);
      assertFlat(b, spec, ds, 4, 1,
          m -> AlphaFuseModelFactory.build(spec, new ParameterStore(m, 1), true, llm, dim, 6, true));
      assertFlat(b, spec, ds, 4, 1,
          m -> RlmRecGenModelFactory.build(spec, new ParameterStore(m, 1), true, llm, dim, 0.5, 0.3));
    }
  }

  /** Method melt: its branches' extra passes, the tail-item writes and its inference paths leave nothing behind. */
  @Test
  void meltArrayCountIsFlatOverStepsTailItemWritesAndScoring() {
    Dataset ds = TinyData.chain(40, 120, 5, 12);
    for (Backbone b : Backbone.values()) {
      RunConfig c = RunConfig.resolve(Preset.FAST, b, "melt", Path.of("unused"), Map.of("model.hidden_size", "16",
          "model.max_len", "12", "method.thresholds", "6/2"));
      ModelSpec spec = c.model().toSpec(ds.numItems());
      // the one frozen array: the tail-user threshold
      assertFlat(b, spec, ds, 4, 1, m -> ModelBuilder.build(c, spec, m, Optional.of(ds)));
    }
  }

  private static ModelSpec smallSpec(Backbone b, Dataset ds) {
    return new ModelSpec(b, ds.numItems(), 16, 12, 2, 1, 0.3f,
        b == Backbone.SASREC ? Masking.CAUSAL : Masking.NONE, b == Backbone.SASREC);
  }

  /**
   * Trains the model {@code build} makes (in a sub-manager of a fresh root) for {@code epochs} epochs, scoring after
   * each, and asserts that the model manager holds parameters + 2 Adam moments per trainable parameter +
   * {@code frozen} frozen arrays after the first epoch, and that neither manager's count moves after that.
   */
  private static void assertFlat(Backbone b, ModelSpec spec, Dataset ds, int epochs, int frozen,
                                 Function<NDManager, SequenceModel> build) {
    try (NDManager root = NDManager.newBaseManager()) {
      SequenceModel model = build.apply(root.newSubManager());
      ParameterStore store = model.parameters();
      assertThat(store.all().size() - store.trainableParams().size()).as(b + " frozen arrays").isEqualTo(frozen);
      Adam adam = new Adam(store, Adam.Settings.paper());
      TrainStep step = new TrainStep(model, adam);
      TrainingRegime regime = TrainingRegime.forBackbone(b, ds, 12, 0.6f);
      ModelScorer scorer = new ModelScorer(model, 7);
      int[][] inputs = {ds.evalInput(0, true), ds.evalInput(1, true)};
      int[][] cands = {{1, 2, 3}, {4, 5, 6}};
      int baseline = -1;
      int baselineRoot = -1;
      for (int epoch = 1; epoch <= epochs; epoch++) {
        SplittableRandom rng = new SplittableRandom(epoch);
        List<TrainingExample> ex = regime.examples(rng);
        Batcher batcher = new Batcher(ex, 8, spec, regime.lastOnly(), rng);
        model.beforeEpoch(epoch);
        for (int i = 0; i < batcher.size(); i++) step.run(batcher.batch(i), i);
        scorer.scoreCandidates(new int[] {0, 1}, inputs, cands);
        scorer.scoreAll(new int[] {0, 1}, inputs);
        scorer.topK(inputs[0], 5, inputs[0]);
        int count = store.manager().getManagedArrays().size();
        int rootCount = root.getManagedArrays().size();
        if (epoch == 1) {
          baseline = count;
          baselineRoot = rootCount;
          assertThat(count).isEqualTo(3 * store.trainableParams().size() + frozen);
        }
        assertThat(count).as(b + " model manager arrays after epoch " + epoch).isEqualTo(baseline);
        assertThat(rootCount).as(b + " root manager arrays after epoch " + epoch).isEqualTo(baselineRoot);
      }
      adam.close();
      model.close();
    }
  }
}
