package io.llmesr.model.llmesr;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The paper's ablations of LLM-ESR (Table 2, docs/model.md §6.1), one switch each. Every switch changes exactly
 * the part it names and nothing else, so that an ablation row differs from the full model in one factor.
 *
 * <p>Note: the official code declares {@code --split_backbone}, {@code --co_view} and {@code --se_view} but
 * never reads them (docs/model.md §1), so {@link #NO_SHARE}, {@link #NO_CO_VIEW} and {@link #NO_SE_VIEW} are our own
 * implementations of what the paper describes.
 */
public enum Ablation {
  /** Semantic view only: no collaborative id table, no cross-attention; the user vector is {@code H_sem} (d). */
  NO_CO_VIEW("no-co-view"),
  /**
   * Collaborative view only: no LLM table, no adapter, no cross-attention; the user vector is {@code H_id}
   * (d). With the PCA initialisation this is the plain backbone initialised from the LLM (plus self-distillation
   * unless {@link #NO_SD} is also given).
   */
  NO_SE_VIEW("no-se-view"),
  /** No retrieval-augmented self-distillation: alpha = 0, no student pass, no teacher pass. */
  NO_SD("no-sd"),
  /** Two separate encoders (same architecture, separate weights), one per view, instead of one shared one. */
  NO_SHARE("no-share"),
  /** No cross-attention: each view's embedded stream goes to the encoder unchanged. */
  NO_CA("no-ca"),
  /** A single {@code Linear(D -> d)} adapter instead of {@code Linear(D -> D/2) -> Linear(D/2 -> d)}. */
  ONE_LAYER_ADAPTER("one-layer-adapter"),
  /** Xavier-normal initialisation of the collaborative id table instead of the 64-d PCA of the LLM table. */
  RANDOM_ID_INIT("random-id-init");

  private final String cliName;

  Ablation(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line and in run configs, e.g. {@code no-co-view}. */
  public String cliName() {
    return cliName;
  }

  /** Parses one CLI name (case-insensitive); the error lists the accepted names. */
  public static Ablation parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Ablation a : values()) {
      if (a.cliName.equals(n)) return a;
    }
    throw new IllegalArgumentException("unknown ablation '" + name + "'; expected one of " + names());
  }

  /** Parses a comma-separated list; empty or {@code null} gives the empty set. */
  public static Set<Ablation> parseList(String csv) {
    EnumSet<Ablation> set = EnumSet.noneOf(Ablation.class);
    if (csv == null || csv.isBlank()) return set;
    for (String part : csv.split(",")) {
      if (!part.isBlank()) set.add(parse(part));
    }
    return set;
  }

  /** All CLI names, comma separated. */
  public static String names() {
    StringBuilder sb = new StringBuilder();
    for (Ablation a : values()) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(a.cliName);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return cliName;
  }
}
