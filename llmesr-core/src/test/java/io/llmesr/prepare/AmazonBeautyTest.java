package io.llmesr.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.data.Interaction;
import io.llmesr.data.RawData;
import io.llmesr.data.ReaderOptions;
import io.llmesr.data.SourceFormats;
import io.llmesr.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real data: the bundled demo ({@code demo/beauty-demo}) and, when present, the shared 5-core Amazon Beauty
 * ({@code shared/data/amazon-beauty/atomic} beside the checkout; see {@link SharedData}).
 */
class AmazonBeautyTest {

  static Path findUp(String relative) {
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(relative))) return p.resolve(relative);
    }
    return null;
  }

  private static PrepareOptions kcore(int k) {
    return new PrepareOptions("beauty", new KCoreRecipe(k, false), new SplitSpec.LeaveOneOut(), "beauty", null, Map.of());
  }

  @Test
  void bundledDemoPreparesToItsDocumentedSize() throws Exception {
    Path demo = findUp("demo/beauty-demo");
    assertThat(demo).as("demo/beauty-demo must be in the repository").isNotNull();
    RawData raw = SourceFormats.open("atomic", demo, ReaderOptions.defaults());
    PreparedDataset paper = Preparer.prepare(raw, new PrepareOptions("beauty-demo",
        new LlmEsrPaperRecipe(false), new SplitSpec.LeaveOneOut(), "beauty", null, Map.of()));
    assertThat(paper.manifest().counts()).containsEntry("users", 2242L).containsEntry("items", 2513L)
        .containsEntry("interactions", 14627L).containsEntry("itemsWithoutText", 0L);
    // Already a 3-core: the paper recipe and kcore 3 keep everything, in the same order.
    PreparedDataset k3 = Preparer.prepare(raw, kcore(3));
    assertThat(Fixtures.rawSequences(k3.dataset())).isEqualTo(Fixtures.rawSequences(paper.dataset()));
    assertThat(paper.dataset().itemPrompts().get(1)).startsWith("The beauty item has following attributes: \n name is ");
  }

  /** The demo is exactly the documented subset (PROVENANCE.md): users with SHA-256 % 8 == 0, then 3-core. */
  @Test
  void demoIsTheDocumentedSubsetOfTheSharedData() throws Exception {
    Path shared = SharedData.dir("amazon-beauty").resolve("atomic");
    Path demo = findUp("demo/beauty-demo");
    RawData full = SourceFormats.open("atomic", shared, ReaderOptions.defaults());
    List<Interaction> sampled = new ArrayList<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    full.interactions().forEach(x -> {
      byte[] h = sha.digest(x.user().getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xff);
      if (Long.remainderUnsigned(v, 8) == 0) sampled.add(x);
    });
    PreparedDataset rebuilt = Preparer.prepare(Fixtures.raw(sampled), kcore(3));
    PreparedDataset bundled = Preparer.prepare(SourceFormats.open("atomic", demo, ReaderOptions.defaults()), kcore(3));
    assertThat(Fixtures.rawSequences(bundled.dataset())).isEqualTo(Fixtures.rawSequences(rebuilt.dataset()));
    assertThat(bundled.timestamps()).isDeepEqualTo(rebuilt.timestamps());
  }

  /** Done-when check: 5-core Beauty has 22,363 users, 12,101 items, 198,502 interactions; 20/80 cuts 9 and 19. */
  @Test
  void sharedBeautyFiveCore() throws Exception {
    Path shared = SharedData.dir("amazon-beauty").resolve("atomic");
    PreparedDataset p = Preparer.prepare(SourceFormats.open("atomic", shared, ReaderOptions.defaults()), kcore(5));
    Dataset d = p.dataset();
    assertThat(d.numUsers()).isEqualTo(22_363);
    assertThat(d.numItems()).isEqualTo(12_101);
    assertThat(d.numInteractions()).isEqualTo(198_502);
    LongTailThresholds t = LongTailThresholds.pareto(d);
    assertThat(t.itemThreshold()).isEqualTo(19);
    assertThat(t.userThreshold()).isEqualTo(9);
    DatasetDescription.Groups g = DatasetDescription.groups(d, t);
    assertThat(g.headItems()).isEqualTo(2_525);
    assertThat(g.headUsers()).isEqualTo(5_123);
  }
}
