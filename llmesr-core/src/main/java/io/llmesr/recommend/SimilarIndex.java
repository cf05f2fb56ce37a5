package io.llmesr.recommend;

import io.llmesr.ann.HnswParams;
import java.util.Locale;

/**
 * How a bundle's {@code similar} (docs/serving.md, {@code GET /v1/items/{id}/similar}) finds an item's neighbours
 * among the trained items: {@link Kind#EXACT} scans them all, {@link Kind#HNSW} asks an HNSW graph built over their
 * candidate vectors when the bundle is opened, {@link Kind#AUTO} (the default) takes HNSW from
 * {@value #AUTO_MIN_ITEMS} trained items on and the scan below. Items added after training are always scanned.
 *
 * <p>Note: the threshold is a choice, not a measurement: below it a scan costs {@code N·D} multiply-adds (6.4 M for
 * 100,000 items of 64 dimensions, a few milliseconds), which an index would not save enough of to pay for its build
 * at every start.
 *
 * @param kind   the search
 * @param params the graph's parameters ({@link HnswParams}), used when the search is HNSW
 */
public record SimilarIndex(Kind kind, HnswParams params) {
  /** Trained items from which {@link Kind#AUTO} builds the graph. */
  public static final int AUTO_MIN_ITEMS = 100_000;

  /** The search for similar items. */
  public enum Kind {
    /** HNSW from {@value SimilarIndex#AUTO_MIN_ITEMS} trained items on, the exact scan below. */
    AUTO,
    /** Score every trained item (the reference). */
    EXACT,
    /** An HNSW graph's candidates, rescored exactly. */
    HNSW
  }

  public SimilarIndex {
    if (kind == null || params == null) throw new IllegalArgumentException("similar index kind and parameters are required");
  }

  /** {@link Kind#AUTO} with the default parameters. */
  public static SimilarIndex defaults() {
    return new SimilarIndex(Kind.AUTO, HnswParams.defaults());
  }

  /**
   * Parses {@code auto|exact|hnsw}.
   *
   * @throws IllegalArgumentException naming {@code --similar-index}
   */
  public static Kind kind(String name) {
    try {
      return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("--similar-index must be auto, exact or hnsw, got '" + name + "'");
    }
  }

  /** Whether a catalogue of {@code trainedItems} is searched through the graph. */
  public boolean usesGraph(int trainedItems) {
    return kind == Kind.HNSW || (kind == Kind.AUTO && trainedItems >= AUTO_MIN_ITEMS);
  }
}
