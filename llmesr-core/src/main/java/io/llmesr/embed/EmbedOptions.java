package io.llmesr.embed;

/**
 * Settings of {@link ItemUserEmbedder}.
 *
 * @param batchSize      texts per encoder call; the cache is forced to disk after each batch, so this is
 *                       also the most work an interruption can lose
 * @param l2Normalise    scale every row to unit length before writing the tables (the cache keeps the raw
 *                       encoder output)
 * @param itemTemplate   item prompt template (name and SHA-256) for the manifest, or null
 * @param userTemplate   user prompt template for the manifest, or null
 * @param itemIdMap      dataset file that maps item indices to raw ids (recorded in the manifest), or null
 * @param userIdMap      dataset file that maps user indices to raw ids, or null
 * @param allowDuplicatePrompts embed even prompts that {@link io.llmesr.text.PromptDiversity#problems} calls
 *                       collapsed (mostly identical, or mostly items without text)
 */
public record EmbedOptions(int batchSize, boolean l2Normalise, EmbeddingManifest.PromptTemplate itemTemplate,
                           EmbeddingManifest.PromptTemplate userTemplate, String itemIdMap, String userIdMap,
                           boolean allowDuplicatePrompts) {
  public EmbedOptions {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
  }

  /** Batches of 256, no extra normalisation, no template or id-map references. */
  public static EmbedOptions defaults() {
    return new EmbedOptions(256, false, null, null, null, null, false);
  }

  /** A copy with another batch size. */
  public EmbedOptions withBatchSize(int b) {
    return new EmbedOptions(b, l2Normalise, itemTemplate, userTemplate, itemIdMap, userIdMap, allowDuplicatePrompts);
  }

  /** A copy with normalisation switched. */
  public EmbedOptions withL2Normalise(boolean n) {
    return new EmbedOptions(batchSize, n, itemTemplate, userTemplate, itemIdMap, userIdMap, allowDuplicatePrompts);
  }

  /** A copy with prompt templates and id maps for the manifests. */
  public EmbedOptions withProvenance(EmbeddingManifest.PromptTemplate item, EmbeddingManifest.PromptTemplate user,
                                     String itemMap, String userMap) {
    return new EmbedOptions(batchSize, l2Normalise, item, user, itemMap, userMap, allowDuplicatePrompts);
  }

  /** A copy that embeds collapsed prompts too. */
  public EmbedOptions withAllowDuplicatePrompts(boolean allow) {
    return new EmbedOptions(batchSize, l2Normalise, itemTemplate, userTemplate, itemIdMap, userIdMap, allow);
  }
}
