package io.llmesr.ann;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Version;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * An HNSW graph (Malkov and Yashunin 2020) over unit vectors, ranked by dot product (= cosine), built with Lucene's
 * {@link HnswGraphBuilder} (one thread: reproducible for a given {@link HnswParams#SEED}) or
 * {@link HnswConcurrentMergeBuilder} (several threads: the links depend on the threads' interleaving), and searched
 * with Lucene's {@link HnswGraphSearcher} (HNSW paper Algorithm 5: greedy descent through the upper layers, then a
 * best-first search of layer 0 with a candidate list of {@code ef}). Lucene scores a pair as
 * {@code max((1 + a·b) / 2, 0)}, a monotone map of the cosine, so its ranking is the cosine's.
 *
 * <p>The index holds the graph only; the vectors stay with the caller, who passes the same rows to {@link #read}.
 * A search returns candidate ordinals, not scores: callers rescore them with {@link Dot} so that the scores and the
 * tie rules of approximate and exact results are the same, and only which neighbours are found can differ.
 *
 * <p>File ({@link #write}): the magic {@value #MAGIC}, the row count and dimension, {@code m},
 * {@code efConstruction}, the seed, then the graph ({@link CompactGraph#write}); Java's big-endian order.
 */
public final class HnswIndex {
  static final String MAGIC = "llmesr-hnsw-1";
  private static final VectorSimilarityFunction SIM = VectorSimilarityFunction.DOT_PRODUCT;

  private final float[][] rows;
  private final int dim;
  private final HnswParams params;
  private final RowVectors vectors;
  private final CompactGraph graph;

  private HnswIndex(float[][] rows, int dim, HnswParams params, CompactGraph graph) {
    this.rows = rows;
    this.dim = dim;
    this.params = params;
    this.vectors = new RowVectors(rows, dim);
    this.graph = graph;
  }

  /** The library that builds and searches the graph, with its version (recorded in manifests). */
  public static String library() {
    return "lucene-core " + Version.LATEST;
  }

  /**
   * Builds the graph over {@code rows} (unit vectors of length {@code dim}; not copied, must not change afterwards).
   *
   * @param threads build threads; 1 = reproducible
   */
  public static HnswIndex build(float[][] rows, int dim, HnswParams params, int threads) {
    if (rows.length < 1) throw new IllegalArgumentException("an HNSW index needs at least one vector");
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != dim) throw new IllegalArgumentException("row " + i + " has dimension " + rows[i].length + ", expected " + dim);
    }
    RowVectors v = new RowVectors(rows, dim);
    try {
      RandomVectorScorerSupplier supplier = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(SIM, v);
      OnHeapHnswGraph g;
      if (threads <= 1) {
        g = HnswGraphBuilder.create(supplier, params.m(), params.efConstruction(), HnswParams.SEED).build(rows.length);
      } else {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
          Thread t = new Thread(r, "hnsw-build");
          t.setDaemon(true);
          return t;
        });
        try {
          // an empty graph sized for every row (Lucene makes it only through a builder)
          OnHeapHnswGraph empty = HnswGraphBuilder.create(supplier, params.m(), params.efConstruction(), HnswParams.SEED,
              rows.length).getGraph();
          g = new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads, supplier, params.m(),
              params.efConstruction(), empty, null).build(rows.length);
        } finally {
          pool.shutdownNow();
        }
      }
      return new HnswIndex(rows, dim, params, CompactGraph.of(g, 2 * params.m()));
    } catch (IOException e) {
      throw new UncheckedIOException("building the HNSW graph failed", e);
    }
  }

  /** Number of indexed vectors. */
  public int size() {
    return rows.length;
  }

  /** The parameters the index was built with ({@code efSearch} as given to {@link #build} or {@link #read}). */
  public HnswParams params() {
    return params;
  }

  /** Writes the graph. */
  public void write(DataOutputStream out) throws IOException {
    out.writeUTF(MAGIC);
    out.writeInt(rows.length);
    out.writeInt(dim);
    out.writeInt(params.m());
    out.writeInt(params.efConstruction());
    out.writeLong(HnswParams.SEED);
    graph.write(out);
    out.flush();
  }

  /**
   * Reads a graph written by {@link #write} for the same {@code rows}.
   *
   * @param expected the build parameters the graph must have been built with; its {@code efSearch} is used from now on
   * @throws IOException when the file is not such a graph or was built for another shape or parameters
   */
  public static HnswIndex read(DataInputStream in, float[][] rows, int dim, HnswParams expected) throws IOException {
    String magic = in.readUTF();
    if (!MAGIC.equals(magic)) throw new IOException("not an llmesr HNSW graph (magic '" + magic + "')");
    int n = in.readInt();
    int d = in.readInt();
    int m = in.readInt();
    int efc = in.readInt();
    long seed = in.readLong();
    if (n != rows.length || d != dim) {
      throw new IOException("graph of " + n + " x " + d + " vectors, but the table has " + rows.length + " x " + dim);
    }
    if (m != expected.m() || efc != expected.efConstruction() || seed != HnswParams.SEED) {
      throw new IOException("graph built with m " + m + ", efConstruction " + efc + ", seed " + seed + "; wanted m "
          + expected.m() + ", efConstruction " + expected.efConstruction() + ", seed " + HnswParams.SEED);
    }
    CompactGraph g = CompactGraph.read(in);
    if (g.size != n) throw new IOException("graph has " + g.size + " nodes, header says " + n);
    return new HnswIndex(rows, dim, expected, g);
  }

  /** A searcher for one thread. */
  public Searcher searcher() {
    return new Searcher(graph.cursor());
  }

  /** Searches the index from one thread; create one per thread. */
  public final class Searcher {
    private final HnswGraph cursor;

    private Searcher(HnswGraph cursor) {
      this.cursor = cursor;
    }

    /**
     * The approximately best {@code min(candidates, size)} ordinals for a unit {@code query}, in no defined order.
     *
     * @param candidates the candidate list ({@link HnswParams#candidates})
     */
    public int[] search(float[] query, int candidates) {
      if (query.length != dim) throw new IllegalArgumentException("query has dimension " + query.length + ", expected " + dim);
      int c = Math.min(candidates, rows.length);
      try {
        RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(SIM, vectors, query);
        TopKnnCollector collector = new TopKnnCollector(c, Integer.MAX_VALUE);
        HnswGraphSearcher.search(scorer, collector, cursor, null);
        ScoreDoc[] docs = collector.topDocs().scoreDocs;
        int[] out = new int[docs.length];
        for (int i = 0; i < docs.length; i++) out[i] = docs[i].doc;
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException("HNSW search failed", e);
      }
    }
  }
}
