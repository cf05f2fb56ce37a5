package io.llmesr.prepare;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code prepare} produces, before it is written by {@link DatasetIO#write}.
 *
 * @param dataset       the sequences, splits, id maps and prompts
 * @param manifest      the manifest (counts, recipe, sources, fingerprint)
 * @param timestamps    per user, the timestamps of {@code dataset.sequences()} (same shape)
 * @param recipeUserIds per user, the 1-based id the recipe assigned (the paper's {@code uid}; may have gaps)
 * @param itemFields    per item index 1..N, the raw item fields (entry 0 {@code null}; empty map = no text)
 * @param warnings      messages for the user (leakage warning, items without text, ...)
 */
public record PreparedDataset(Dataset dataset, DatasetManifest manifest, long[][] timestamps,
                              int[] recipeUserIds, List<Map<String, String>> itemFields, List<String> warnings) { }
