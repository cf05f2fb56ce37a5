package io.llmesr.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An item prompt for any dataset, built from named item fields.
 *
 * <p>With a template ({@code --item-template "Title: {title}; brand: {brand}; categories: {categories}"})
 * every {@code {field}} placeholder is replaced by that field's value, or {@code unknown} when the item
 * lacks it; {@code {{} and {@code }}} write literal braces; {@code \n} in the template stays as given
 * (the CLI passes it through verbatim). Without a template the default is the paper's attribute style
 * over whatever fields the item has, in the order the source lists them:
 * <pre>
 * "The item has following attributes: \n title is {title}; brand is {brand}; categories is {categories}. \n"
 * </pre>
 * Either way the text is cut to its first 4095 code points when longer than 4096 (as the paper's Beauty
 * texts), which keeps very long descriptions from dominating embedding cost.
 */
public final class GenericItemPrompt implements ItemPromptTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{|}}|\\{([A-Za-z0-9_.-]+)}");
  private final String template;

  /** @param template a placeholder template, or {@code null} for the default attribute list */
  public GenericItemPrompt(String template) {
    if (template != null) validate(template);
    this.template = template;
  }

  /** The placeholder names of a template, in order of appearance. */
  public static List<String> placeholders(String template) {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) if (m.group(1) != null) names.add(m.group(1));
    return names;
  }

  private static void validate(String template) {
    String stripped = PLACEHOLDER.matcher(template).replaceAll("");
    if (stripped.indexOf('{') >= 0 || stripped.indexOf('}') >= 0) {
      throw new IllegalArgumentException("item template: unbalanced or invalid '{...}' in \"" + template
          + "\" (use {field} with letters, digits, _ . -; write {{ and }} for literal braces)");
    }
    if (placeholders(template).isEmpty()) {
      throw new IllegalArgumentException("item template: \"" + template + "\" names no {field}");
    }
  }

  @Override
  public String name() {
    return template == null ? "generic-item/default" : "generic-item/template";
  }

  @Override
  public String definition() {
    return template == null
        ? "generic-item v1: 'The item has following attributes: \\n ' + '; '.join(k is v for present fields) + '. \\n'; cut >4096 to 4095"
        : "generic-item v1 template: " + template + "; cut >4096 to 4095";
  }

  @Override
  public String prompt(ItemText item) {
    String text;
    if (template == null) {
      StringBuilder sb = new StringBuilder("The item has following attributes: \n ");
      boolean first = true;
      for (Map.Entry<String, String> e : item.fields().entrySet()) {
        if (e.getValue() == null || e.getValue().isBlank()) continue;
        if (!first) sb.append("; ");
        sb.append(e.getKey().replace('_', ' ')).append(" is ").append(e.getValue());
        first = false;
      }
      text = sb.append(". \n").toString();
    } else {
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
      text = sb.toString();
    }
    return TextCuts.cutText(text);
  }
}
