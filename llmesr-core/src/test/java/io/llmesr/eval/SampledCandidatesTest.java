package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.prepare.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampledCandidatesTest {
  private static final Dataset DS = EvalFixtures.random(3, 120, 400, 40);

  @Test
  void pop100DrawsByPopularityAndKeepsTheInvariants(@TempDir Path dir) throws Exception {
    // items 1..200 are used, items 201..300 never: popularity 0, so pop100 can never draw them
    java.util.Random r = new java.util.Random(5);
    int[][] seqs = new int[150][];
    for (int u = 0; u < seqs.length; u++) {
      seqs[u] = new int[3 + r.nextInt(8)];
      for (int j = 0; j < seqs[u].length; j++) {
        double x = r.nextDouble();
        seqs[u][j] = 1 + (int) (200 * x * x);   // skewed: low ids popular
      }
    }
    Dataset ds = EvalFixtures.leaveOneOut("skewed", 300, seqs);
    int[] pop = ds.itemPopularity();
    SampledCandidates uni = SampledCandidates.draw(ds, EvalProtocol.SAMPLED100, EvalSplit.TEST, 42);
    SampledCandidates byPop = SampledCandidates.draw(ds, EvalProtocol.POP100, EvalSplit.TEST, 42);
    assertThat(byPop.protocol()).isEqualTo(EvalProtocol.POP100);
    boolean uniformDrewUnused = false;
    double popSumUniform = 0;
    double popSumPop = 0;
    for (int row = 0; row < byPop.size(); row++) {
      int u = byPop.user(row);
      Set<Integer> history = new HashSet<>();
      for (int item : ds.sequences()[u]) history.add(item);
      int[] cand = byPop.candidates(row);
      Set<Integer> seen = new HashSet<>();
      for (int j = 1; j < cand.length; j++) {
        assertThat(pop[cand[j]]).as("pop100 never draws an item nobody interacted with").isPositive();
        assertThat(history).doesNotContain(cand[j]);
        assertThat(seen.add(cand[j])).isTrue();
        popSumPop += pop[cand[j]];
      }
      for (int j = 1; j < 101; j++) {
        int item = uni.candidates(row)[j];
        uniformDrewUnused |= item > 200;
        popSumUniform += pop[item];
      }
    }
    assertThat(uniformDrewUnused).as("uniform negatives do include unused items").isTrue();
    assertThat(popSumPop).isGreaterThan(popSumUniform);

    // saved under its own name, reloaded as pop100, distinct from the sampled100 file
    SampledCandidates saved = SampledCandidates.loadOrDraw(ds, EvalProtocol.POP100, EvalSplit.TEST, 42, dir,
        DatasetFingerprint.of(ds));
    assertThat(saved).isEqualTo(byPop).isNotEqualTo(uni);
    assertThat(SampledCandidates.fileFor(dir, EvalProtocol.POP100, EvalSplit.TEST, 42).getFileName().toString())
        .isEqualTo("pop100-test-seed42.i32");
    assertThat(SampledCandidates.load(SampledCandidates.fileFor(dir, EvalProtocol.POP100, EvalSplit.TEST, 42),
        SampledCandidates.manifestFor(dir, EvalProtocol.POP100, EvalSplit.TEST, 42)).protocol())
        .isEqualTo(EvalProtocol.POP100);
  }

  @Test
  void negativesAreDistinctInRangeAndOutsideTheWholeHistory() {
    for (EvalSplit split : EvalSplit.values()) {
      SampledCandidates c = SampledCandidates.draw(DS, split, 42);
      assertThat(c.size()).isEqualTo(Evaluator.usersWithTarget(DS, split).length).isPositive();
      for (int r = 0; r < c.size(); r++) {
        int u = c.user(r);
        int[] cand = c.candidates(r);
        assertThat(cand).hasSize(101);
        assertThat(cand[0]).isEqualTo(split.target(DS, u)).isEqualTo(c.target(r));
        Set<Integer> history = new HashSet<>();
        for (int item : DS.sequences()[u]) history.add(item);
        Set<Integer> seen = new HashSet<>();
        for (int j = 1; j < cand.length; j++) {
          assertThat(cand[j]).isBetween(1, DS.numItems());
          assertThat(history).doesNotContain(cand[j]);
          assertThat(seen.add(cand[j])).as("distinct").isTrue();
        }
      }
    }
  }

  @Test
  void deterministicForASeedAndDifferentForAnother() {
    SampledCandidates a = SampledCandidates.draw(DS, EvalSplit.TEST, 42);
    SampledCandidates b = SampledCandidates.draw(DS, EvalSplit.TEST, 42);
    SampledCandidates c = SampledCandidates.draw(DS, EvalSplit.TEST, 43);
    SampledCandidates v = SampledCandidates.draw(DS, EvalSplit.VALID, 42);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(a.candidates(0)).isNotEqualTo(v.candidates(0));
  }

  @Test
  void savedReloadedIdenticallyAndReused(@TempDir Path dir) throws Exception {
    SampledCandidates drawn = SampledCandidates.loadOrDraw(DS, EvalSplit.TEST, 7, dir);
    Path data = SampledCandidates.fileFor(dir, EvalProtocol.SAMPLED100, EvalSplit.TEST, 7);
    Path manifest = SampledCandidates.manifestFor(dir, EvalProtocol.SAMPLED100, EvalSplit.TEST, 7);
    assertThat(data.getFileName().toString()).isEqualTo("sampled100-test-seed7.i32");
    assertThat(Files.size(data)).isEqualTo((long) drawn.size() * 102 * 4);
    assertThat(Files.readString(manifest)).contains("\"seed\" : 7", "\"split\" : \"test\"",
        "\"dataset_fingerprint\" : \"" + DatasetFingerprint.of(DS) + "\"");
    // little-endian layout: first int is the first evaluated user, second its target
    byte[] raw = Files.readAllBytes(data);
    int first = (raw[0] & 0xff) | (raw[1] & 0xff) << 8 | (raw[2] & 0xff) << 16 | (raw[3] & 0xff) << 24;
    assertThat(first).isEqualTo(drawn.user(0));

    assertThat(SampledCandidates.load(data, manifest)).isEqualTo(drawn);
    FileTime before = Files.getLastModifiedTime(data);
    Thread.sleep(20);
    SampledCandidates again = SampledCandidates.loadOrDraw(DS, EvalSplit.TEST, 7, dir);
    assertThat(again).isEqualTo(drawn);
    assertThat(Files.getLastModifiedTime(data)).as("reused, not rewritten").isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "sampled100-test-seed7.i32", "sampled100-test-seed7.json");
    }
  }

  @Test
  void corruptedOrStaleFilesAreRedrawn(@TempDir Path dir) throws Exception {
    SampledCandidates drawn = SampledCandidates.loadOrDraw(DS, EvalSplit.VALID, 1, dir);
    Path data = SampledCandidates.fileFor(dir, EvalProtocol.SAMPLED100, EvalSplit.VALID, 1);
    byte[] raw = Files.readAllBytes(data);
    raw[9] ^= 1;
    Files.write(data, raw);
    assertThatThrownBy(() -> SampledCandidates.load(data, SampledCandidates.manifestFor(dir, EvalProtocol.SAMPLED100, EvalSplit.VALID, 1)))
        .hasMessageContaining("content hash").hasMessageContaining(data.toString());
    assertThat(SampledCandidates.loadOrDraw(DS, EvalSplit.VALID, 1, dir)).isEqualTo(drawn);

    // another dataset under the same file name: redrawn for the new fingerprint
    Dataset other = EvalFixtures.random(4, 120, 400, 40);
    SampledCandidates o = SampledCandidates.loadOrDraw(other, EvalSplit.VALID, 1, dir);
    assertThat(o.datasetFingerprint()).isEqualTo(DatasetFingerprint.of(other));
    assertThat(o).isEqualTo(SampledCandidates.draw(other, EvalSplit.VALID, 1));
  }

  @Test
  void tooFewItemsIsAClearError() {
    assertThatThrownBy(() -> SampledCandidates.draw(EvalFixtures.tiny(), EvalSplit.TEST, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 100 negatives")
        .hasMessageContaining("full");
  }

  @Test
  void fingerprintDependsOnSplitBoundaries() {
    Dataset a = EvalFixtures.tiny();
    int[] validEnd = a.validEnd().clone();
    validEnd[0]--;
    int[] trainEnd = a.trainEnd().clone();
    trainEnd[0]--;
    Dataset b = new Dataset("tiny", a.userIds(), a.itemIds(), a.sequences(), trainEnd, validEnd, null, null);
    assertThat(DatasetFingerprint.of(a)).startsWith("sha256:").hasSize(71).isNotEqualTo(DatasetFingerprint.of(b));
    assertThat(DatasetFingerprint.of(a)).isEqualTo(DatasetFingerprint.of(EvalFixtures.tiny()));
  }
}
