package io.llmesr.prepare;

import java.util.BitSet;
import java.util.Map;

/**
 * A named, versioned preprocessing recipe: which raw interactions survive, before the shared steps
 * (per-user stable time sort, ids by first appearance, split). Its name, version and parameters are
 * written into the dataset manifest, and any change of them makes {@code prepare} rebuild the dataset.
 *
 * <p>Recipes: {@link LlmEsrPaperRecipe} ({@code llmesr-paper}, default) and {@link KCoreRecipe}
 * ({@code kcore}).
 */
public abstract sealed class Recipe permits LlmEsrPaperRecipe, KCoreRecipe {
  /** Recipe name as given to {@code prepare --recipe}. */
  public abstract String name();

  /** Bumped whenever the recipe's output for the same input and parameters changes. */
  public abstract int version();

  /** Parameters as written to the manifest (insertion-ordered, JSON-friendly values). */
  public abstract Map<String, Object> params();

  /** Filters applied while streaming the source. */
  public abstract IngestFilter ingestFilter();

  /**
   * Users whose sequence is shorter than this are removed <em>after</em> item ids were assigned (the
   * paper's {@code filter_minmum}); 0 for none.
   */
  public abstract int minUserLengthAfterIds();

  /** Marks the rows (of {@code groups.table}) that survive the recipe's count filter. */
  abstract BitSet keep(UserGroups groups);

  /**
   * The recipe for a name.
   *
   * @param name   {@code llmesr-paper} or {@code kcore}
   * @param k      k for {@code kcore} (ignored by {@code llmesr-paper})
   * @param dedup  de-duplicate repeated (user, item) pairs ({@code kcore} only)
   * @param yelp   whether the source is Yelp (the paper recipe then applies its date window)
   */
  public static Recipe of(String name, int k, boolean dedup, boolean yelp) {
    return switch (name) {
      case LlmEsrPaperRecipe.NAME -> {
        if (dedup) throw new IllegalArgumentException("--dedup is not part of recipe llmesr-paper (the paper keeps repeats); use --recipe kcore");
        yield new LlmEsrPaperRecipe(yelp);
      }
      case KCoreRecipe.NAME -> new KCoreRecipe(k, dedup);
      default -> throw new IllegalArgumentException("unknown recipe '" + name + "' (expected llmesr-paper or kcore)");
    };
  }

  /** Interactions per user code and per item code over the rows set in {@code keep}. */
  static void count(UserGroups g, BitSet keep, int[] perUser, int[] perItem) {
    java.util.Arrays.fill(perUser, 0);
    java.util.Arrays.fill(perItem, 0);
    InteractionTable t = g.table;
    for (int r = keep.nextSetBit(0); r >= 0; r = keep.nextSetBit(r + 1)) {
      perUser[t.user(r)]++;
      perItem[t.item(r)]++;
    }
  }

  @Override
  public String toString() {
    return name() + " v" + version() + " " + params();
  }
}
