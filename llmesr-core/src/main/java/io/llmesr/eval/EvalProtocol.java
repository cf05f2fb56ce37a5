package io.llmesr.eval;

import java.util.Locale;

/**
 * How the target item is ranked (docs/model.md §5.1; docs/evaluation.md, "Protocols").
 *
 * <ul>
 *   <li>{@link #SAMPLED100} — the paper's protocol: the target against 100 negatives drawn uniformly from the
 *       items outside the user's whole history; 101 candidates. Negatives are drawn once from a recorded seed
 *       and saved (see {@link SampledCandidates}).</li>
 *   <li>{@link #FULL} — the target against every item 1..N except the items of the evaluation input (the
 *       target itself is never removed, even when the user consumed it before).</li>
 *   <li>{@link #POP100} — like sampled100, but the 100 negatives are drawn with probability proportional to item
 *       popularity (RecBole's {@code pop100}). Note: beyond the paper. Uniform negatives are mostly obscure items
 *       (on Beauty 79 % of the items are tail items), which a popularity-leaning model beats easily; popular
 *       negatives test whether a model tells the target apart from the items it would otherwise recommend.</li>
 * </ul>
 */
public enum EvalProtocol {
  SAMPLED100("sampled100"),
  FULL("full"),
  POP100("pop100");

  private final String label;

  EvalProtocol(String label) {
    this.label = label;
  }

  /** The name used in reports, file names and on the command line. */
  public String label() {
    return label;
  }

  /** Whether the target is ranked against sampled negatives (sampled100, pop100) rather than all items. */
  public boolean isSampled() {
    return this != FULL;
  }

  /** Parses {@code sampled100}, {@code full} or {@code pop100} (case-insensitive). */
  public static EvalProtocol parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    for (EvalProtocol p : values()) {
      if (p.label.equals(t)) return p;
    }
    throw new IllegalArgumentException("unknown protocol '" + s + "' (expected sampled100, full or pop100)");
  }

  @Override
  public String toString() {
    return label;
  }
}
