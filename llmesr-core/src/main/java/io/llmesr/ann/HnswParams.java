package io.llmesr.ann;

/**
 * Parameters of an HNSW index (Malkov and Yashunin 2020, §4): {@code m} = the number of links a node keeps per layer
 * ({@code M}; layer 0 keeps {@code 2M}, as in the paper and in Lucene), {@code efConstruction} = the candidate list
 * of the search that links a new node ({@code efConstruction}, Lucene's {@code beamWidth}), {@code efSearch} = the
 * candidate list of a query ({@code ef}); a query returns its best {@code max(efSearch, k)} candidates, which the
 * caller rescores exactly.
 *
 * <p>Defaults {@value #DEFAULT_M}, {@value #DEFAULT_EF_CONSTRUCTION}, {@value #DEFAULT_EF_SEARCH}: Lucene's defaults
 * for {@code M} and {@code beamWidth}, and a query list as long as the 100 neighbours the similar-users step stores
 * (so 101 with the user itself). On Amazon Beauty's users the default list gave recall@10 0.990 against the exact
 * search, and a list of 200 0.994 for twice the query time (docs/benchmarks/ann.md).
 * {@code m} and {@code efConstruction} (and the level seed {@value #SEED}) shape the graph and key a stored index;
 * {@code efSearch} only affects queries.
 *
 * @param m              links per node and layer, {@value #MIN_M}..{@value #MAX_M}
 * @param efConstruction build-time candidate list, {@code 1..}{@value #MAX_EF}
 * @param efSearch       query-time candidate list, {@code 1..}{@value #MAX_EF}
 */
public record HnswParams(int m, int efConstruction, int efSearch) {
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  public static final int DEFAULT_EF_SEARCH = 100;
  public static final int MIN_M = 2;
  /** Lucene's largest {@code M}. */
  public static final int MAX_M = 512;
  /** Lucene's largest {@code beamWidth}; also the bound of {@code efSearch}. */
  public static final int MAX_EF = 3200;
  /** Seed of the random layer assignment (HNSW paper, Algorithm 1, line 4): the graph is reproducible on one thread. */
  public static final long SEED = 42L;

  /**
   * @throws IllegalArgumentException naming the option ({@code --hnsw-m}, {@code --hnsw-ef-construction},
   *                                  {@code --hnsw-ef-search}) that is out of range
   */
  public HnswParams {
    if (m < MIN_M || m > MAX_M) {
      throw new IllegalArgumentException("--hnsw-m must be in " + MIN_M + ".." + MAX_M + ", got " + m);
    }
    if (efConstruction < 1 || efConstruction > MAX_EF) {
      throw new IllegalArgumentException("--hnsw-ef-construction must be in 1.." + MAX_EF + ", got " + efConstruction);
    }
    if (efSearch < 1 || efSearch > MAX_EF) {
      throw new IllegalArgumentException("--hnsw-ef-search must be in 1.." + MAX_EF + ", got " + efSearch);
    }
  }

  /** The defaults. */
  public static HnswParams defaults() {
    return new HnswParams(DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH);
  }

  /** The candidates a query for {@code k} results (plus the query itself when it is indexed) asks for. */
  public int candidates(int k) {
    return Math.max(efSearch, k + 1);
  }
}
