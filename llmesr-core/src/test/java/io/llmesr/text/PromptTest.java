package io.llmesr.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paper's prompts (docs/model.md §2.4–2.5) against hand-written expected strings, truncation included. */
class PromptTest {

  private static ItemText item(String id, String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return new ItemText(id, m);
  }

  @Test
  void beautyItem() {
    ItemText it = item("B1", "title", "Rose Cream", "brand", "Acme", "price", "9.99",
        "categories", "Beauty; Skin Care; Face", "description", "A soft cream.");
    assertThat(new BeautyItemPrompt().prompt(it)).isEqualTo(
        "The beauty item has following attributes: \n name is Rose Cream; brand is Acme; price is 9.99. \n"
            + "The item has following features: Beauty; Skin Care; Face; . \n"
            + "The item has following descriptions: A soft cream.. \n");
  }

  @Test
  void beautyItemMissingFieldsReadUnknownAndNoCategoriesDropsTheLine() {
    assertThat(new BeautyItemPrompt().prompt(item("B2", "title", "Soap"))).isEqualTo(
        "The beauty item has following attributes: \n name is Soap; brand is unknown; price is unknown. \n"
            + "The item has following descriptions: unknown. \n");
  }

  @Test
  void beautyFeatureLineCutAt2048AndTextCutAt4095() {
    String cats = "x".repeat(3000);
    String text = new BeautyItemPrompt().prompt(item("B3", "title", "T", "categories", cats, "description", "d".repeat(5000)));
    String line1 = "The beauty item has following attributes: \n name is T; brand is unknown; price is unknown. \n";
    String line2 = ("The item has following features: " + cats + "; . \n").substring(0, 2048);
    String full = line1 + line2 + "The item has following descriptions: " + "d".repeat(5000) + ". \n";
    assertThat(text).isEqualTo(full.substring(0, 4095));
    assertThat(text).hasSize(4095);
  }

  @Test
  void textCutCountsCodePointsAndKeeps4096() {
    String exactly4096 = "a".repeat(4096);
    assertThat(TextCuts.cutText(exactly4096)).isEqualTo(exactly4096);
    assertThat(TextCuts.cutText(exactly4096 + "b")).hasSize(4095);
    // 4097 code points, each an emoji (2 UTF-16 units): cut to 4095 code points, never inside a pair.
    String emoji = "\uD83D\uDE00".repeat(4097);
    String cut = TextCuts.cutText(emoji);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(4095);
    assertThat(cut.length()).isEqualTo(8190);
    assertThat(TextCuts.keepLastHistory("ab".repeat(4001))).isEqualTo("ab".repeat(4000));
  }

  @Test
  void fashionItemWithHundredCharFieldRule() {
    String longBrand = "b".repeat(101);
    String okTitle = "t".repeat(100);
    ItemText it = item("F1", "title", okTitle, "brand", longBrand, "date", "March 3, 2014", "price", "$12.00",
        "features", "Cotton; Machine wash", "description", "Nice shirt; Great fit");
    assertThat(new FashionItemPrompt().prompt(it)).isEqualTo(
        "The fashion item has following attributes: \n name is " + okTitle + "; brand is unknown; score is March 3, 2014;"
            + " price is $12.00. \n"
            + "The item has following features: Cotton; Machine wash; . \n"
            + "The item has following descriptions: Nice shirt; Great fit; . \n");
  }

  @Test
  void fashionItemOmitsAbsentListsAndCutsLongLines() {
    ItemText noLists = item("F2", "title", "Hat", "feature", "Wool");
    assertThat(new FashionItemPrompt().prompt(noLists)).isEqualTo(
        "The fashion item has following attributes: \n name is Hat; brand is unknown; score is unknown; price is unknown. \n"
            + "The item has following features: Wool; . \n");
    String desc = "y".repeat(2100);
    String text = new FashionItemPrompt().prompt(item("F3", "title", "Hat", "description", desc));
    assertThat(text).endsWith(("The item has following descriptions: " + desc + "; . \n").substring(0, 2048));
    assertThat(text).doesNotContain("features");
  }

