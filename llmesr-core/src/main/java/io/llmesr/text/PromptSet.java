package io.llmesr.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The item and user prompt templates of one dataset, chosen by domain.
 *
 * <ul>
 *   <li>{@code beauty}, {@code fashion}, {@code yelp}: the paper's templates (docs/model.md §2.4–2.5).</li>
 *   <li>{@code generic} (or no domain): {@link GenericItemPrompt} and {@link HistoryUserPrompt#generic()}.</li>
 * </ul>
 * An explicit item template replaces the domain's item template; an explicit user template replaces how each
 * history item is written in the domain's user prompt ({@link HistoryUserPrompt#withEntryTemplate}).
 *
 * <p>Items without text (no item record, or a record with no non-blank field) get
 * {@link #fallbackItemPrompt(String)}; {@code prepare} counts them and reports the count in the manifest
 * ({@code counts.itemsWithoutText}).
 */
public record PromptSet(String domain, ItemPromptTemplate item, UserPromptTemplate user) {
  /** Domains with the paper's own templates. */
  public static final List<String> PAPER_DOMAINS = List.of("beauty", "fashion", "yelp");

  /**
   * The templates for a domain.
   *
   * @param domain       beauty, fashion, yelp, generic, or {@code null} (generic)
   * @param itemTemplate a {@link GenericItemPrompt} placeholder template overriding the item prompt, or {@code null}
   */
  public static PromptSet forDomain(String domain, String itemTemplate) {
    return forDomain(domain, itemTemplate, null);
  }

  /**
   * The templates for a domain, with optional overrides.
   *
   * @param userTemplate a {@link FieldTemplate} for each history entry of the user prompt, or {@code null}
   */
  public static PromptSet forDomain(String domain, String itemTemplate, String userTemplate) {
    String d = domain == null ? "generic" : domain.toLowerCase(Locale.ROOT);
    ItemPromptTemplate item;
    HistoryUserPrompt user;
    switch (d) {
      case "beauty" -> { item = new BeautyItemPrompt(); user = HistoryUserPrompt.beauty(); }
      case "fashion" -> { item = new FashionItemPrompt(); user = HistoryUserPrompt.fashion(); }
      case "yelp" -> { item = new YelpItemPrompt(); user = HistoryUserPrompt.yelp(); }
      case "generic" -> { item = new GenericItemPrompt(null); user = HistoryUserPrompt.generic(); }
      default -> throw new IllegalArgumentException("unknown domain '" + domain
          + "' (expected beauty, fashion, yelp or generic)");
    }
    if (itemTemplate != null) item = new GenericItemPrompt(itemTemplate);
    if (userTemplate != null) user = user.withEntryTemplate(userTemplate);
    return new PromptSet(d, item, user);
  }

  /**
   * The prompt of an item with no text at all: {@code "An item with identifier {rawId}; no description is available."}.
   * It gives the encoder the only thing known (the raw id) rather than an empty string.
   */
  public static String fallbackItemPrompt(String rawId) {
    return FALLBACK_PREFIX + rawId + FALLBACK_SUFFIX;
  }

  /** Whether {@code prompt} is a {@link #fallbackItemPrompt}. */
  public static boolean isFallbackItemPrompt(String prompt) {
    return prompt.startsWith(FALLBACK_PREFIX) && prompt.endsWith(FALLBACK_SUFFIX);
  }

  private static final String FALLBACK_PREFIX = "An item with identifier ";
  private static final String FALLBACK_SUFFIX = "; no description is available.";

  /** The prompt of a user none of whose history items contributes text (a collapsed prompt). */
  public String emptyUserPrompt() {
    return user.prompt(List.of());
  }

  /** The prompt of an item: the template's when it has text, else the fallback. */
  public String itemPrompt(ItemText text) {
    return text.hasText() ? item.prompt(text) : fallbackItemPrompt(text.rawId());
  }

  /** SHA-256 (hex) of the item template definition. */
  public String itemTemplateHash() {
    return sha256(item.definition());
  }

  /** SHA-256 (hex) of the user template definition. */
  public String userTemplateHash() {
    return sha256(user.definition());
  }

  static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
