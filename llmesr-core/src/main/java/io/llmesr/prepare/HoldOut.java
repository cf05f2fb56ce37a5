package io.llmesr.prepare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The cold-start hold-out of {@code prepare --hold-out-new-items F} (docs/serving.md, "Cold-start quality"): the
 * newest fraction {@code F} of the items — by the time of their first interaction — is taken out of the dataset
 * entirely, as if those items had appeared after training. Every user whose last interaction is such an item becomes a
 * <em>target</em>: the items before it (held-out ones included) and the held-out item to be recommended. A model is
 * then trained without the items, they are added afterwards by their text, and the targets measure how well it
 * recommends them.
 */
final class HoldOut {
  private HoldOut() { }

  /** A held-out item: raw id, first interaction time, its fields (filled in by the item reader). */
  record Item(String id, long firstTime, Map<String, String> fields) { }

  /** A user whose last interaction is a held-out item: raw ids, oldest first. */
  record Target(String user, List<String> history, String target) { }

  /** The hold-out: the items' codes and, per user (in {@code rows} order), the target found or {@code null}. */
  record Result(BitSet heldCodes, int[] heldOrder, long[] firstTimes, int[][] keptRows, Target[] targets) { }

  /**
   * Takes the newest {@code fraction} of the items appearing in {@code rows} out of it.
   *
   * @param rows per user, row indices in time order (after the recipe's filter)
   * @throws IllegalArgumentException unless {@code 0 < fraction < 1}
   */
  static Result apply(InteractionTable t, int[][] rows, int[] userCodes, double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("--hold-out-new-items must be a fraction in (0, 1), got " + fraction);
    }
    long[] first = new long[t.items.size()];
    Arrays.fill(first, Long.MAX_VALUE);
    for (int[] user : rows) for (int r : user) first[t.item(r)] = Math.min(first[t.item(r)], t.time(r));
    List<Integer> present = new ArrayList<>();
    for (int c = 0; c < first.length; c++) if (first[c] != Long.MAX_VALUE) present.add(c);
    // newest first appearance last; ties by code (first appearance in the file) for determinism
    present.sort((a, b) -> first[a] != first[b] ? Long.compare(first[a], first[b]) : Integer.compare(a, b));
    int count = (int) Math.round(fraction * present.size());
    if (count < 1) throw new IllegalArgumentException("--hold-out-new-items " + fraction + " holds out no item of "
        + present.size());
    BitSet held = new BitSet(first.length);
    int[] order = new int[count];
    for (int k = 0; k < count; k++) {
      order[k] = present.get(present.size() - count + k);
      held.set(order[k]);
    }
    int[][] kept = new int[rows.length][];
    Target[] targets = new Target[rows.length];
    for (int u = 0; u < rows.length; u++) {
      int[] r = rows[u];
      if (r.length >= 2 && held.get(t.item(r[r.length - 1]))) {
        List<String> history = new ArrayList<>(r.length - 1);
        for (int j = 0; j < r.length - 1; j++) history.add(t.items.id(t.item(r[j])));
        targets[u] = new Target(t.users.id(userCodes[u]), List.copyOf(history), t.items.id(t.item(r[r.length - 1])));
      }
      kept[u] = Arrays.stream(r).filter(x -> !held.get(t.item(x))).toArray();
    }
    return new Result(held, order, first, kept, targets);
  }
}
