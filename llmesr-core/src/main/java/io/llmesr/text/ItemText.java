package io.llmesr.text;

import java.util.Map;

/**
 * Read access to one item's raw descriptive fields for prompt building. Field names follow
 * {@link io.llmesr.data.ItemRecord}: lower-case snake case, lists joined with {@code "; "}.
 * A blank value counts as missing.
 */
public record ItemText(String rawId, Map<String, String> fields) {
  public ItemText {
    fields = fields == null ? Map.of() : fields;
  }

  /** The field's value, or {@code null} when absent or blank. */
  public String get(String name) {
    String v = fields.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** The first present field among {@code names}, or {@code null}. */
  public String first(String... names) {
    for (String n : names) {
      String v = get(n);
      if (v != null) return v;
    }
    return null;
  }

  /**
   * The text that names this item to a person and in the generic user prompt: its {@code title}, else its
   * {@code name}, else the values of all its non-blank fields in source order joined with {@code "; "}
   * (for a source whose only field is {@code text}, that text); {@code null} when the item has no text.
   */
  public String displayText() {
    String v = first("title", "name");
    if (v != null) return v;
    StringBuilder sb = new StringBuilder();
    for (String f : fields.values()) {
      if (f == null || f.isBlank()) continue;
      if (sb.length() > 0) sb.append("; ");
      sb.append(f);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** Whether the item has at least one non-blank field. */
  public boolean hasText() {
    for (String v : fields.values()) if (v != null && !v.isBlank()) return true;
    return false;
  }

  /** Splits a list-valued field on the {@code "; "} separator of the {@code ItemRecord} convention. */
  public static String[] splitList(String value) {
    return value.split("; ", -1);
  }
}
