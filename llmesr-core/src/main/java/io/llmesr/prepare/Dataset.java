package io.llmesr.prepare;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A prepared sequential-recommendation dataset, in memory. This is what {@code prepare} writes and every
 * later stage (embed, train, evaluate, recommend) reads; its on-disk form is documented in
 * {@code docs/dataset-format.md} and read/written by {@code DatasetIO}.
 *
 * <p>Ids. Users are indexed {@code 0..U-1} in file order (docs/model.md §2.5: the 0-based row of the user
 * embedding table and of the similar-user table). Items are indexed {@code 1..N} (docs/model.md §2.1: ids by first
 * appearance); index 0 is padding and {@code N+1} is reserved for BERT4Rec's mask token, so item tables
 * have {@code N+2} rows.
 *
 * <p>Splits. Each user's full, time-ordered sequence {@code s} is cut at two boundaries:
 * training items are {@code s[0, trainEnd)}, validation items {@code s[trainEnd, validEnd)}, test items
 * {@code s[validEnd, s.length)}. Leave-one-out (docs/model.md §2.2) has {@code trainEnd = n-2, validEnd = n-1} for
 * {@code n >= 3} and {@code trainEnd = validEnd = n} otherwise. The validation target is the first
 * validation item; the test target is the first test item. The evaluation input for validation is
 * {@code s[0, trainEnd)}; for test it is {@code s[0, validEnd)}.
 *
 * @param name         dataset name (from the manifest)
 * @param userIds      raw user id per user index ({@code U} entries)
 * @param itemIds      raw item id per item index; entry 0 is {@code null} ({@code N+1} entries)
 * @param sequences    per user, item indices in time order
 * @param trainEnd     per user, end (exclusive) of the training part
 * @param validEnd     per user, end (exclusive) of the validation part
 * @param itemPrompts  per item index the text to embed (entry 0 {@code null}); may be {@code null} when
 *                     the source has no item text
 * @param userPrompts  per user index the text to embed, built from training items only; may be {@code null}
 */
public record Dataset(String name, List<String> userIds, List<String> itemIds, int[][] sequences,
                      int[] trainEnd, int[] validEnd, List<String> itemPrompts, List<String> userPrompts) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    userIds = List.copyOf(userIds);
    itemIds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(itemIds));
    int u = userIds.size();
    if (sequences.length != u || trainEnd.length != u || validEnd.length != u) {
      throw new IllegalArgumentException("per-user arrays disagree with " + u + " users");
    }
    if (itemIds.isEmpty() || itemIds.get(0) != null) {
      throw new IllegalArgumentException("itemIds[0] must be the null padding entry");
    }
    int n = itemIds.size() - 1;
    for (int i = 0; i < u; i++) {
      int[] s = sequences[i];
      if (!(0 <= trainEnd[i] && trainEnd[i] <= validEnd[i] && validEnd[i] <= s.length)) {
        throw new IllegalArgumentException("bad split boundaries for user " + i);
      }
      for (int item : s) {
        if (item < 1 || item > n) throw new IllegalArgumentException("user " + i + " has item index " + item);
      }
    }
    if (itemPrompts != null && itemPrompts.size() != n + 1) {
      throw new IllegalArgumentException("itemPrompts has " + itemPrompts.size() + " entries, need " + (n + 1));
    }
    if (userPrompts != null && userPrompts.size() != u) {
      throw new IllegalArgumentException("userPrompts has " + userPrompts.size() + " entries, need " + u);
    }
    if (itemPrompts != null) itemPrompts = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(itemPrompts));
    if (userPrompts != null) userPrompts = List.copyOf(userPrompts);
  }

  /** Number of users {@code U}. */
  public int numUsers() {
    return userIds.size();
  }

  /** Number of items {@code N} (item indices run 1..N). */
  public int numItems() {
    return itemIds.size() - 1;
  }

  /** Total interactions over all splits. */
  public long numInteractions() {
    long total = 0;
    for (int[] s : sequences) total += s.length;
    return total;
  }

  /** The training part of user {@code u}'s sequence (a copy). */
  public int[] train(int u) {
    return Arrays.copyOfRange(sequences[u], 0, trainEnd[u]);
  }

  /** Whether user {@code u} has a validation target. */
  public boolean hasValid(int u) {
    return validEnd[u] > trainEnd[u];
  }

  /** Whether user {@code u} has a test target. */
  public boolean hasTest(int u) {
    return sequences[u].length > validEnd[u];
  }

  /** Validation target of user {@code u}: the first validation item. */
  public int validTarget(int u) {
    if (!hasValid(u)) throw new IllegalStateException("user " + u + " has no validation item");
    return sequences[u][trainEnd[u]];
  }

  /** Test target of user {@code u}: the first test item. */
  public int testTarget(int u) {
    if (!hasTest(u)) throw new IllegalStateException("user " + u + " has no test item");
    return sequences[u][validEnd[u]];
  }

  /**
   * The evaluation input of user {@code u} (a copy, oldest first): the training part for validation,
   * training + validation for test (docs/model.md §5.1). Never contains the target's own slot.
   */
  public int[] evalInput(int u, boolean test) {
    return Arrays.copyOfRange(sequences[u], 0, test ? validEnd[u] : trainEnd[u]);
  }

  /**
   * Item popularity as LLM-ESR counts it (docs/model.md §2.8): the number of distinct users whose full sequence
   * (train + valid + test) contains the item. Index 0 is 0.
   */
  public int[] itemPopularity() {
    int[] pop = new int[numItems() + 1];
    int[] lastSeen = new int[numItems() + 1];
    Arrays.fill(lastSeen, -1);
    for (int u = 0; u < sequences.length; u++) {
      for (int item : sequences[u]) {
        if (lastSeen[item] != u) {
          lastSeen[item] = u;
          pop[item]++;
        }
      }
    }
    return pop;
  }
}
