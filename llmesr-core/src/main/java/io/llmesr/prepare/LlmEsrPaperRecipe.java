package io.llmesr.prepare;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recipe {@code llmesr-paper}: exactly the official data preparation (docs/model.md §2.1–2.2).
 * <ol>
 *   <li>Rating filter: drop an interaction whose rating is present and {@code <= 0}.</li>
 *   <li>Yelp only (format or domain {@code yelp}): keep {@code 20000101000000 <= timestamp <= 20191231000000}.</li>
 *   <li><b>Single-pass</b> 3/3 count filter: count interactions per user and per item over the list left by
 *       steps 1–2 (repeated (user, item) pairs counted), then drop every interaction whose user count
 *       {@code < 3} or item count {@code < 3}. Counts are not recomputed afterwards (not a k-core).</li>
 *   <li>Per user, stable time sort (ties keep file order); repeats are kept.</li>
 *   <li>Ids by first appearance: users in order of their first surviving interaction in the file; items
 *       numbered 1, 2, ... walking users in that order and each user's sorted list.</li>
 *   <li>After id assignment, users with fewer than 3 interactions are removed (item ids are not
 *       re-assigned and items are not re-checked).</li>
 *   <li>Leave-one-out split (unless another split is asked for).</li>
 * </ol>
 *
 * <p>Note: the paper's user ids then have gaps; ours are the dense 0-based row index in file order (which
 * is the index the paper itself uses for user embeddings, docs/model.md §2.5); the paper's 1-based id is kept in
 * {@code users.tsv}. Items whose every interaction belonged to removed users keep their id (popularity 0)
 * unless their id is above the largest id still present, exactly as the paper's {@code item_num = max id}.
 */
final class LlmEsrPaperRecipe extends Recipe {
  public static final String NAME = "llmesr-paper";
  /** The paper's user_core = item_core = 3 and minimum sequence length 3. */
  public static final int CORE = 3;
  private final boolean yelp;

  public LlmEsrPaperRecipe(boolean yelp) {
    this.yelp = yelp;
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
    p.put("dateWindow", yelp ? List.of(IngestFilter.YELP_FROM, IngestFilter.YELP_TO) : null);
    p.put("filter", "single-pass");
    p.put("userCore", CORE);
    p.put("itemCore", CORE);
    p.put("dedup", false);
    p.put("minUserLengthAfterIds", CORE);
    return p;
  }

  @Override
  public IngestFilter ingestFilter() {
    return yelp ? new IngestFilter(true, IngestFilter.YELP_FROM, IngestFilter.YELP_TO)
        : new IngestFilter(true, null, null);
  }

  @Override
  public int minUserLengthAfterIds() {
    return CORE;
  }

  @Override
  BitSet keep(UserGroups g) {
    InteractionTable t = g.table;
    int[] perUser = new int[t.users.size()];
    int[] perItem = new int[t.items.size()];
    BitSet all = new BitSet(t.rows());
    all.set(0, t.rows());
    count(g, all, perUser, perItem);
    BitSet keep = new BitSet(t.rows());
    for (int r = 0; r < t.rows(); r++) {
      if (perUser[t.user(r)] >= CORE && perItem[t.item(r)] >= CORE) keep.set(r);
    }
    return keep;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LlmEsrPaperRecipe p && p.yelp == yelp;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {NAME, yelp});
  }
}
