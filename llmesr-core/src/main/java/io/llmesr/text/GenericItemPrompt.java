package io.llmesr.text;

import java.util.List;
import java.util.Map;

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
  private final FieldTemplate template;

  /** @param template a placeholder template, or {@code null} for the default attribute list */
  public GenericItemPrompt(String template) {
    this.template = template == null ? null : new FieldTemplate("item template", template);
  }

  /** The placeholder names of a template, in order of appearance. */
  public static List<String> placeholders(String template) {
    return new FieldTemplate("item template", template).placeholders();
  }

  @Override
  public String name() {
    return template == null ? "generic-item/default" : "generic-item/template";
  }

  @Override
  public String definition() {
    return template == null
        ? "generic-item v1: 'The item has following attributes: \\n ' + '; '.join(k is v for present fields) + '. \\n'; cut >4096 to 4095"
        : "generic-item v1 template: " + template.text() + "; cut >4096 to 4095";
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
      text = template.fill(item);
    }
    return TextCuts.cutText(text);
  }
}
