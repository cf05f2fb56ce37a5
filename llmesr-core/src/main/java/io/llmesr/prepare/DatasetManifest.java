package io.llmesr.prepare;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a dataset directory (see {@code docs/dataset-format.md}): what the dataset is,
 * how it was made and from which bytes.
 *
 * @param format        always {@value #FORMAT}
 * @param formatVersion {@value #FORMAT_VERSION}; readers refuse newer versions
 * @param name          dataset name (the directory name at preparation time)
 * @param fingerprint   SHA-256 over everything that determines the content (format version, recipe,
 *                      split, source format and options, domain, prompt templates, input file hashes);
 *                      equal fingerprints mean {@code prepare} has nothing to do
 * @param createdBy     tool and version
 * @param createdAt     ISO-8601 instant
 * @param recipe        recipe name, version and parameters
 * @param split         split parameters plus resolved cutoffs
 * @param source        input format, domain, reader options and files with SHA-256
 * @param prompts       prompt template names and hashes
 * @param counts        users, items, interactions and more (see the format doc)
 * @param preparation   what each preparation step removed
 */
public record DatasetManifest(String format, int formatVersion, String name, String fingerprint,
                              String createdBy, String createdAt, RecipeInfo recipe, Map<String, Object> split,
                              SourceInfo source, PromptInfo prompts, Map<String, Long> counts,
                              Map<String, Long> preparation) {
  public static final String FORMAT = "llmesr-dataset";
  public static final int FORMAT_VERSION = 1;

  /** Recipe identity. */
  public record RecipeInfo(String name, int version, Map<String, Object> params) { }

  /** Where the data came from. */
  public record SourceInfo(String format, String domain, Map<String, Object> readerOptions, List<InputFile> files) { }

  /**
   * Prompt templates used for {@code item_prompts.jsonl} and {@code user_prompts.jsonl}.
   *
   * @param fallbackItemPrompt the prompt of an item without text, with {@code {rawId}} for its id
   * @param emptyUserPrompt    the prompt of a user none of whose history items has text (a collapsed prompt;
   *                           {@code null} in datasets prepared before it was recorded)
   * @param itemTemplateText   the {@code --item-template} given to prepare, or {@code null} for the domain's
   * @param userTemplateText   the {@code --user-template} given to prepare, or {@code null} for the domain's
   */
  public record PromptInfo(String domain, Template item, Template user, String fallbackItemPrompt,
                           String emptyUserPrompt, String itemTemplateText, String userTemplateText) { }

  /** A template's name and the SHA-256 of its definition. */
  public record Template(String name, String sha256) { }

  /** A count, or -1 when absent. */
  public long count(String key) {
    Long v = counts == null ? null : counts.get(key);
    return v == null ? -1 : v;
  }
}
