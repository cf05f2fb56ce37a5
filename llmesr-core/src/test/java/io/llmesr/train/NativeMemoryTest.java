package io.llmesr.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.prepare.Dataset;
import io.llmesr.recommend.ModelScorer;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/engine.md, pitfall 1: the model manager's array count stays constant over many steps and scoring calls. */
class NativeMemoryTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @Test
  void arrayCountIsFlatOverStepsAndScoring() {
    Dataset ds = TinyData.chain(40, 120, 5, 12);
    for (Backbone b : Backbone.values()) {
      ModelSpec spec = new ModelSpec(b, ds.numItems(), 16, 12, 2, 1, 0.3f,
          b == Backbone.SASREC ? Masking.CAUSAL : Masking.NONE, b == Backbone.SASREC);
      try (NDManager root = NDManager.newBaseManager()) {
        ParameterStore store = new ParameterStore(root.newSubManager(), 1);
        // BERT4Rec with folded padding (paper preset default), the others literal
        SequenceRecommender model = b == Backbone.BERT4REC ? PlainModelFactory.build(spec, store, true)
            : PlainModelFactory.build(spec, store);
        Adam adam = new Adam(store, Adam.Settings.paper());
        TrainStep step = new TrainStep(model, adam);
        TrainingRegime regime = TrainingRegime.forBackbone(b, ds, 12, 0.6f);
        ModelScorer scorer = new ModelScorer(model, 7);
        int[][] inputs = {ds.evalInput(0, true), ds.evalInput(1, true)};
        int[][] cands = {{1, 2, 3}, {4, 5, 6}};
        int baseline = -1;
        int baselineRoot = -1;
        for (int epoch = 1; epoch <= 6; epoch++) {
          SplittableRandom rng = new SplittableRandom(epoch);
          List<TrainingExample> ex = regime.examples(rng);
          Batcher batcher = new Batcher(ex, 8, spec, regime.lastOnly(), rng);
          for (int i = 0; i < batcher.size(); i++) step.run(batcher.batch(i), i);
          scorer.scoreCandidates(new int[] {0, 1}, inputs, cands);
          scorer.scoreAll(new int[] {0, 1}, inputs);
          scorer.topK(inputs[0], 5, inputs[0]);
          int count = store.manager().getManagedArrays().size();
          int rootCount = root.getManagedArrays().size();
          if (epoch == 1) {
            baseline = count;
            baselineRoot = rootCount;
            // parameters + Adam's two moments per trainable parameter, nothing else
            assertThat(count).isEqualTo(3 * store.trainableParams().size());
          }
          assertThat(count).as(b + " model manager arrays after epoch " + epoch).isEqualTo(baseline);
          assertThat(rootCount).as(b + " root manager arrays after epoch " + epoch).isEqualTo(baselineRoot);
        }
        adam.close();
        model.close();
      }
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
      try (NDManager root = NDManager.newBaseManager()) {
        SequenceModel model = ModelBuilder.build(c, spec, root.newSubManager(), Optional.of(ds));
        ParameterStore store = model.parameters();
        Adam adam = new Adam(store, Adam.Settings.paper());
        TrainStep step = new TrainStep(model, adam);
        TrainingRegime regime = TrainingRegime.forBackbone(b, ds, 12, 0.6f);
        ModelScorer scorer = new ModelScorer(model, 7);
        int[][] inputs = {ds.evalInput(0, true), ds.evalInput(1, true)};
        int baseline = -1;
        for (int epoch = 1; epoch <= 4; epoch++) {
          SplittableRandom rng = new SplittableRandom(epoch);
          List<TrainingExample> ex = regime.examples(rng);
          Batcher batcher = new Batcher(ex, 8, spec, regime.lastOnly(), rng);
          model.beforeEpoch(epoch);
          for (int i = 0; i < batcher.size(); i++) step.run(batcher.batch(i), i);
          scorer.scoreCandidates(new int[] {0, 1}, inputs, new int[][] {{1, 2, 3}, {4, 5, 6}});
          scorer.scoreAll(new int[] {0, 1}, inputs);
          scorer.topK(inputs[0], 5, inputs[0]);
          int count = store.manager().getManagedArrays().size();
          if (epoch == 1) {
            baseline = count;
            // parameters + Adam's two moments per trainable parameter + the frozen tail-user threshold
            assertThat(count).isEqualTo(3 * store.trainableParams().size() + 1);
          }
          assertThat(count).as(b + " melt model manager arrays after epoch " + epoch).isEqualTo(baseline);
        }
        adam.close();
        model.close();
      }
    }
  }
}
