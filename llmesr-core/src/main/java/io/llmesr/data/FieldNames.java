package io.llmesr.data;

import java.util.Locale;
import java.util.Map;

/** Normalises source column names to the lower snake case of {@link ItemRecord}. */
final class FieldNames {
  private static final Map<String, String> ALIASES = Map.of(
      "movie_title", "title",
      "salesrank", "sales_rank",
      "main_cat", "main_category",
      "feature", "features",
      "category", "categories");

  private FieldNames() { }

  /**
   * {@code "title:token_seq"} → {@code title}; {@code "salesRank"} → {@code sales_rank};
   * {@code "Sales Rank"} → {@code sales_rank}; a few source-specific aliases ({@code movie_title} → {@code title},
   * {@code main_cat} → {@code main_category}, {@code feature} → {@code features}, {@code category} → {@code categories}).
   */
  static String normalise(String raw) {
    String s = stripType(raw).trim();
    StringBuilder sb = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && sb.length() > 0 && sb.charAt(sb.length() - 1) != '_' && !Character.isUpperCase(s.charAt(i - 1))) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else if (Character.isLetterOrDigit(c)) {
        sb.append(c);
      } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
        sb.append('_');
      }
    }
    while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') sb.setLength(sb.length() - 1);
    String out = sb.toString().toLowerCase(Locale.ROOT);
    return ALIASES.getOrDefault(out, out);
  }

  /** RecBole typed header {@code name:type} → {@code name} for the types RecBole defines. */
  static String stripType(String raw) {
    int colon = raw.lastIndexOf(':');
    if (colon <= 0) return raw;
    String type = raw.substring(colon + 1).trim();
    return switch (type) {
      case "token", "token_seq", "float", "float_seq" -> raw.substring(0, colon);
      default -> raw;
    };
  }
}
