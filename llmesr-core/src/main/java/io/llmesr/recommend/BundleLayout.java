package io.llmesr.recommend;

import java.nio.file.Path;

/** The files of a model bundle directory (docs/serving.md). */
final class BundleLayout {
  private BundleLayout() { }

  public static final String MANIFEST = "bundle.json";
  /** The run's resolved configuration, with {@code dataset.dir} = {@code .} (the bundle itself). */
  public static final String CONFIG = "config.json";
  /** Trained parameters of the exported checkpoint ({@code params.bin} + {@code params.json}). */
  public static final String PARAMS = "params";
  /** One JSON line per item 1..N: index, raw id, display text, popularity. */
  public static final String ITEMS = "items.jsonl";
  /** PCA basis of the LLM item table: the mean row, then d axes ({@code (d+1)×D} float32). */
  public static final String PCA_BASIS = "pca-basis.f32";
  /** Ridge map from LLM vectors to collaborative vectors ({@code (D+1)×c} float32, last row the intercept). */
  public static final String COLD_MAP = "cold-map.f32";
  /** Items added after export (written by the recommender, not part of the checksummed files). */
  public static final String ADDED = "added-items.jsonl";

  public static Path manifest(Path bundle) {
    return bundle.resolve(MANIFEST);
  }
}
