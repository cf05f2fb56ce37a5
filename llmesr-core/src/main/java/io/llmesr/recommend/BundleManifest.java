package io.llmesr.recommend;

import java.util.Map;

/**
 * {@code bundle.json}, the manifest of a model bundle (docs/serving.md): what the model is, where its texts and
 * tables came from, and the SHA-256 and size of every file, so that a bundle loads with nothing else and a corrupt
 * or truncated file is refused by name.
 *
 * @param format       always {@value #FORMAT}
 * @param name         the bundle's name (its directory name at export)
 * @param method       plain, llmesr, ...
 * @param backbone     sasrec, bert4rec, gru4rec
 * @param items        catalogue size at export (items 1..N)
 * @param maxHistory   the model's L
 * @param tailItemBelow an item with popularity below this is a tail item
 * @param tailUserBelow a history shorter than this is a tail user's
 * @param thresholds   where the thresholds came from (pareto-20/80, paper-beauty, ...)
 * @param encoder      the text encoder of the LLM item table (name, version, dimension, max tokens), or null
 * @param prompts      domain and templates of the item prompts (to prompt new items the same way), or null
 * @param coldStart    how added items get their collaborative vector by default ({@code pca}, {@code regression}),
 *                     or {@code none} when the bundle cannot take new items
 * @param source       run name, checkpoint, dataset name and fingerprint, command versions (no paths)
 * @param files        every file of the bundle but this one: relative path → SHA-256 and bytes
 * @param createdBy    tool and version
 * @param createdAt    ISO-8601 instant
 */
public record BundleManifest(String format, String name, String method, String backbone, int items, int maxHistory,
                             int tailItemBelow, int tailUserBelow, String thresholds, Map<String, Object> encoder,
                             Map<String, String> prompts, String coldStart, Map<String, String> source,
                             Map<String, FileEntry> files, String createdBy, String createdAt) {
  public static final String FORMAT = "llmesr-bundle/1";

  /** One file's checksum and size. */
  public record FileEntry(String sha256, long bytes) { }
}
