package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimilarUsersTest {
  @TempDir Path dir;

  /** Brute force: score every pair with a plain loop, sort (score desc, index asc), skip self. */
  static int[][] bruteForce(float[] data, int rows, int dim, int k, float[][] scoresOut) {
    float[] a = SimilarUsers.normalise(data, rows, dim);
    int[][] out = new int[rows][];
    for (int i = 0; i < rows; i++) {
      float[] s = new float[rows];
      for (int j = 0; j < rows; j++) {
        float acc = 0;
        for (int t = 0; t < dim; t++) acc += a[i * dim + t] * a[j * dim + t];
        s[j] = acc;
      }
      int self = i;
      Integer[] order = new Integer[rows];
      for (int j = 0; j < rows; j++) order[j] = j;
      Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -s[j]).thenComparingInt(j -> j));
      out[i] = Arrays.stream(order).filter(j -> j != self).limit(k).mapToInt(Integer::intValue).toArray();
      scoresOut[i] = new float[k];
      for (int p = 0; p < k; p++) scoresOut[i][p] = s[out[i][p]];
    }
    return out;
  }

  static float[] random(int rows, int dim, long seed) {
    Random r = new Random(seed);
    float[] d = new float[rows * dim];
    for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
    return d;
  }

  @Test
  void equalsBruteForceOnRandomDataWithDuplicatesAndTies() {
    int rows = 700; // more than one candidate block and an odd tail of query rows
    int dim = 20;
    float[] d = random(rows, dim, 42);
    // duplicates: 5 copies of user 3 (one scaled: same cosine), and two users equal to user 600
    for (int c : new int[] {10, 200, 513, 699}) System.arraycopy(d, 3 * dim, d, c * dim, dim);
    for (int t = 0; t < dim; t++) d[100 * dim + t] = 2.5f * d[3 * dim + t];
    System.arraycopy(d, 600 * dim, d, 7 * dim, dim);
    int k = 12;
    float[][] bs = new float[rows][];
    int[][] b = bruteForce(d, rows, dim, k, bs);
    for (int threads : new int[] {1, 2, 3}) {
      SimilarUsers.Result r = SimilarUsers.compute(d, rows, dim, k, threads, SimilarUsers.Kernel.JAVA);
      for (int u = 0; u < rows; u++) {
        assertThat(r.neighbours(u)).as("user %d", u).containsExactly(b[u]);
        assertThat(r.neighbourScores(u)).as("user %d", u).containsExactly(bs[u]);
        assertThat(r.neighbours(u)).doesNotContain(u);
      }
    }
    SimilarUsers.Result r = SimilarUsers.compute(d, rows, dim, k, 2, SimilarUsers.Kernel.JAVA);
    // user 3's identical copies come first, in index order, and never user 3 itself
    assertThat(Arrays.copyOf(r.neighbours(3), 5)).containsExactlyInAnyOrder(10, 100, 200, 513, 699);
    assertThat(r.neighbours(10)[0]).isEqualTo(3);
    assertThat(r.neighbours(600)[0]).isEqualTo(7);
    assertThat(r.neighbours(7)[0]).isEqualTo(600);
  }

  @Test
  void torchKernelAgreesWithBruteForceUpToRounding() {
    int rows = 700;
    int dim = 20;
    float[] d = random(rows, dim, 43);
    for (int c : new int[] {10, 200, 513, 699}) System.arraycopy(d, 3 * dim, d, c * dim, dim);
    int k = 12;
    SimilarUsers.Result r = SimilarUsers.compute(d, rows, dim, k, 2, SimilarUsers.Kernel.TORCH);
    float[][] bs = new float[rows][];
    int[][] b = bruteForce(d, rows, dim, k, bs);
    float[] a = SimilarUsers.normalise(d, rows, dim);
    double eps = 1e-5;
    int identical = 0;
    for (int u = 0; u < rows; u++) {
      int[] got = r.neighbours(u);
      float[] gs = r.neighbourScores(u);
      assertThat(got).doesNotContain(u).doesNotHaveDuplicates();
      for (int p = 0; p < k; p++) {
        double exact = 0;
        for (int t = 0; t < dim; t++) exact += (double) a[u * dim + t] * a[got[p] * dim + t];
        assertThat((double) gs[p]).isCloseTo(exact, org.assertj.core.data.Offset.offset(eps));
        if (p > 0) assertThat(gs[p]).isLessThanOrEqualTo(gs[p - 1]);
      }
      // same set as brute force, except members tied with the k-th score within rounding
      float kth = bs[u][k - 1];
      java.util.Set<Integer> want = new java.util.HashSet<>();
      java.util.Set<Integer> have = new java.util.HashSet<>();
      for (int p = 0; p < k; p++) {
        if (bs[u][p] > kth + eps) want.add(b[u][p]);
        if (gs[p] > kth + eps) have.add(got[p]);
      }
      assertThat(have).as("user %d", u).isEqualTo(want);
      if (java.util.Arrays.equals(got, b[u])) identical++;
    }
    assertThat(identical).as("users with exactly the brute-force list").isGreaterThan(rows * 9 / 10);
    assertThat(Arrays.copyOf(r.neighbours(3), 4)).containsExactlyInAnyOrder(10, 200, 513, 699);
  }

  @Test
  void torchKernelBreaksTiesBeyondItsCandidatesByLowerIndex() {
    // 41 users share the unit vector e1 (every cosine among them is exactly 1), more than the k + 1 + margin
    // candidates PyTorch's top-k returns; the result must still be the lowest-index duplicates, as a full scan.
    int rows = 600;
    int dim = 8;
    float[] d = random(rows, dim, 44);
    java.util.TreeSet<Integer> dup = new java.util.TreeSet<>();
    java.util.Random rnd = new java.util.Random(7);
    while (dup.size() < 41) dup.add(rnd.nextInt(rows));
    for (int u : dup) {
      Arrays.fill(d, u * dim, (u + 1) * dim, 0f);
      d[u * dim] = 1f;
    }
    int k = 12;
    assertThat(dup.size()).isGreaterThan(k + 1 + TorchSimilarityKernel.TIE_MARGIN);
    SimilarUsers.Result torch = SimilarUsers.compute(d, rows, dim, k, 2, SimilarUsers.Kernel.TORCH);
    SimilarUsers.Result java = SimilarUsers.compute(d, rows, dim, k, 2, SimilarUsers.Kernel.JAVA);
    for (int u : dup) {
      int[] want = dup.stream().filter(v -> v != u).limit(k).mapToInt(Integer::intValue).toArray();
      assertThat(torch.neighbours(u)).as("user %d", u).containsExactly(want);
      assertThat(java.neighbours(u)).as("user %d", u).containsExactly(want);
      for (float s : torch.neighbourScores(u)) assertThat(s).isEqualTo(1f);
    }
  }

  @Test
  void aRangeOfUsersEqualsTheSameRowsOfTheFullRun() {
    float[] d = random(300, 16, 5);
    for (SimilarUsers.Kernel kn : SimilarUsers.Kernel.values()) {
      SimilarUsers.Result full = SimilarUsers.compute(d, 300, 16, 7, 2, kn);
      SimilarUsers.Result part = SimilarUsers.computeRange(d, 300, 16, 7, 100, 171, 2, kn);
      assertThat(part.users()).isEqualTo(71);
      for (int r = 0; r < 71; r++) {
        assertThat(part.neighbours(r)).as("%s user %d", kn, 100 + r).containsExactly(full.neighbours(100 + r));
        if (kn == SimilarUsers.Kernel.JAVA) {
          assertThat(part.neighbourScores(r)).containsExactly(full.neighbourScores(100 + r));
        } else { // BLAS may pick other code paths for other block shapes
          assertThat(part.neighbourScores(r)).containsExactly(full.neighbourScores(100 + r), org.assertj.core.data.Offset.offset(1e-6f));
        }
      }
    }
    assertThatThrownBy(() -> SimilarUsers.computeRange(d, 300, 16, 7, 200, 100, 1, SimilarUsers.Kernel.JAVA))
        .hasMessageContaining("bad user range");
  }

  @Test
  void identicalVectorsTieAndAreOrderedByIndex() {
    // 4 identical users and one different: every identical user lists the other three by index order
    float[] d = {1, 0, 1, 0, 1, 0, 0, 1, 1, 0};
    SimilarUsers.Result r = SimilarUsers.compute(d, 5, 2, 4, 1, SimilarUsers.Kernel.JAVA);
    assertThat(r.neighbours(0)).containsExactly(1, 2, 4, 3);
    assertThat(r.neighbours(2)).containsExactly(0, 1, 4, 3);
    assertThat(r.neighbours(4)).containsExactly(0, 1, 2, 3);
    assertThat(r.neighbourScores(4)).containsExactly(1f, 1f, 1f, 0f);
  }

  @Test
  void topIsClampedToTheOtherUsers() {
    SimilarUsers.Result r = SimilarUsers.compute(random(3, 4, 1), 3, 4, 100, 2, SimilarUsers.Kernel.AUTO);
    assertThat(r.k()).isEqualTo(2);
    assertThatThrownBy(() -> SimilarUsers.compute(new float[] {1, 0, 0, 0}, 2, 2, 1, 1, SimilarUsers.Kernel.TORCH))
        .hasMessageContaining("user 1: embedding is all zeros");
  }

  @Test
  void writeReadRoundTripAndCorruptionIsDetected() throws IOException {
    ItemUserEmbedder.embed(TestData.dataset(20, 40), new FakeEncoder(8), dir, EmbedOptions.defaults());
    SimilarUsers.Table t = SimilarUsers.run(dir, 10, 2, SimilarUsers.Kernel.JAVA);
    SimilarUsers.Table back = SimilarUsers.read(dir);
    assertThat(back.users()).isEqualTo(40);
    assertThat(back.k()).isEqualTo(10);
    for (int u = 0; u < 40; u++) {
      assertThat(back.indices()[u]).containsExactly(t.indices()[u]);
      assertThat(back.scores()[u]).containsExactly(t.scores()[u]);
    }
    assertThat(back.manifest().sourceSha256()).isEqualTo(EmbeddingTables.users(dir).manifest().sha256());
    Path ip = EmbeddingLayout.similarUsers(dir);
    byte[] b = Files.readAllBytes(ip);
    Files.write(ip, Arrays.copyOf(b, b.length - 4));
    assertThatThrownBy(() -> SimilarUsers.read(dir)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("similar_users.i32").hasMessageContaining("40 users x 10");
    b[0] ^= 1;
    Files.write(ip, b);
    assertThatThrownBy(() -> SimilarUsers.read(dir)).hasMessageContaining("SHA-256");
  }
}
