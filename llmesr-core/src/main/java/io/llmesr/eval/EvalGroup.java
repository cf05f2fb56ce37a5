package io.llmesr.eval;

/** The user groups of a report (docs/model.md §2.8, §5.3), in report order. */
public enum EvalGroup {
  OVERALL("overall"),
  TAIL_ITEM("tail_item"),
  HEAD_ITEM("head_item"),
  TAIL_USER("tail_user"),
  HEAD_USER("head_user");

  private final String key;

  EvalGroup(String key) {
    this.key = key;
  }

  /** The key used in the JSON report and the text table. */
  public String key() {
    return key;
  }

  /** The group with JSON key {@code key}. */
  public static EvalGroup ofKey(String key) {
    for (EvalGroup g : values()) {
      if (g.key.equals(key)) return g;
    }
    throw new IllegalArgumentException("unknown group '" + key + "'");
  }

  /** Whether a user with the given memberships belongs to this group. */
  public boolean contains(boolean tailUser, boolean tailItem) {
    switch (this) {
      case OVERALL: return true;
      case TAIL_ITEM: return tailItem;
      case HEAD_ITEM: return !tailItem;
      case TAIL_USER: return tailUser;
      case HEAD_USER: return !tailUser;
      default: throw new AssertionError(this);
    }
  }
}
