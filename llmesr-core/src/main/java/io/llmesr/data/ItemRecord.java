package io.llmesr.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One item's descriptive fields as read from a source's item table (title, brand, categories, ...).
 * Field names are normalised to lower-case snake case ({@code title}, {@code brand}, {@code categories},
 * {@code price}, {@code description}, {@code features}, {@code name}, {@code city}, ...); values are plain
 * strings, lists joined with {@code "; "} unless a reader documents otherwise. Missing fields are absent,
 * never empty strings.
 */
public record ItemRecord(String item, Map<String, String> fields) {
  public ItemRecord {
    if (item == null || item.isEmpty()) throw new IllegalArgumentException("empty item id");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The field's value, or {@code null} when the source did not have it. */
  public String get(String field) {
    return fields.get(field);
  }
}
