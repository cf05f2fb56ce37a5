package io.llmesr.model.melt;

import io.llmesr.eval.GroupThresholds;
import io.llmesr.prepare.Dataset;
import java.util.Arrays;

/**
 * What MELT's branches read from the training data: who is head and who is tail, and each item's contexts.
 *
 * <ul>
 *   <li><b>Groups</b> are the evaluation's ({@link GroupThresholds}, the rule of {@code method.thresholds}, e.g. the
 *       20/80 rule): a user is a head user when the length of their test evaluation input (train + validation,
 *       truncated to L) is {@code >= tailUserBelow} — the test report's {@code head_user} group — and an item is a
 *       head item when its popularity (distinct users over train + validation + test,
 *       {@link Dataset#itemPopularity()}) is {@code >= tailItemBelow}.</li>
 *   <li><b>Contexts</b> of item i: for every occurrence of i at position p ≥ 1 of a user's training part T, the items
 *       that precede it, {@code T[max(0, p − L) .. p − 1]} (the sequence whose next item is i). An occurrence at the
 *       start of a training part has no context.</li>
 * </ul>
 *
 * <p>Note: the authors' release splits users by training length and items by training frequency with its own
 * quantile rule, and its contexts end with the item itself (a prefix and a reversed suffix per occurrence); we use
 * the evaluation's groups, so that the branches transfer from exactly the users and items the report calls head to
 * those it calls tail, and the sequences that precede the item, whose representation is what scores it.
 */
final class MeltGroups {
  private final GroupThresholds thresholds;
  private final int maxLen;
  private final int[][] train;
  private final int[] popularity;
  private final boolean[] headUser;
  private final int[] userLength;     // test evaluation input length, truncated to L
  private final int[] contextStart;   // CSR offsets into contextUser/contextEnd, N+3 entries
  private final int[] contextUser;
  private final int[] contextEnd;
  private final int[] headItems;      // head items with at least one context, ascending
  private final int[] tailItems;      // tail items with at least one context, ascending

  private MeltGroups(GroupThresholds thresholds, int maxLen, int[][] train, int[] popularity, int[] userLength,
                     boolean[] headUser, int[] contextStart, int[] contextUser, int[] contextEnd) {
    this.thresholds = thresholds;
    this.maxLen = maxLen;
    this.train = train;
    this.popularity = popularity;
    this.headUser = headUser;
    this.userLength = userLength;
    this.contextStart = contextStart;
    this.contextUser = contextUser;
    this.contextEnd = contextEnd;
    int n = popularity.length - 1;
    int[] heads = new int[n];
    int[] tails = new int[n];
    int h = 0;
    int t = 0;
    for (int i = 1; i <= n; i++) {
      if (contexts(i) == 0) continue;
      if (thresholds.isTailItem(popularity[i])) tails[t++] = i; else heads[h++] = i;
    }
    this.headItems = Arrays.copyOf(heads, h);
    this.tailItems = Arrays.copyOf(tails, t);
  }

  /** The groups and contexts of {@code ds} under {@code thresholds} (resolved on {@code ds}), inputs cut to {@code maxLen}. */
  static MeltGroups of(Dataset ds, GroupThresholds thresholds, int maxLen) {
    int users = ds.numUsers();
    int n = ds.numItems();
    int[][] train = new int[users][];
    boolean[] head = new boolean[users];
    int[] length = new int[users];
    int[] counts = new int[n + 2];
    for (int u = 0; u < users; u++) {
      train[u] = ds.train(u);
      length[u] = Math.min(ds.validEnd()[u], maxLen);
      head[u] = train[u].length > 0 && !thresholds.isTailUser(length[u]);
      for (int p = 1; p < train[u].length; p++) counts[train[u][p]]++;
    }
    int[] start = new int[n + 2];
    for (int i = 1; i < n + 2; i++) start[i] = start[i - 1] + counts[i - 1];
    int total = start[n + 1] + counts[n + 1];
    int[] user = new int[total];
    int[] end = new int[total];
    int[] fill = Arrays.copyOf(start, n + 2);
    for (int u = 0; u < users; u++) {
      for (int p = 1; p < train[u].length; p++) {
        int k = fill[train[u][p]]++;
        user[k] = u;
        end[k] = p;
      }
    }
    int[] startWithEnd = Arrays.copyOf(start, n + 3);
    startWithEnd[n + 2] = total;
    return new MeltGroups(thresholds, maxLen, train, ds.itemPopularity(), length, head, startWithEnd, user, end);
  }

  GroupThresholds thresholds() {
    return thresholds;
  }

  /** Number of users. */
  int numUsers() {
    return train.length;
  }

  /** Whether user {@code u} is a head user (the test report's {@code head_user} group, training part non-empty). */
  boolean isHeadUser(int u) {
    return u >= 0 && u < headUser.length && headUser[u];
  }

  /** The length that decides user {@code u}'s group: the test evaluation input (train + validation), at most L. */
  int userLength(int u) {
    return userLength[u];
  }

  /** User {@code u}'s training part, oldest first (shared array: do not modify). */
  int[] train(int u) {
    return train[u];
  }

  /** The popularity of item {@code i} (distinct users over all splits). */
  int popularity(int i) {
    return popularity[i];
  }

  /** Number of contexts of item {@code i}. */
  int contexts(int i) {
    return contextStart[i + 1] - contextStart[i];
  }

  /** The {@code k}-th context of item {@code i}: the items that precede that occurrence (at most L, oldest first). */
  int[] context(int i, int k) {
    int c = contextStart[i] + k;
    int[] t = train[contextUser[c]];
    int e = contextEnd[c];
    return Arrays.copyOfRange(t, Math.max(0, e - maxLen), e);
  }

  /** The user whose training part holds the {@code k}-th context of item {@code i}. */
  int contextUser(int i, int k) {
    return contextUser[contextStart[i] + k];
  }

  /** Head items with at least one context, ascending (what the item branch reconstructs). */
  int[] headItems() {
    return headItems;
  }

  /** Tail items with at least one context, ascending (whose id rows get the enhanced embeddings). */
  int[] tailItems() {
    return tailItems;
  }
}
