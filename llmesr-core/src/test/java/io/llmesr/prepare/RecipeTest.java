package io.llmesr.prepare;

import static io.llmesr.prepare.Fixtures.kcore;
import static io.llmesr.prepare.Fixtures.paper;
import static io.llmesr.prepare.Fixtures.rawSequences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.Interaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the two recipes on hand-checked tiny inputs (docs/model.md §2.1). */
class RecipeTest {

  /** Three users share items a b c so that the tested rows survive the 3/3 filter. */
  private static final String[] CORE = {
      "P a 1", "P b 2", "P c 3",
      "Q a 1", "Q b 2", "Q c 3",
      "R a 1", "R b 2", "R c 3"};

  private static String[] with(String[] base, String... extra) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  @Test
  void ratingFilterDropsPresentRatingsAtOrBelowZeroAndKeepsMissingRatings() throws Exception {
    // S rates a with 0 and b with -1: both dropped, leaving S with c (rated 0.5) and a (no rating), 2 < 3.
    PreparedDataset p = paper(with(CORE, "S a 4 0", "S b 5 -1", "S c 6 0.5", "S a 7", "T a 1 5", "T b 2 4", "T c 3 3"));
    assertThat(p.manifest().preparation()).containsEntry("droppedByRating", 2L);
    assertThat(rawSequences(p.dataset())).containsExactly("P: a b c", "Q: a b c", "R: a b c", "T: a b c");
    // S is left with 2 interactions after the rating filter, so the 3/3 count filter drops both.
    assertThat(p.manifest().preparation()).containsEntry("droppedByFilter", 2L);
  }

  @Test
  void yelpDateWindowIsInclusiveOnBothEnds() throws Exception {
    List<Interaction> xs = Fixtures.rows(
        "P a 19991231235959", "P b 20000101000000", "P c 20191231000000", "P d 20191231000001",
        "Q b 20100101000000", "Q c 20100101000001", "Q a 20100101000002",
        "R b 20100101000000", "R c 20100101000001", "R a 20100101000002",
        "S b 20100101000000", "S c 20100101000001", "S a 20100101000002");
    PreparedDataset p = Fixtures.prepare(xs, new LlmEsrPaperRecipe(true), new SplitSpec.LeaveOneOut());
    assertThat(p.manifest().preparation()).containsEntry("droppedByDate", 2L);
    // P keeps b, c (a and d are outside the window): its count after the window is 2 < 3.
    assertThat(rawSequences(p.dataset())).containsExactly("Q: b c a", "R: b c a", "S: b c a");
    assertThat(p.manifest().preparation()).containsEntry("droppedByFilter", 2L);
    PreparedDataset noWindow = Fixtures.prepare(xs, new LlmEsrPaperRecipe(false), new SplitSpec.LeaveOneOut());
    assertThat(noWindow.manifest().preparation()).containsEntry("droppedByDate", 0L);
  }

  /**
   * Single-pass 3/3 filtering and iterative 3-core differ. Raw counts: users U1–U3 have 4, U4 3, U5 and U6
   * 2; items a–d 4, e 3. Single pass drops only U5's and U6's rows (user count 2) and keeps e for U4
   * (raw count 3): 4 users, 5 items, 15 interactions. Iteratively, e then has 1 interaction and goes,
   * U4 is left with 2 and goes: 3 users, 4 items, 12 interactions.
   */
  @Test
  void singlePassAndIterativeKCoreDiffer() throws Exception {
    String[] rows = {
        "U1 a 1", "U1 b 2", "U1 c 3", "U1 d 4",
        "U2 a 1", "U2 b 2", "U2 c 3", "U2 d 4",
        "U3 a 1", "U3 b 2", "U3 c 3", "U3 d 4",
        "U4 e 1", "U4 a 2", "U4 b 3",
        "U5 e 1", "U5 c 2",
        "U6 e 1", "U6 d 2"};
    Dataset single = paper(rows).dataset();
    assertThat(rawSequences(single)).containsExactly("U1: a b c d", "U2: a b c d", "U3: a b c d", "U4: e a b");
    assertThat(single.numItems()).isEqualTo(5);
    assertThat(single.numInteractions()).isEqualTo(15);

    PreparedDataset iterative = kcore(3, false, rows);
    assertThat(rawSequences(iterative.dataset())).containsExactly("U1: a b c d", "U2: a b c d", "U3: a b c d");
    assertThat(iterative.dataset().numItems()).isEqualTo(4);
    assertThat(iterative.dataset().numInteractions()).isEqualTo(12);
    assertThat(iterative.manifest().preparation()).containsEntry("kcoreRounds", 4L);
  }

