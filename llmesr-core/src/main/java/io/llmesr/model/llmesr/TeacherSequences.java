package io.llmesr.model.llmesr;

import io.llmesr.prepare.Dataset;
import java.util.Arrays;

/**
 * The inputs of the self-distillation teacher (docs/model.md §3.8): for every user, its own <em>training input</em>
 * sequence — the training part minus its last item, oldest first (left padding and positions 1..k are added when
 * batched, docs/model.md §2.3). BERT4Rec gets no mask token here. Users whose training part has fewer than two items
 * get an empty (all-padding) input, as in the paper.
 *
 * <p>And for every user its N most similar users: the first N of the stored most-similar-first list
 * (docs/model.md §2.7).
 */
public final class TeacherSequences {
  private final int[][] inputs;
  private final int[][] similar;

  /**
   * @param dataset      the prepared dataset (user indices 0..U-1 as in the similar-user table)
   * @param similarUsers the first N similar users of every user ({@link LlmEsrTables#topSimilar(int)})
   */
  public TeacherSequences(Dataset dataset, int[][] similarUsers) {
    int u = dataset.numUsers();
    if (similarUsers.length != u) {
      throw new IllegalArgumentException("similar-user table has " + similarUsers.length + " rows but the dataset has "
          + u + " users: it was computed for another dataset");
    }
    this.inputs = new int[u][];
    for (int i = 0; i < u; i++) {
      int end = Math.max(0, dataset.trainEnd()[i] - 1);
      inputs[i] = Arrays.copyOfRange(dataset.sequences()[i], 0, end);
    }
    this.similar = similarUsers;
  }

  /** Number of users. */
  public int numUsers() {
    return inputs.length;
  }

  /** N, the number of similar users per user. */
  public int perUser() {
    return similar.length == 0 ? 0 : similar[0].length;
  }

  /** User {@code u}'s training input sequence (shared array: do not modify). */
  public int[] input(int u) {
    return inputs[u];
  }

  /** Every user's training input sequence (shared arrays: do not modify). */
  public int[][] inputs() {
    return inputs;
  }

  /** User {@code u}'s N similar users, most similar first (shared array: do not modify). */
  public int[] similar(int u) {
    return similar[u];
  }
}
