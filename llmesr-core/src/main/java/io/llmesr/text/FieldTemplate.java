package io.llmesr.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text template over an item's fields: every {@code {field}} placeholder is replaced by that field's value,
 * or {@code unknown} when the item lacks it; {@code {{} and {@code }}} write literal braces. Field names are
 * letters, digits, {@code _ . -}. Used by {@code --item-template} ({@link GenericItemPrompt}) and
 * {@code --user-template} ({@link HistoryUserPrompt}).
 */
final class FieldTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{|}}|\\{([A-Za-z0-9_.-]+)}");
  private final String template;

  /**
   * @param what     what the template is for, in error messages ("item template")
   * @param template the template text
   * @throws IllegalArgumentException when braces are unbalanced or no {@code {field}} is named
   */
  public FieldTemplate(String what, String template) {
    String stripped = PLACEHOLDER.matcher(template).replaceAll("");
    if (stripped.indexOf('{') >= 0 || stripped.indexOf('}') >= 0) {
      throw new IllegalArgumentException(what + ": unbalanced or invalid '{...}' in \"" + template
          + "\" (use {field} with letters, digits, _ . -; write {{ and }} for literal braces)");
    }
    this.template = template;
    if (placeholders().isEmpty()) throw new IllegalArgumentException(what + ": \"" + template + "\" names no {field}");
  }

  /** The template text as given. */
  public String text() {
    return template;
  }

  /** The placeholder names, in order of appearance. */
  public List<String> placeholders() {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) if (m.group(1) != null) names.add(m.group(1));
    return names;
  }

  /** Whether the item has at least one of the placeholders' fields. */
  public boolean matchesAny(ItemText item) {
    for (String p : placeholders()) if (item.get(p) != null) return true;
    return false;
  }

  /** The template filled with {@code item}'s fields ({@code unknown} for a missing one). */
  public String fill(ItemText item) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String rep;
      if (m.group(1) != null) {
        String v = item.get(m.group(1));
        rep = v == null ? "unknown" : v;
      } else {
        rep = m.group().equals("{{") ? "{" : "}";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(rep));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