  @Test
  void yelpItem() {
    ItemText it = item("Y1", "name", "Joe's Pizza", "categories", "Pizza; Restaurants", "type", "business",
        "is_open", "1", "review_count", "42", "city", "Phoenix", "stars", "4.5");
    assertThat(new YelpItemPrompt().prompt(it)).isEqualTo(
        "The point of interest has following attributes: \n name is Joe's Pizza; category is Pizza Restaurants ;"
            + " type is business; open status is 1; review count is 42; city is Phoenix; average score is 4.5.");
    assertThat(new YelpItemPrompt().prompt(item("Y2", "name", "Bar"))).isEqualTo(
        "The point of interest has following attributes: \n name is Bar; category is unknown; type is unknown;"
            + " open status is unknown; review count is unknown; city is unknown; average score is unknown.");
  }

  @Test
  void userPromptsPerDomain() {
    List<ItemText> h = List.of(item("1", "title", "Soap", "name", "Cafe A"), item("2", "brand", "NoTitle"),
        item("3", "title", "Lotion", "name", "Cafe B"));
    assertThat(HistoryUserPrompt.beauty().prompt(h)).isEqualTo(
        "The user has visited following fashions: \nSoap, Lotion,  \nplease conclude the user's perference.");
    assertThat(HistoryUserPrompt.fashion().prompt(h)).isEqualTo(
        "The user has visited following fashions: \nSoap, Lotion,  \nplease conclude the user's perference.");
    assertThat(HistoryUserPrompt.yelp().prompt(h)).isEqualTo(
        "The user has visited following point of interests: \nCafe A, Cafe B,  \nplease conclude the user's perference.");
    // generic: an item without title or name is listed by its other fields
    assertThat(HistoryUserPrompt.generic().prompt(h)).isEqualTo(
        "The user has visited following items: \nSoap, NoTitle, Lotion,  \nplease conclude the user's preference.");
  }

