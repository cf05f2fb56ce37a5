package io.llmesr.eval;

import io.llmesr.prepare.Dataset;
import java.util.Locale;

/**
 * Which held-out item is the target (docs/model.md §2.2, §5.1). For {@link #VALID} the input is the training part and
 * the target the first validation item; for {@link #TEST} the input is training + validation and the target
 * the first test item (see {@link Dataset#evalInput(int, boolean)}).
 */
public enum EvalSplit {
  VALID("valid"),
  TEST("test");

  private final String label;

  EvalSplit(String label) {
    this.label = label;
  }

  /** The name used in reports, file names and on the command line. */
  public String label() {
    return label;
  }

  /** Whether user {@code u} has a target in this split (users with fewer than 3 interactions have none). */
  public boolean hasTarget(Dataset ds, int u) {
    return this == TEST ? ds.hasTest(u) : ds.hasValid(u);
  }

  /** The target item of user {@code u} in this split. */
  public int target(Dataset ds, int u) {
    return this == TEST ? ds.testTarget(u) : ds.validTarget(u);
  }

  /** End (exclusive) of user {@code u}'s evaluation input within the full sequence. */
  public int inputEnd(Dataset ds, int u) {
    return this == TEST ? ds.validEnd()[u] : ds.trainEnd()[u];
  }

  /** Parses {@code valid} (or {@code validation}) and {@code test} (case-insensitive). */
  public static EvalSplit parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.equals("valid") || t.equals("validation")) return VALID;
    if (t.equals("test")) return TEST;
    throw new IllegalArgumentException("unknown split '" + s + "' (expected valid or test)");
  }

  @Override
  public String toString() {
    return label;
  }
}
