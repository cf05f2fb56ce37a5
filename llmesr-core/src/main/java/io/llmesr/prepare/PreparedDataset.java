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
 * @param heldOutItems   items taken out for a cold-start evaluation ({@code --hold-out-new-items}), oldest first
 * @param heldOutTargets users whose last interaction is a held-out item
 */
public record PreparedDataset(Dataset dataset, DatasetManifest manifest, long[][] timestamps,
                              int[] recipeUserIds, List<Map<String, String>> itemFields, List<String> warnings,
                              List<HoldOut.Item> heldOutItems, List<HoldOut.Target> heldOutTargets) {
  public PreparedDataset {
    heldOutItems = heldOutItems == null ? List.of() : List.copyOf(heldOutItems);
    heldOutTargets = heldOutTargets == null ? List.of() : List.copyOf(heldOutTargets);
  }

  /** Without a cold-start hold-out. */
  public PreparedDataset(Dataset dataset, DatasetManifest manifest, long[][] timestamps, int[] recipeUserIds,
                         List<Map<String, String>> itemFields, List<String> warnings) {
    this(dataset, manifest, timestamps, recipeUserIds, itemFields, warnings, List.of(), List.of());
  }
}