  /**
   * Users are numbered by their first <em>surviving</em> interaction: X appears first in the file, but that
   * row (item z, seen once) is filtered out, so Y (row 1) comes before X (row 4). Items are numbered walking
   * Y's, then X's, then W's time-sorted lists. Equal timestamps keep file order (X: q before p at t=5; W:
   * p q r all at t=1).
   */
  @Test
  void idsByFirstAppearanceAndStableTimeTies() throws Exception {
    PreparedDataset p = paper(
        "X z 9", "Y p 3", "Y q 1", "Y r 2", "X r 1", "X q 5", "X p 5", "W p 1", "W q 1", "W r 1");
    Dataset d = p.dataset();
    assertThat(d.userIds()).containsExactly("Y", "X", "W");
    assertThat(d.itemIds()).containsExactly(null, "q", "r", "p");
    assertThat(d.sequences()).isDeepEqualTo(new int[][] {{1, 2, 3}, {2, 1, 3}, {3, 1, 2}});
    assertThat(p.timestamps()[1]).containsExactly(1, 5, 5);
    assertThat(p.recipeUserIds()).containsExactly(1, 2, 3);
  }

  @Test
  void kcoreTiesAlsoKeepFileOrder() throws Exception {
    Dataset d = kcore(1, false, "A x 7", "A y 7", "A w 3", "A v 7").dataset();
    assertThat(rawSequences(d)).containsExactly("A: w x y v");
  }

  /**
   * B's rows survive the single-pass filter as (m, k): 2 < 3, so B is removed after ids were assigned.
   * When B comes first, its items keep ids 1 (m) and 2 (k): m ends with popularity 0, and B's paper id 1 is
   * a gap. When B comes last, m gets the largest id 4; after B's removal the largest id present is 3, so
   * N = 3 (the paper's item_num = max id) and m is gone.
   */
  @Test
  void usersUnderThreeRemovedAfterIdAssignment() throws Exception {
    String[] b = {"B m 1", "B x 2", "B k 3", "C m 1", "D m 1"};
    String[] rest = {"A k 1", "A s 2", "A t 3", "E k 1", "E s 2", "E t 3", "F s 1", "F t 2", "F k 3"};
    PreparedDataset first = paper(with(b, rest));
    Dataset d = first.dataset();
    assertThat(d.userIds()).containsExactly("A", "E", "F");
    assertThat(d.itemIds()).containsExactly(null, "m", "k", "s", "t");
    assertThat(d.sequences()).isDeepEqualTo(new int[][] {{2, 3, 4}, {2, 3, 4}, {3, 4, 2}});
    assertThat(first.recipeUserIds()).containsExactly(2, 3, 4);
    assertThat(d.itemPopularity()).containsExactly(0, 0, 3, 3, 3);
    assertThat(first.manifest().preparation()).containsEntry("usersRemovedAfterIds", 1L);
    assertThat(first.manifest().counts()).containsEntry("itemsWithZeroPopularity", 1L);

    PreparedDataset last = paper(with(rest, b));
    assertThat(last.dataset().itemIds()).containsExactly(null, "k", "s", "t");
    assertThat(last.manifest().preparation()).containsEntry("itemIdsAboveMaxDropped", 1L);
    assertThat(last.recipeUserIds()).containsExactly(1, 2, 3);
  }