  @Test
  void userHistoryKeepsLast8000AndBeautyCutsTo4095() {
    List<ItemText> h = new ArrayList<>();
    for (int i = 0; i < 1000; i++) h.add(item(Integer.toString(i), "title", String.format("T%06d", i)));
    // h = "T000000, T000001, ..., T000999, " : 1000 x 9 = 9000 chars; keep the last 8000.
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 1000; i++) all.append(String.format("T%06d, ", i));
    String last8000 = all.substring(1000);
    String fashion = HistoryUserPrompt.fashion().prompt(h);
    assertThat(fashion).isEqualTo("The user has visited following fashions: \n" + last8000
        + " \nplease conclude the user's perference.");
    String beauty = HistoryUserPrompt.beauty().prompt(h);
    assertThat(beauty).isEqualTo(fashion.substring(0, 4095));
  }

  @Test
  void genericTemplateAndDefault() {
    ItemText it = item("G1", "title", "Lamp", "brand", "Lux", "categories", "Home; Light");
    GenericItemPrompt t = new GenericItemPrompt("Title: {title}; brand: {brand}; color: {color} {{raw}}");
    assertThat(t.prompt(it)).isEqualTo("Title: Lamp; brand: Lux; color: unknown {raw}");
    assertThat(new GenericItemPrompt(null).prompt(it)).isEqualTo(
        "The item has following attributes: \n title is Lamp; brand is Lux; categories is Home; Light. \n");
    assertThat(GenericItemPrompt.placeholders("{a} and {b_c}")).containsExactly("a", "b_c");
    assertThatThrownBy(() -> new GenericItemPrompt("Title: {title")).hasMessageContaining("unbalanced");
    assertThatThrownBy(() -> new GenericItemPrompt("no fields")).hasMessageContaining("names no {field}");
  }

  @Test
  void promptSetChoosesByDomainWithFallbackAndHashes() {
    PromptSet beauty = PromptSet.forDomain("beauty", null);
    assertThat(beauty.item()).isInstanceOf(BeautyItemPrompt.class);
    assertThat(beauty.itemPrompt(new ItemText("X9", Map.of())))
        .isEqualTo("An item with identifier X9; no description is available.");
    assertThat(beauty.itemPrompt(new ItemText("X9", Map.of("title", "  "))))
        .isEqualTo("An item with identifier X9; no description is available.");
    PromptSet custom = PromptSet.forDomain("beauty", "T: {title}");
    assertThat(custom.item()).isInstanceOf(GenericItemPrompt.class);
    assertThat(custom.user().name()).isEqualTo("llmesr-paper/beauty-user");
    assertThat(custom.itemTemplateHash()).isNotEqualTo(beauty.itemTemplateHash()).hasSize(64);
    assertThat(PromptSet.forDomain(null, null).domain()).isEqualTo("generic");
    assertThatThrownBy(() -> PromptSet.forDomain("books", null)).hasMessageContaining("unknown domain 'books'");
  }

  @Test
  void displayTextIsTitleElseNameElseAllFields() {
    assertThat(item("a", "title", "T", "name", "N", "text", "X").displayText()).isEqualTo("T");
    assertThat(item("a", "name", "N", "text", "X").displayText()).isEqualTo("N");
    assertThat(item("a", "text", "Pen Office Acme", "brand", " ", "price", "3").displayText()).isEqualTo("Pen Office Acme; 3");
    assertThat(item("a").displayText()).isNull();
  }

  @Test
  void genericUserPromptUsesDisplayTextAndSkipsTextlessItems() {
    List<ItemText> h = List.of(item("a", "text", "Pen"), item("b"), item("c", "title", "Ink"));
    assertThat(HistoryUserPrompt.generic().prompt(h)).isEqualTo(
        "The user has visited following items: \nPen, Ink,  \nplease conclude the user's preference.");
    // the paper's Beauty prompt lists titles only, as the paper does
    assertThat(HistoryUserPrompt.beauty().prompt(h)).isEqualTo(
        "The user has visited following fashions: \nInk,  \nplease conclude the user's perference.");
    assertThat(PromptSet.forDomain("beauty", null, "{text}/{title}").user().prompt(h)).isEqualTo(
        "The user has visited following fashions: \nPen/unknown, unknown/Ink,  \nplease conclude the user's perference.");
    assertThatThrownBy(() -> PromptSet.forDomain(null, null, "{oops")).hasMessageContaining("user template");
  }

  @Test
  void paperTemplateDefinitionsAreUnchangedSoBeautyFingerprintsHold() {
    assertThat(HistoryUserPrompt.beauty().definition()).isEqualTo("llmesr-paper/beauty-user v1: noun=fashions;"
        + " fields=title; each + ', '; keep last 8000; cutText=true; closing=please conclude the user's perference.");
  }

  @Test
  void diversityCountsAndProblems() {
    List<String> items = new ArrayList<>();
    items.add(null);
    items.add("a");
    items.add("a");
    items.add(PromptSet.fallbackItemPrompt("x"));
    items.add("b");
    List<String> users = List.of("u", "u", "u", "v");
    PromptDiversity d = PromptDiversity.of(items, users, "u");
    assertThat(d.items()).isEqualTo(4);
    assertThat(d.distinctItemPrompts()).isEqualTo(3);
    assertThat(d.fallbackItemPrompts()).isEqualTo(1);
    assertThat(d.distinctUserPrompts()).isEqualTo(2);
    assertThat(d.emptyUserPrompts()).isEqualTo(3);
    assertThat(d.commonestUserCount()).isEqualTo(3);
    assertThat(d.problems()).isEmpty(); // 3/4 items and 2/4 users distinct: at the 0.5 floor, accepted
    PromptDiversity collapsed = PromptDiversity.of(items, List.of("u", "u", "u", "u", "v"), null);
    assertThat(collapsed.problems()).singleElement().asString().contains("only 2 distinct user prompts for 5 users");
  }
}
