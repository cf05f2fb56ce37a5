package io.llmesr.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.data.ReaderOptions;
import io.llmesr.data.SourceFormats;
import io.llmesr.testing.SharedData;
import io.llmesr.text.PromptDiversity;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Amazon Office 2014 5-core in RecBole atomic files ({@code shared/data/amazon-office}): its items have one
 * {@code text} field and no title, the case in which every user prompt used to collapse to the same string.
 */
class AmazonOfficeTest {
  private static PreparedDataset prepare(SplitSpec split) throws Exception {
    Path atomic = SharedData.dir("amazon-office").resolve("atomic");
    return Preparer.prepare(SourceFormats.open("atomic", atomic, ReaderOptions.defaults()),
        new PrepareOptions("office", new KCoreRecipe(5, false), split, null, null, Map.of()));
  }

  @Test
  void everyUserGetsAPromptOfTheirOwnFromTheTextField() throws Exception {
    PreparedDataset p = prepare(new SplitSpec.LeaveOneOut());
    Dataset d = p.dataset();
    // the counts PROVENANCE.md gives
    assertThat(d.numUsers()).isEqualTo(4905);
    assertThat(d.numItems()).isEqualTo(2420);
    assertThat(d.numInteractions()).isEqualTo(53258);
    assertThat(new HashSet<>(d.userPrompts())).hasSize(4905);
    assertThat(p.manifest().count("usersWithoutPromptText")).isZero();
    assertThat(p.manifest().count("itemsWithoutText")).isZero();
    assertThat(PromptDiversity.of(d.itemPrompts(), d.userPrompts(), null).problems()).isEmpty();
    assertThat(p.warnings()).noneMatch(w -> w.contains("distinct"));
    // the first history entry of the first user is the text of their first item
    String firstItemText = p.itemFields().get(d.sequences()[0][0]).get("text");
    assertThat(d.userPrompts().get(0)).startsWith("The user has visited following items: \n" + firstItemText + ", ");
  }

  @Test
  void aGlobalTimeSplitWorksOnItsRealTimestamps() throws Exception {
    PreparedDataset p = prepare(SplitSpec.Temporal.atQuantiles(0.8, 0.9));
    assertThat(p.dataset().numUsers()).isLessThan(4905).isGreaterThan(3000);
    assertThat(p.manifest().count("usersWithTestTarget")).isPositive();
    assertThat(p.manifest().count("usersWithTestTarget")).isLessThan(p.dataset().numUsers());
  }
}