  @Test
  void paperKeepsRepeatsAndKcoreDedupKeepsTheFirstInTimeOrder() throws Exception {
    String[] rows = {"U a 1", "U b 2", "U a 3", "U c 3", "U b 0"};
    assertThat(rawSequences(kcore(1, false, rows).dataset())).containsExactly("U: b a b a c");
    PreparedDataset dedup = kcore(1, true, rows);
    assertThat(rawSequences(dedup.dataset())).containsExactly("U: b a c");
    assertThat(dedup.timestamps()[0]).containsExactly(0, 1, 3);
    // Repeats count towards the paper's 3/3 filter: V has one distinct item but 3 interactions.
    String[] repeats = {"V a 1", "V a 2", "V a 3", "W a 1", "W b 2", "W b 3", "Y b 1", "Y a 2", "Y b 3"};
    assertThat(rawSequences(paper(repeats).dataset())).containsExactly("V: a a a", "W: a b b", "Y: b a b");
    // With dedup, the 2-core is W (a b) and Y (b a) only: V is left with 1 interaction.
    assertThat(rawSequences(kcore(2, true, repeats).dataset())).containsExactly("W: a b", "Y: b a");
  }

  @Test
  void nothingLeftIsAClearError() {
    assertThatThrownBy(() -> paper("A a 1", "A b 2", "B a 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing left to prepare: of 3 interactions read")
        .hasMessageContaining("3 by the llmesr-paper count filter");
  }

  @Test
  void unknownTemplatePlaceholdersAreReported() throws Exception {
    PreparedDataset p = Preparer.prepare(
        Fixtures.raw(Fixtures.rows("A a 1", "A b 2"), List.of(Fixtures.item("a", "title", "Alpha")), null),
        new PrepareOptions("t", new KCoreRecipe(1, false), new SplitSpec.LeaveOneOut(), null, "{titel} / {title}", java.util.Map.of()));
    assertThat(p.warnings()).anyMatch(w -> w.contains("{titel} matches no item field") && w.contains("fields present: title"));
    assertThat(p.warnings()).noneMatch(w -> w.contains("{title} matches"));
    assertThat(p.dataset().itemPrompts().get(1)).isEqualTo("unknown / Alpha");
    assertThat(p.dataset().itemPrompts().get(2)).isEqualTo("An item with identifier b; no description is available.");
    assertThat(p.manifest().counts()).containsEntry("itemsWithoutText", 1L);
  }

  @Test
  void userPromptsUseTheTrainingPartOnly() throws Exception {
    PreparedDataset p = Preparer.prepare(
        Fixtures.raw(Fixtures.rows("A a 1", "A b 2", "A c 3", "A d 4"),
            List.of(Fixtures.item("a", "title", "Alpha"), Fixtures.item("b", "title", "Beta"),
                Fixtures.item("c", "title", "Gamma"), Fixtures.item("d", "title", "Delta")), "beauty"),
        new PrepareOptions("t", new KCoreRecipe(1, false), new SplitSpec.LeaveOneOut(), null, null, java.util.Map.of()));
    assertThat(p.dataset().userPrompts().get(0)).isEqualTo(
        "The user has visited following fashions: \nAlpha, Beta,  \nplease conclude the user's perference.");
    assertThat(p.manifest().prompts().item().name()).isEqualTo("llmesr-paper/beauty-item");
  }

  @Test
  void recipeFactoryValidates() {
    assertThat(Recipe.of("llmesr-paper", 5, false, false)).isInstanceOf(LlmEsrPaperRecipe.class);
    assertThat(Recipe.of("kcore", 5, true, false)).isEqualTo(new KCoreRecipe(5, true));
    assertThatThrownBy(() -> Recipe.of("llmesr-paper", 5, true, false)).hasMessageContaining("--dedup");
    assertThatThrownBy(() -> Recipe.of("nope", 5, false, false)).hasMessageContaining("unknown recipe 'nope'");
    assertThatThrownBy(() -> new KCoreRecipe(0, false)).hasMessageContaining("--k");
  }
}
