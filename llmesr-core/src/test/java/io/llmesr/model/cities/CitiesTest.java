package io.llmesr.model.cities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.model.Backbone;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.FinalPhase;
import io.llmesr.model.Forward;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TensorFile;
import io.llmesr.prepare.Dataset;
import io.llmesr.recommend.LoadedRun;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import io.llmesr.train.Adam;
import io.llmesr.train.Checkpoint;
import io.llmesr.train.FinalPhaseRunner;
import io.llmesr.train.TinyData;
import io.llmesr.train.Trainer;
import io.llmesr.train.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Method {@code cities}: the plain backbone, then tail items' embeddings inferred from their contexts. */
class CitiesTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir Path tmp;

  /**
   * Six items, four users (training part | validation | test):
   * <pre>
   *   u0: 1 2 3 4 | 5 | 1        u1: 2 3 1 5 | 3 | 2        u2: 3 1 2 | 4 | 5        u3: 6 1 | 2 | 3
   * </pre>
   */
  static Dataset handData() {
    List<String> users = List.of("u0", "u1", "u2", "u3");
    List<String> items = new ArrayList<>(Arrays.asList(null, "i1", "i2", "i3", "i4", "i5", "i6"));
    int[][] seqs = {{1, 2, 3, 4, 5, 1}, {2, 3, 1, 5, 3, 2}, {3, 1, 2, 4, 5}, {6, 1, 2, 3}};
    return new Dataset("cities-hand", users, items, seqs, new int[] {4, 4, 3, 2}, new int[] {5, 5, 4, 3}, null, null);
  }

  /** Tail = {4, 5, 6}, head = {1, 2, 3}. */
  private static boolean[] handTail() {
    return new boolean[] {false, false, false, false, true, true, true};
  }

  private static final ModelSpec HAND_SPEC = new ModelSpec(Backbone.GRU4REC, 6, 4, 8, 1, 1, 0f, Masking.NONE, false);

  /** Item table rows E[j] = (j, −j, j/2, 1) for j = 1..6, row 0 and row 7 zero. */
  private static float[] handTable() {
    float[] t = new float[8 * 4];
    for (int j = 1; j <= 6; j++) {
      t[4 * j] = j;
      t[4 * j + 1] = -j;
      t[4 * j + 2] = j / 2f;
      t[4 * j + 3] = 1;
    }
    return t;
  }

  private static CitiesModel handModel(int contexts, int epochs) {
    CitiesModel m = (CitiesModel) CitiesModelFactory.build(HAND_SPEC, new ParameterStore(NDManager.newBaseManager(), 3),
        false, contexts, 2, epochs);
    Map<String, TensorFile.Tensor> p = m.parameters().snapshot();
    p.put(IdEmbedding.TABLE, new TensorFile.Tensor(new long[] {8, 4}, handTable()));
    m.parameters().load(p);
    return m;
  }

  @Test
  void contextsAreTheWindowsPrecedingEachOccurrenceInTrainingPartsOnly() {
    ItemContexts c = ItemContexts.of(handData(), 2);
    // item 1 occurs at t = 2 of u1, t = 1 of u2, t = 1 of u3 (t = 0 of u0 has no context; u0's test item is not read)
    assertThat(c.all(1)).isDeepEqualTo(new int[][] {{2, 3}, {3}, {6}});
    assertThat(c.all(3)).isDeepEqualTo(new int[][] {{1, 2}, {2}});
    assertThat(c.all(4)).isDeepEqualTo(new int[][] {{2, 3}});   // u2's validation item 4 is not read
    assertThat(c.all(5)).isDeepEqualTo(new int[][] {{3, 1}});
    assertThat(c.count(6)).isZero();                             // only at the first slot
    assertThat(ItemContexts.of(handData(), 1).all(1)).isDeepEqualTo(new int[][] {{3}, {3}, {6}});
    int[][] two = c.draw(1, 2, new SplittableRandom(1));
    assertThat(two).hasNumberOfRows(2);
    assertThat(List.of(c.all(1))).anySatisfy(x -> assertThat(x).isEqualTo(two[0]));
    assertThat(two[0]).isNotEqualTo(two[1]);
    assertThat(c.draw(4, 10, new SplittableRandom(1))).isDeepEqualTo(new int[][] {{2, 3}});
  }

  @Test
  void theL2LossIsTheMeanSquaredDistanceToTheHeadItemsEmbeddings() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray inferred = m.create(new float[] {1, 2, 0, 0}, new Shape(2, 2));
      NDArray target = m.create(new float[] {0, 0, 3, 4}, new Shape(2, 2));
      assertThat(TailEmbeddingInference.l2(inferred, target).getFloat()).isEqualTo(15f);   // (1 + 4 + 9 + 16) / 2
    }
    try (CitiesModel model = handModel(10, 1)) {
      TailEmbeddingInference phase = model.phase();
      try (ParameterStore store = phase.begin(new FinalPhase.Inputs(handData(), handTail(), 9, 8))) {
        assertThat(phase.headItems()).containsExactly(1, 2, 3);
        assertThat(phase.tailItems()).containsExactly(4, 5);      // 6 has no context
        // f's output layer set to the constant E[1]: f(C_j) = E[1] for every j
        NDArray w = store.get("cities.out.weight").array();
        NDArray b = store.get("cities.out.bias").array();
        w.subi(w);
        try (NDArray e1 = store.manager().create(new float[] {1, -1, 0.5f, 1})) {
          b.subi(b).addi(e1);
        }
        assertThat(phase.beginEpoch(1)).isEqualTo(1);
        float loss;
        try (NDManager bm = store.manager().newSubManager()) {
          loss = phase.loss(0, bm).getFloat();
        }
        // targets are the head rows E[1], E[2], E[3]: (0 + ||E1−E2||² + ||E1−E3||²) / 3, ||E1−Ej||² = (j−1)²·(1+1+1/4)
        double byHand = (0 + 1 * 2.25 + 4 * 2.25) / 3;
        assertThat((double) loss).isCloseTo(byHand, within(1e-5));
      }
    }
  }

  @Test
  void onlyTailItemsWithAContextGetTheInferredEmbeddingAtTheInputAndInScoring() {
    try (CitiesModel model = handModel(10, 1)) {
      float[] before = model.parameters().get(IdEmbedding.TABLE).array().toFloatArray();
      TailEmbeddingInference phase = model.phase();
      Map<Integer, float[]> expected = new HashMap<>();
      try (ParameterStore store = phase.begin(new FinalPhase.Inputs(handData(), handTail(), 9, 1))) {
        assertThat(phase.end()).contains("2 tail items");
        for (int j : new int[] {4, 5}) {
          try (NDManager m = store.manager().newSubManager()) {
            // K = 10 >= every count: all contexts; the aggregator is order-free (no positions, mean)
            expected.put(j, phase.function().infer(phase.frozenItems(), new int[][][] {phase.itemContexts().all(j)}, 10,
                new Forward(m, false)).toFloatArray());
          }
        }
      }
      float[] after = model.parameters().get(IdEmbedding.TABLE).array().toFloatArray();
      for (int j : new int[] {0, 1, 2, 3, 6, 7}) {   // padding, head items, a tail item without context, mask row
        assertThat(Arrays.copyOfRange(after, 4 * j, 4 * j + 4)).as("row " + j)
            .isEqualTo(Arrays.copyOfRange(before, 4 * j, 4 * j + 4));
      }
      for (int j : new int[] {4, 5}) {
        assertThat(Arrays.copyOfRange(after, 4 * j, 4 * j + 4)).as("row " + j)
            .containsExactly(expected.get(j), within(1e-5f));
        assertThat(Arrays.copyOfRange(after, 4 * j, 4 * j + 4)).isNotEqualTo(Arrays.copyOfRange(before, 4 * j, 4 * j + 4));
      }
      // the encoder's input view and the candidate vectors are the new rows
      try (NDManager m = NDManager.newBaseManager()) {
        Forward fwd = new Forward(m, false);
        BatchArrays in = new BatchArrays(SequenceBatch.leftPadded(new int[][] {{1, 2, 3, 4, 5, 6}}, null, 8), m);
        float[] view = model.items().inputViews(in, fwd).get(0).toFloatArray();
        assertThat(Arrays.copyOfRange(view, 2 * 4, 8 * 4)).containsExactly(Arrays.copyOfRange(after, 4, 28));
        float[] cand = model.items().candidates(m.create(new long[] {1, 2, 3, 4, 5, 6}), fwd).toFloatArray();
        assertThat(cand).containsExactly(Arrays.copyOfRange(after, 4, 28));
        assertThat(model.items().itemRange(1, 7, fwd).toFloatArray()).containsExactly(Arrays.copyOfRange(after, 4, 28));
      }
    }
  }

  private RunConfig config(Backbone backbone, int epochs, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(Map.of("model.hidden_size", "16", "model.max_len", "12",
        "train.batch_size", "16", "train.epochs", Integer.toString(epochs), "train.seed", "5",
        "train.lr", "0.005", "model.dropout", "0.1", "train.eval_batch_size", "32"));
    o.putAll(Map.of("method.contexts", "3", "method.context_len", "5", "method.infer_epochs", "2"));
    o.putAll(extra);
    return RunConfig.resolve(Preset.PAPER, backbone, CitiesModelFactory.METHOD, tmp.resolve("data"), o);
  }

  private static Validator validator(Dataset ds) {
    EvalSpec spec = EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.VALID).withMaxLen(12).withSeed(7);
    return scorer -> {
      EvalReport r = new Evaluator().evaluate(ds, scorer, spec);
      return new Validator.Result(r.overall().hr(10), r.overall().ndcg(10), 0);
    };
  }

  private static float[] itemTable(Path checkpoint) throws Exception {
    return Checkpoint.readParams(checkpoint).get(IdEmbedding.TABLE).values();
  }

  @Test
  void everyBackboneTrainsThenReplacesOnlyTheTailRowsWithFiniteLosses() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 5, 10);
    boolean[] tail = GroupThresholds.pareto().resolve(ds, 12).tailItems(ds.itemPopularity());
    for (Backbone b : Backbone.values()) {
      RunConfig c = config(b, 1, Map.of());
      ModelSpec spec = c.model().toSpec(ds.numItems());
      // the plain model's parameters, same names and shapes
      try (SequenceModel m = ModelBuilder.build(c, spec, NDManager.newBaseManager(), Optional.of(ds));
           SequenceModel plain = PlainModelFactory.build(spec, new ParameterStore(NDManager.newBaseManager(), 5), true)) {
        assertThat(m.parameters().persistedParams().stream().map(ParameterStore.Param::name).toList()).as(b.id())
            .isEqualTo(plain.parameters().persistedParams().stream().map(ParameterStore.Param::name).toList());
        assertThat(m.finalPhase()).isPresent();
        List<Double> losses = FinalPhaseRunner.run(m.finalPhase().get(), new FinalPhase.Inputs(ds, tail, 5, 16),
            Adam.Settings.paper(), LoggerFactory.getLogger(CitiesTest.class));
        assertThat(losses).as(b.id()).hasSize(2).allSatisfy(l -> assertThat(l).isFinite().isPositive());
      }
      // through the trainer: 1 epoch, so checkpoints/last is the best checkpoint before the phase
      Path run = tmp.resolve("run-" + b.id());
      Trainer.Result r = new Trainer(c, ds, new RunDirectory(run), validator(ds)).withoutTest().run(false, "test");
      assertThat(r.epochsDone()).isEqualTo(1);
      Path best = new RunDirectory(run).checkpoint(RunDirectory.BEST);
      Path last = new RunDirectory(run).checkpoint(RunDirectory.LAST);
      assertThat(Checkpoint.readFinalPhase(best)).contains("cities");
      assertThat(Checkpoint.readFinalPhase(last)).isEmpty();
      float[] replaced = itemTable(best);
      float[] trained = itemTable(last);
      ItemContexts contexts = ItemContexts.of(ds, 5);
      int d = 16;
      int changed = 0;
      for (int j = 0; j < spec.itemRows(); j++) {
        float[] now = Arrays.copyOfRange(replaced, j * d, j * d + d);
        for (float v : now) assertThat(v).isFinite();
        boolean inferred = j >= 1 && j <= ds.numItems() && tail[j] && contexts.count(j) > 0;
        if (inferred) {
          changed++;
          assertThat(now).as(b.id() + " tail row " + j).isNotEqualTo(Arrays.copyOfRange(trained, j * d, j * d + d));
        } else {
          assertThat(now).as(b.id() + " row " + j).isEqualTo(Arrays.copyOfRange(trained, j * d, j * d + d));
        }
      }
      assertThat(changed).as(b.id()).isPositive();
      // every other parameter is the backbone's
      Map<String, TensorFile.Tensor> bp = Checkpoint.readParams(best);
      Map<String, TensorFile.Tensor> lp = Checkpoint.readParams(last);
      for (String name : bp.keySet()) {
        if (!name.equals(IdEmbedding.TABLE)) assertThat(bp.get(name).values()).as(name).isEqualTo(lp.get(name).values());
      }
    }
  }

  @Test
  void thePhaseRunsOnceIsDeterministicAndTheRunLoadsForScoring() throws Exception {
    Dataset ds = TinyData.chain(48, 120, 5, 10);
    RunConfig c = config(Backbone.SASREC, 2, Map.of());
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    new Trainer(c, ds, new RunDirectory(a), validator(ds)).withoutTest().run(false, "test");
    new Trainer(c, ds, new RunDirectory(b), validator(ds)).withoutTest().run(false, "test");
    Path bestA = new RunDirectory(a).checkpoint(RunDirectory.BEST);
    float[] tableA = itemTable(bestA);
    assertThat(itemTable(new RunDirectory(b).checkpoint(RunDirectory.BEST))).isEqualTo(tableA);
    // the same command again: the run is complete and the phase is not applied twice
    new Trainer(c, ds, new RunDirectory(a), validator(ds)).withoutTest().run(false, "test");
    assertThat(itemTable(bestA)).isEqualTo(tableA);
    try (LoadedRun loaded = LoadedRun.open(a)) {
      float[][] s = loaded.scorer(32).scoreCandidates(new int[] {0, 1}, new int[][] {ds.evalInput(0, false),
          ds.evalInput(1, false)}, new int[][] {{1, 2, 3}, {4, 5, 6}});
      assertThat(s).hasDimensions(2, 3);
      assertThat(s[0][0]).isFinite();
      assertThat(loaded.model().parameters().get(IdEmbedding.TABLE).array().toFloatArray()).isEqualTo(tableA);
    }
  }

  @Test
  void isRegisteredAndRefusesBadOptionsNamingTheKey() {
    assertThat(ModelFactory.forMethod("cities")).isInstanceOf(CitiesModelFactory.class);
    for (String[] bad : new String[][] {{"method.contexts", "0"}, {"method.contexts", "x"},
        {"method.context_len", "-1"}, {"method.infer_epochs", "0"}, {"method.infer_epochs", "1.5"}}) {
      assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "cities", Path.of("/d"),
          Map.of(bad[0], bad[1]))).as(bad[0] + "=" + bad[1]).hasMessageContaining("'" + bad[0] + "'");
    }
    RunConfig c = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "cities", Path.of("/d"), Map.of("method.alpha", "0.1"));
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> ModelBuilder.build(c, c.model().toSpec(10), m, Optional.empty()))
          .hasMessageContaining("'alpha'");
    }
  }
}
