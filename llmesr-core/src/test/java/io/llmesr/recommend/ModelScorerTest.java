package io.llmesr.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceRecommender;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's candidate scores do not depend on the batch it is scored in (bitwise with fixed padding); candidates and full scores agree; top-K is right. */
class ModelScorerTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  private static int[][] histories(Random rng, int users, int n, int maxLen) {
    int[][] h = new int[users][];
    for (int u = 0; u < users; u++) {
      h[u] = new int[1 + rng.nextInt(maxLen + 5)];
      for (int i = 0; i < h[u].length; i++) h[u][i] = 1 + rng.nextInt(n);
    }
    return h;
  }

  @Test
  void scoresAreIdenticalAcrossBatchSizes() {
    int n = 60;
    Random rng = new Random(3);
    int[][] hist = histories(rng, 23, n, 20);
    int[][] cands = new int[23][];
    for (int u = 0; u < 23; u++) {
      cands[u] = new int[11];
      for (int j = 0; j < 11; j++) cands[u][j] = 1 + rng.nextInt(n);
    }
    int[] users = new int[23];
    for (Backbone b : Backbone.values()) {
      // the paper's model computed on all L slots, the fast model, and the paper's model with folded padding (whose
      // window follows each chunk's longest row once users are scored in order of length)
      for (String variant : new String[] {"literal", "fast", "folded"}) {
        boolean fast = variant.equals("fast");
        if (variant.equals("folded") && !b.isTransformer()) continue;
        Masking m = !fast ? Masking.NONE : b == Backbone.SASREC ? Masking.CAUSAL : Masking.PADDING;
        ModelSpec spec = new ModelSpec(b, n, 16, 20, 2, 2, 0.5f, m, fast);
        try (NDManager root = NDManager.newBaseManager()) {
          ParameterStore store = new ParameterStore(root.newSubManager(), 9);
          SequenceRecommender model = variant.equals("folded") ? PlainModelFactory.build(spec, store, true)
              : PlainModelFactory.build(spec, store);
          float[][] one = new ModelScorer(model, 1).scoreCandidates(users, hist, cands);
          float[][] many = new ModelScorer(model, 23).scoreCandidates(users, hist, cands);
          float[][] some = new ModelScorer(model, 5).scoreCandidates(users, hist, cands);
          float[][] all1 = new ModelScorer(model, 1).scoreAll(users, hist);
          float[][] all7 = new ModelScorer(model, 7).scoreAll(users, hist);
          for (int u = 0; u < 23; u++) {
            if (variant.equals("literal") && b.isTransformer()) {
              // transformers computed on all L slots: bitwise identical whatever the batch (per-row kernels)
              assertThat(many[u]).as(b + " user " + u).containsExactly(one[u]);
              assertThat(some[u]).containsExactly(one[u]);
            } else {
              // dynamic length / folded: the computed length follows the batch's longest row; GRU4Rec: the input projection is
              // one product over all B·T slots whose kernel blocking depends on B. Equal up to float rounding.
              for (int j = 0; j < 11; j++) {
                assertThat(many[u][j]).isCloseTo(one[u][j], org.assertj.core.data.Offset.offset(1e-5f));
              }
            }
            // full ranking is one (users × d)·(d × items) product whose kernel blocking depends on the number of
            // users: equal up to float rounding
            for (int i = 1; i <= n; i++) {
              assertThat(all7[u][i]).isCloseTo(all1[u][i], org.assertj.core.data.Offset.offset(1e-5f));
            }
            for (int j = 0; j < 11; j++) {
              assertThat(all1[u][cands[u][j]]).as("full vs candidate score").isCloseTo(one[u][j],
                  org.assertj.core.data.Offset.offset(1e-5f));
            }
          }
          // top-K = the best items of the full scores, history excluded
          ModelScorer.TopK top = new ModelScorer(model, 4).topK(hist[0], 5, hist[0]);
          float[] s = all1[0].clone();
          for (int item : hist[0]) s[item] = Float.NEGATIVE_INFINITY;
          s[0] = Float.NEGATIVE_INFINITY;
          for (int r = 0; r < 5; r++) {
            int best = 1;
            for (int i = 1; i <= n; i++) if (s[i] > s[best]) best = i;
            assertThat(top.items()[r]).as(b + " top-" + (r + 1)).isEqualTo(best);
            s[best] = Float.NEGATIVE_INFINITY;
          }
          model.close();
        }
      }
    }
  }
}
