package io.llmesr.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The HNSW wrapper: recall against a brute-force scan, file round trip, refusal of a mismatched file, options. */
class HnswIndexTest {
  /** Recall@10 floor on 2,000 clustered vectors with the default parameters (measured well above it). */
  static final double RECALL_FLOOR = 0.95;

  /** The exact top {@code k} ordinals of {@code q} by {@link Dot}, ties to the lower ordinal. */
  static int[] bruteForce(float[][] rows, float[] q, int k, int self) {
    return IntStream.range(0, rows.length).filter(i -> i != self).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -Dot.dot(rows[i], q)).thenComparing(i -> i))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }

  /** The top {@code k} of the index's candidates, rescored by {@link Dot}, self excluded. */
  static int[] approx(HnswIndex.Searcher s, float[][] rows, int q, int k, int candidates) {
    return Arrays.stream(s.search(rows[q], candidates)).filter(i -> i != q).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -Dot.dot(rows[i], rows[q])).thenComparing(i -> i))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }

  static double meanRecall(HnswIndex index, float[][] rows, int queries, int candidates) {
    HnswIndex.Searcher s = index.searcher();
    double sum = 0;
    for (int q = 0; q < queries; q++) sum += Recall.atK(bruteForce(rows, rows[q], 10, q), approx(s, rows, q, 10, candidates), 10);
    return sum / queries;
  }

  @Test
  void recallAt10OnClusteredVectorsIsAboveTheFloorOnOneAndTwoThreads() {
    float[][] rows = ClusteredVectors.generate(2000, 32, 20, 1.0, 7);
    for (int threads : new int[] {1, 2}) {
      HnswIndex index = HnswIndex.build(rows, 32, HnswParams.defaults(), threads);
      assertThat(index.size()).isEqualTo(2000);
      double recall = meanRecall(index, rows, 300, HnswParams.defaults().candidates(10));
      assertThat(recall).as("recall@10 with %d build threads", threads).isGreaterThanOrEqualTo(RECALL_FLOOR);
    }
  }

  @Test
  void aCandidateListAsLargeAsTheTableFindsEveryVector() {
    float[][] rows = ClusteredVectors.generate(150, 8, 5, 0.5, 3);
    HnswIndex index = HnswIndex.build(rows, 8, new HnswParams(4, 20, 10), 1);
    int[] all = index.searcher().search(rows[0], 150);
    assertThat(all).hasSize(150);
    assertThat(Arrays.stream(all).sorted().toArray()).containsExactly(IntStream.range(0, 150).toArray());
  }

  @Test
  void writeThenReadSearchesTheSameGraph() throws IOException {
    float[][] rows = ClusteredVectors.generate(500, 16, 10, 1.0, 11);
    HnswParams p = new HnswParams(8, 50, 40);
    HnswIndex built = HnswIndex.build(rows, 16, p, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    built.write(new DataOutputStream(bytes));
    HnswIndex back = HnswIndex.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), rows, 16, p);
    for (int q = 0; q < 50; q++) {
      int[] a = built.searcher().search(rows[q], 40);
      int[] b = back.searcher().search(rows[q], 40);
      Arrays.sort(a);
      Arrays.sort(b);
      assertThat(b).containsExactly(a);
    }
    // the same build on one thread is reproducible byte for byte
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    HnswIndex.build(rows, 16, p, 1).write(new DataOutputStream(again));
    assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
    // another table shape or other build parameters are refused
    assertThatThrownBy(() -> HnswIndex.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
        Arrays.copyOf(rows, 400), 16, p)).isInstanceOf(IOException.class).hasMessageContaining("400 x 16");
    assertThatThrownBy(() -> HnswIndex.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
        rows, 16, new HnswParams(16, 50, 40))).isInstanceOf(IOException.class).hasMessageContaining("m 8");
    byte[] junk = bytes.toByteArray().clone();
    junk[3] ^= 0x55;
    assertThatThrownBy(() -> HnswIndex.read(new DataInputStream(new ByteArrayInputStream(junk)), rows, 16, p))
        .isInstanceOf(IOException.class);
  }

  @Test
  void badParametersAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> new HnswParams(1, 100, 200)).hasMessageContaining("--hnsw-m").hasMessageContaining("got 1");
    assertThatThrownBy(() -> new HnswParams(16, 0, 200)).hasMessageContaining("--hnsw-ef-construction");
    assertThatThrownBy(() -> new HnswParams(16, 100, 0)).hasMessageContaining("--hnsw-ef-search");
    assertThatThrownBy(() -> new HnswParams(16, 100, 5000)).hasMessageContaining("--hnsw-ef-search");
    assertThat(new HnswParams(16, 100, 50).candidates(100)).isEqualTo(101);
    assertThat(HnswParams.defaults().candidates(10)).isEqualTo(100);
  }

  @Test
  void recallIsOneWhenTheListsAgreeAndCountsOverlapOtherwise() {
    assertThat(Recall.atK(new int[] {1, 2, 3, 4}, new int[] {4, 3, 2, 1}, 4)).isEqualTo(1.0);
    assertThat(Recall.atK(new int[] {1, 2, 3, 4}, new int[] {1, 9, 3, 8}, 4)).isEqualTo(0.5);
    assertThat(Recall.atK(new int[] {1, 2}, new int[] {2}, 10)).isEqualTo(0.5);
  }
}
