package io.llmesr.eval;

import io.llmesr.prepare.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Datasets built in code for the evaluation tests. */
final class EvalFixtures {
  private EvalFixtures() {}

  /** A dataset with leave-one-out splits (docs/model.md §2.2) over the given sequences. */
  static Dataset leaveOneOut(String name, int numItems, int[]... sequences) {
    int u = sequences.length;
    List<String> users = new ArrayList<>();
    List<String> items = new ArrayList<>();
    items.add(null);
    for (int i = 1; i <= numItems; i++) items.add("i" + i);
    int[] trainEnd = new int[u];
    int[] validEnd = new int[u];
    for (int k = 0; k < u; k++) {
      users.add("u" + k);
      int n = sequences[k].length;
      trainEnd[k] = n >= 3 ? n - 2 : n;
      validEnd[k] = n >= 3 ? n - 1 : n;
    }
    return new Dataset(name, users, items, sequences, trainEnd, validEnd, null, null);
  }

  /**
   * The hand-built 5-item dataset of the group tests. Popularity (distinct users): item1 6, item2 6, item3 4,
   * item4 3, item5 2. User 2 has fewer than 3 interactions and is never evaluated.
   */
  static Dataset tiny() {
    return leaveOneOut("tiny", 5,
        new int[] {1, 2, 3, 4, 5},
        new int[] {1, 2, 3},
        new int[] {1, 2},
        new int[] {2, 1, 4},
        new int[] {1, 3, 2, 1},
        new int[] {5, 4, 3, 2, 1, 2});
  }

  /** A random dataset with {@code users} users over {@code items} items, lengths 1..maxLen, with repeats. */
  static Dataset random(long seed, int users, int items, int maxLen) {
    Random r = new Random(seed);
    int[][] seqs = new int[users][];
    for (int u = 0; u < users; u++) {
      int n = 1 + r.nextInt(maxLen);
      seqs[u] = new int[n];
      for (int j = 0; j < n; j++) {
        // skewed popularity so that head/tail groups are both populated
        double x = r.nextDouble();
        seqs[u][j] = 1 + (int) (items * x * x * x);
      }
    }
    return leaveOneOut("random" + seed, items, seqs);
  }

  /** Scores every item (and candidate) with a fixed per-item value; ignores users and inputs. */
  static Scorer perItem(java.util.function.IntToDoubleFunction f, int numItems) {
    return new Scorer() {
      @Override
      public float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates) {
        float[][] out = new float[users.length][];
        for (int b = 0; b < users.length; b++) {
          out[b] = new float[candidates[b].length];
          for (int j = 0; j < candidates[b].length; j++) out[b][j] = (float) f.applyAsDouble(candidates[b][j]);
        }
        return out;
      }

      @Override
      public float[][] scoreAll(int[] users, int[][] inputs) {
        float[][] out = new float[users.length][numItems + 1];
        for (int b = 0; b < users.length; b++) {
          for (int i = 1; i <= numItems; i++) out[b][i] = (float) f.applyAsDouble(i);
        }
        return out;
      }
    };
  }
}
