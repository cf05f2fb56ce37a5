package io.llmesr.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.alphafuse.AlphaFuseModelFactory;
import io.llmesr.model.rlmrec.RlmRecGenModelFactory;
import io.llmesr.prepare.Dataset;
import io.llmesr.recommend.ModelScorer;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * As {@link NativeMemoryTest}, for the baselines with a frozen table and a term or item representation of their own
 * ({@code alphafuse}, {@code rlmrec-gen}): the model manager holds parameters + Adam moments + the frozen table after
 * every epoch of training and scoring, nothing else (docs/engine.md, pitfall 1).
 */
class BaselineMethodsNativeMemoryTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @Test
  void arrayCountIsFlatOverStepsAndScoring() {
    Dataset ds = TinyData.chain(40, 120, 5, 12);
    int dim = 24;
    Random rng = new Random(3);
    float[] llm = new float[(ds.numItems() + 1) * dim];
    for (int i = dim; i < llm.length; i++) llm[i] = (float) rng.nextGaussian();
    List<BiFunction<ModelSpec, ParameterStore, SequenceRecommender>> methods = List.of(
        (spec, store) -> AlphaFuseModelFactory.build(spec, store, true, llm, dim, 6, true),
        (spec, store) -> RlmRecGenModelFactory.build(spec, store, true, llm, dim, 0.5, 0.3));
    for (BiFunction<ModelSpec, ParameterStore, SequenceRecommender> method : methods) {
      for (Backbone b : Backbone.values()) {
        ModelSpec spec = new ModelSpec(b, ds.numItems(), 16, 12, 2, 1, 0.3f,
            b == Backbone.SASREC ? Masking.CAUSAL : Masking.NONE, b == Backbone.SASREC);
        try (NDManager root = NDManager.newBaseManager()) {
          ParameterStore store = new ParameterStore(root.newSubManager(), 1);
          SequenceRecommender model = method.apply(spec, store);
          Adam adam = new Adam(store, Adam.Settings.paper());
          TrainStep step = new TrainStep(model, adam);
          TrainingRegime regime = TrainingRegime.forBackbone(b, ds, 12, 0.6f);
          ModelScorer scorer = new ModelScorer(model, 7);
          int[][] inputs = {ds.evalInput(0, true), ds.evalInput(1, true)};
          int[][] cands = {{1, 2, 3}, {4, 5, 6}};
          int baseline = -1;
          int baselineRoot = -1;
          for (int epoch = 1; epoch <= 4; epoch++) {
            SplittableRandom r = new SplittableRandom(epoch);
            List<TrainingExample> ex = regime.examples(r);
            Batcher batcher = new Batcher(ex, 8, spec, regime.lastOnly(), r);
            for (int i = 0; i < batcher.size(); i++) step.run(batcher.batch(i), i);
            scorer.scoreCandidates(new int[] {0, 1}, inputs, cands);
            scorer.scoreAll(new int[] {0, 1}, inputs);
            scorer.topK(inputs[0], 5, inputs[0]);
            int count = store.manager().getManagedArrays().size();
            int rootCount = root.getManagedArrays().size();
            if (epoch == 1) {
              baseline = count;
              baselineRoot = rootCount;
              int frozen = store.all().size() - store.trainableParams().size();
              assertThat(frozen).isEqualTo(1);
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
  }
}
