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
