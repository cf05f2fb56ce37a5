package io.llmesr.prepare;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Recipe {@code kcore}: the common "k-core" preparation of sequential-recommendation papers.
 * <ol>
 *   <li>Rating filter as in {@code llmesr-paper} (drop a present rating {@code <= 0}); no date window.</li>
 *   <li>Optional de-duplication ({@code --dedup}): of repeated (user, item) pairs keep only the first in the
 *       user's stable time order (earliest timestamp; among equal timestamps the first in the file).</li>
 *   <li><b>Iterative</b> k-core: repeatedly drop every interaction whose user or item has fewer than
 *       {@code k} interactions, recounting after each round, until nothing changes. The result is the
 *       unique largest subset in which every user and item has at least {@code k} interactions.</li>
 *   <li>Per-user stable time sort, ids by first appearance, split: as in {@code llmesr-paper}, but no
 *       user is removed after id assignment (every user already has {@code >= k}).</li>
 * </ol>
 */
final class KCoreRecipe extends Recipe {
  public static final String NAME = "kcore";
  private final int k;
  private final boolean dedup;
  /** Rounds the last {@link #keep} call needed (for the log). */
  int rounds;

  public KCoreRecipe(int k, boolean dedup) {
    if (k < 1) throw new IllegalArgumentException("--kcore must be >= 1, got " + k);
    this.k = k;
    this.dedup = dedup;
  }

  public int k() {
    return k;
  }

  public boolean dedup() {
    return dedup;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("dropNonPositiveRatings", true);
    p.put("dateWindow", null);
    p.put("filter", "iterative");
    p.put("k", k);
    p.put("dedup", dedup);
    p.put("minUserLengthAfterIds", 0);
    return p;
  }

  @Override
  public IngestFilter ingestFilter() {
    return new IngestFilter(true, null, null);
  }

  @Override
  public int minUserLengthAfterIds() {
    return 0;
  }

  @Override
  BitSet keep(UserGroups g) {
    InteractionTable t = g.table;
    BitSet keep = new BitSet(t.rows());
    keep.set(0, t.rows());
    if (dedup) {
      int[] lastUser = new int[t.items.size()];
      java.util.Arrays.fill(lastUser, -1);
      for (int u = 0; u < g.numUserCodes(); u++) {
        for (int i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
          int r = g.rows[i];
          int item = t.item(r);
          if (lastUser[item] == u) keep.clear(r);
          else lastUser[item] = u;
        }
      }
    }
    int[] perUser = new int[t.users.size()];
    int[] perItem = new int[t.items.size()];
    rounds = 0;
    while (true) {
      rounds++;
      count(g, keep, perUser, perItem);
      boolean changed = false;
      for (int r = keep.nextSetBit(0); r >= 0; r = keep.nextSetBit(r + 1)) {
        if (perUser[t.user(r)] < k || perItem[t.item(r)] < k) {
          keep.clear(r);
          changed = true;
        }
      }
      if (!changed) return keep;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KCoreRecipe c && c.k == k && c.dedup == dedup;
  }

  @Override
  public int hashCode() {
    return Objects.hash(NAME, k, dedup);
  }
}
