package io.llmesr.prepare;

import io.llmesr.text.PromptSet;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Preparer} should do besides reading the source.
 *
 * @param name          dataset name written to the manifest
 * @param recipe        the preprocessing recipe ({@link Recipe#of})
 * @param split         leave-one-out or global temporal
 * @param domain        prompt domain (beauty, fashion, yelp, generic); {@code null} = the reader's domain,
 *                      else generic
 * @param itemTemplate  {@code --item-template} placeholder template, or {@code null}
 * @param userTemplate  {@code --user-template}: the template of each history entry in the user prompt, or
 *                      {@code null} for the domain's ({@link io.llmesr.text.HistoryUserPrompt})
 * @param readerOptions the reader's options as a JSON-friendly map (recorded and fingerprinted), may be empty
 * @param holdOutNewItems the newest fraction of items to take out for a cold-start evaluation ({@link HoldOut}), 0 = none
 */
public record PrepareOptions(String name, Recipe recipe, SplitSpec split, String domain, String itemTemplate,
                             String userTemplate, Map<String, Object> readerOptions, double holdOutNewItems) {
  public PrepareOptions {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recipe, "recipe");
    Objects.requireNonNull(split, "split");
    readerOptions = readerOptions == null ? Map.of() : readerOptions;
    if (holdOutNewItems < 0 || holdOutNewItems >= 1 || Double.isNaN(holdOutNewItems)) {
      throw new IllegalArgumentException("--hold-out-new-items must be in [0, 1), got " + holdOutNewItems);
    }
  }

  /** Options with the domain's user prompt. */
  public PrepareOptions(String name, Recipe recipe, SplitSpec split, String domain, String itemTemplate,
                        Map<String, Object> readerOptions) {
    this(name, recipe, split, domain, itemTemplate, null, readerOptions, 0);
  }

  /** Options without a cold-start hold-out. */
  public PrepareOptions(String name, Recipe recipe, SplitSpec split, String domain, String itemTemplate,
                        String userTemplate, Map<String, Object> readerOptions) {
    this(name, recipe, split, domain, itemTemplate, userTemplate, readerOptions, 0);
  }

  /** The paper's defaults: {@code llmesr-paper}, leave-one-out, the reader's domain. */
  public static PrepareOptions paper(String name, boolean yelp) {
    return new PrepareOptions(name, new LlmEsrPaperRecipe(yelp), new SplitSpec.LeaveOneOut(), null, null, Map.of());
  }

  /**
   * The prompt templates for a source whose reader suggests {@code sourceDomain}.
   *
   * @throws IllegalArgumentException for an unknown domain or a malformed template
   */
  public PromptSet prompts(String sourceDomain) {
    return PromptSet.forDomain(resolveDomain(sourceDomain), itemTemplate, userTemplate);
  }

  /** The prompt domain to use for a source whose reader suggests {@code sourceDomain}. */
  public String resolveDomain(String sourceDomain) {
    if (domain != null) return domain;
    return sourceDomain != null ? sourceDomain : "generic";
  }
}
