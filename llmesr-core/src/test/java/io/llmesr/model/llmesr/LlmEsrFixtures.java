package io.llmesr.model.llmesr;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.model.Backbone;
import io.llmesr.model.Forward;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.TrainingBatch;
import io.llmesr.prepare.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small in-memory datasets, LLM tables and batches for the LLM-ESR tests. */
final class LlmEsrFixtures {
  private LlmEsrFixtures() { }

  /** U users with sequences of length 3..maxLen over items 1..N, leave-one-out splits. */
  static Dataset dataset(int users, int items, int maxLen, long seed) {
    Random rng = new Random(seed);
    List<String> userIds = new ArrayList<>();
    List<String> itemIds = new ArrayList<>();
    itemIds.add(null);
    for (int i = 1; i <= items; i++) itemIds.add("i" + i);
    int[][] seqs = new int[users][];
    int[] trainEnd = new int[users];
    int[] validEnd = new int[users];
    for (int u = 0; u < users; u++) {
      userIds.add("u" + u);
      int n = 3 + rng.nextInt(maxLen - 2);
      seqs[u] = new int[n];
      for (int t = 0; t < n; t++) seqs[u][t] = 1 + rng.nextInt(items);
      trainEnd[u] = n - 2;
      validEnd[u] = n - 1;
    }
    return new Dataset("fixture", userIds, itemIds, seqs, trainEnd, validEnd, null, null);
  }

  /** Random LLM table (N+1)×D (row 0 zero), random "PCA" (N+1)×d (row 0 zero), K random similar users (not self). */
  static LlmEsrTables tables(int users, int items, int llmDim, int d, int k, long seed) {
    Random rng = new Random(seed);
    float[] llm = new float[(items + 1) * llmDim];
    for (int i = llmDim; i < llm.length; i++) llm[i] = (float) rng.nextGaussian();
    float[] pca = new float[(items + 1) * d];
    for (int i = d; i < pca.length; i++) pca[i] = (float) (rng.nextGaussian() * 0.5);
    int[][] sim = new int[users][k];
    for (int u = 0; u < users; u++) {
      for (int j = 0; j < k; j++) {
        int s;
        do {
          s = rng.nextInt(users);
        } while (s == u);
        sim[u][j] = s;
      }
    }
    return new LlmEsrTables(llm, llmDim, pca, d, sim);
  }

  static ModelSpec spec(Backbone backbone, int items, int d, int maxLen, float dropout) {
    return new ModelSpec(backbone, items, d, maxLen, 2, 1, dropout, Masking.NONE, false);
  }

  static LlmEsrModel model(ModelSpec spec, LlmEsrTables tables, LlmEsrOptions options, Dataset dataset, long seed) {
    ParameterStore store = new ParameterStore(NDManager.newBaseManager(), seed);
    return LlmEsrModelFactory.build(spec, store, tables, options, dataset);
  }

  /**
   * A training batch of the given users in the backbone's regime (simplified sampling; enough for the model
   * tests): SASRec all-position next item; GRU4Rec last item; BERT4Rec last item masked.
   */
  static TrainingBatch trainingBatch(Dataset ds, ModelSpec spec, int[] users, long seed) {
    Random rng = new Random(seed);
    int b = users.length;
    int n = spec.numItems();
    int[][] inputs = new int[b][];
    int longest = 1;
    for (int r = 0; r < b; r++) {
      int[] train = ds.train(users[r]);
      inputs[r] = spec.backbone() == Backbone.BERT4REC ? train.clone() : Arrays.copyOf(train, train.length - 1);
      if (spec.backbone() == Backbone.BERT4REC) inputs[r][train.length - 1] = spec.maskToken();
      longest = Math.max(longest, Math.min(inputs[r].length, spec.maxLen()));
    }
    int t = spec.paddedLength(longest);
    SequenceBatch in = SequenceBatch.leftPadded(inputs, users, t);
    boolean lastOnly = spec.backbone() == Backbone.GRU4REC;
    int[] targets = new int[lastOnly ? b : b * t];
    int[] negatives = new int[targets.length];
    for (int r = 0; r < b; r++) {
      int[] train = ds.train(users[r]);
      if (lastOnly) {
        targets[r] = train[train.length - 1];
        negatives[r] = 1 + rng.nextInt(n);
      } else if (spec.backbone() == Backbone.BERT4REC) {
        targets[r * t + t - 1] = train[train.length - 1];
        negatives[r * t + t - 1] = 1 + rng.nextInt(n);
      } else {
        int k = Math.min(train.length - 1, t);
        for (int i = 0; i < k; i++) {
          int slot = r * t + t - k + i;
          targets[slot] = train[train.length - k + i];
          negatives[slot] = 1 + rng.nextInt(n);
        }
      }
    }
    return new TrainingBatch(in, targets, negatives, lastOnly);
  }

  /** Users 0..b-1. */
  static int[] firstUsers(int b) {
    int[] u = new int[b];
    for (int i = 0; i < b; i++) u[i] = i;
    return u;
  }

  /** Zeroes the gradients of all trainable parameters. */
  static void zeroGradients(ParameterStore store) {
    for (ParameterStore.Param p : store.trainableParams()) {
      try (NDArray g = p.array().getGradient()) {
        g.subi(g);
      }
    }
  }

  /** One forward + backward of the training loss; returns per-parameter gradients (copied) and the loss. */
  static Map<String, float[]> gradients(LlmEsrModel model, TrainingBatch batch) {
    ParameterStore store = model.parameters();
    zeroGradients(store);
    try (NDManager m = store.manager().newSubManager(); NDScope scope = new NDScope();
         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      scope.suppressNotUsedWarning();
      NDArray loss = model.loss(batch, new Forward(m, true)).total();
      gc.backward(loss);
    }
    Map<String, float[]> out = new HashMap<>();
    for (ParameterStore.Param p : store.trainableParams()) {
      try (NDArray g = p.array().getGradient()) {
        out.put(p.name(), g.toFloatArray());
      }
    }
    return out;
  }

  /** One plain SGD step on every trainable parameter (tests only; the trainer uses Adam). */
  static float sgdStep(LlmEsrModel model, TrainingBatch batch, float lr) {
    ParameterStore store = model.parameters();
    zeroGradients(store);
    float value;
    try (NDManager m = store.manager().newSubManager(); NDScope scope = new NDScope();
         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      scope.suppressNotUsedWarning();
      NDArray loss = model.loss(batch, new Forward(m, true)).total();
      gc.backward(loss);
      value = loss.getFloat();
    }
    for (ParameterStore.Param p : store.trainableParams()) {
      try (NDArray g = p.array().getGradient(); NDArray step = g.mul(lr)) {
        p.array().subi(step);
      }
    }
    return value;
  }

  static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) m = Math.max(m, Math.abs(v));
    return m;
  }
}
