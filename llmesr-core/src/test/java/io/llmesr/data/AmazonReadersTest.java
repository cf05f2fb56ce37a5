package io.llmesr.data;

import static io.llmesr.data.Fixtures.inter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmazonReadersTest {
  @TempDir Path dir;

  static final String REVIEWS_2014 = """
      {"reviewerID": "A2SUAM1J3GNN3B", "asin": "0000013714", "reviewerName": "J. McDonald", "helpful": [2, 3], "reviewText": "I bought this for my husband {who} plays \\"piano\\".", "overall": 5.0, "summary": "Heavenly Highway Hymns", "unixReviewTime": 1252800000, "reviewTime": "09 13, 2009"}
      {"reviewerID": "A14VAT5EAX3D9S", "asin": "0000013714", "reviewerName": "Jake", "helpful": [13, 14], "reviewText": "The portfolio is fine except...", "overall": 4.0, "summary": "Good", "unixReviewTime": 1203984000, "reviewTime": "02 26, 2008"}
      {"reviewerID": "A2SUAM1J3GNN3B", "asin": "B00ABC1234", "helpful": [0, 0], "reviewText": "Caf\\u00e9 é", "overall": 1.0, "summary": "x", "unixReviewTime": 1252800000, "reviewTime": "09 13, 2009"}
      """;
  static final String META_2014 = """
      {'asin': '0000013714', 'title': "L'Oreal Paris \\"Lip\\" Balm", 'price': 3.17, 'imUrl': 'http://ecx.images-amazon.com/images/I/51fAmVkTbyL._SY300_.jpg', 'related': {'also_bought': ['B00JHONN1S']}, 'salesRank': {'Beauty': 211836}, 'brand': 'Coxlists', 'categories': [['Beauty', 'Makeup', 'Lips'], ['Gift Cards']], 'description': u'Soft\\nand caf\\xe9 \\u2122'}
      {'asin': 'B00ABC1234', 'categories': [[]], 'title': ''}
      {'asin': 'B00NOTREVIEWED', 'title': 'Only in meta \\xe2\\x84\\xa2', 'price': 12.0}
      """;

  @Test
  void amazon2014ReviewsAndPythonMeta() throws Exception {
    Fixtures.gzip(dir.resolve("reviews_Beauty_5.json.gz"), REVIEWS_2014);
    Fixtures.gzip(dir.resolve("meta_Beauty.json.gz"), META_2014);
    Fixtures.write(dir.resolve("README.txt"), "not data");
    RawData raw = SourceFormats.open("amazon2014", dir, ReaderOptions.defaults());
    assertThat(raw.domain()).isEqualTo("beauty");
    assertThat(raw.files()).containsExactly(dir.resolve("reviews_Beauty_5.json.gz"), dir.resolve("meta_Beauty.json.gz"));
    assertThat(Fixtures.interactions(raw)).containsExactly(
        inter("A2SUAM1J3GNN3B", "0000013714", 1252800000L, 5.0),
        inter("A14VAT5EAX3D9S", "0000013714", 1203984000L, 4.0),
        inter("A2SUAM1J3GNN3B", "B00ABC1234", 1252800000L, 1.0));
    List<ItemRecord> items = Fixtures.items(raw);
    assertThat(items).hasSize(3);
    assertThat(items.get(0).item()).isEqualTo("0000013714");
    assertThat(items.get(0).fields()).containsExactly(
        Map.entry("title", "L'Oreal Paris \"Lip\" Balm"), Map.entry("brand", "Coxlists"), Map.entry("price", "3.17"),
        Map.entry("categories", "Beauty; Makeup; Lips"), Map.entry("description", "Soft\nand café ™"),
        Map.entry("sales_rank", "211836"), Map.entry("sales_rank_category", "Beauty"));
    assertThat(items.get(1).fields()).isEmpty();
    assertThat(items.get(2).fields()).containsExactly(Map.entry("title", "Only in meta ™"), Map.entry("price", "12.0"));
    assertThat(raw.stats().items().itemsWithoutText()).isEqualTo(1);
  }

  @Test
  void amazon2014FileInputFindsMetaAndPlainTextNamedGzIsRead() throws Exception {
    // plain text despite the .gz name: compression is detected from content, not name
    Path reviews = Fixtures.write(dir.resolve("reviews_Toys_and_Games.json.gz"), REVIEWS_2014);
    RawData raw = SourceFormats.open("amazon2014", reviews, ReaderOptions.defaults());
    assertThat(raw.domain()).isNull();
    assertThat(raw.files()).containsExactly(reviews);
    assertThat(Fixtures.interactions(raw)).hasSize(3);
    assertThat(Fixtures.items(raw)).isEmpty();
  }

  @Test
  void amazonDirectoryAmbiguityAndCategoryChoice() throws Exception {
    Fixtures.gzip(dir.resolve("reviews_Beauty.json.gz"), REVIEWS_2014);
    Fixtures.gzip(dir.resolve("reviews_Beauty_5.json.gz"), REVIEWS_2014.lines().findFirst().orElseThrow());
    assertThatThrownBy(() -> SourceFormats.open("amazon2014", dir, ReaderOptions.defaults()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("ambiguous").hasMessageContaining("reviews_Beauty.json.gz, reviews_Beauty_5.json.gz");
    RawData five = SourceFormats.open("amazon2014", dir, ReaderOptions.defaults().withCategory("Beauty_5"));
    assertThat(Fixtures.interactions(five)).hasSize(1);
    RawData full = SourceFormats.open("amazon2014", dir, ReaderOptions.defaults().withCategory("Beauty"));
    assertThat(Fixtures.interactions(full)).hasSize(3);
    assertThatThrownBy(() -> SourceFormats.open("amazon2014", dir, ReaderOptions.defaults().withCategory("Toys")))
        .hasMessageContaining("for category 'Toys'");
    assertThatThrownBy(() -> SourceFormats.open("amazon2018", dir.resolve("meta_X.json"), ReaderOptions.defaults()))
        .hasMessageContaining("not found");
  }

  static final String REVIEWS_2018 = """
      {"overall": 5.0, "verified": true, "reviewTime": "11 8, 2001", "reviewerID": "AH2IFH762VY5U", "asin": "B0000XXXX1", "style": {"Size:": " Large"}, "reviewerName": "ted", "reviewText": "nice", "summary": "ok", "unixReviewTime": 1005177600, "vote": "3"}
      {"overall": 3.0, "verified": false, "reviewTime": "11 9, 2001", "reviewerID": "AOTHERUSER", "asin": "B0000XXXX2", "unixReviewTime": 1005264000, "image": ["https://x/y.jpg"]}
      """;
  static final String META_2018 = """
      {"category": ["Clothing, Shoes & Jewelry", "Women", "Shoes"], "tech1": "", "description": ["Versatile loafer.", "Easy to clean."], "fit": "", "title": "Crocs Women's Kadee Slip-On Loafer", "also_buy": [], "tech2": "", "brand": "Crocs", "feature": ["100% Polyester", "Imported"], "rank": "1,129,373 in Clothing, Shoes & Jewelry (", "also_view": [], "main_cat": "AMAZON FASHION", "similar_item": "", "date": "September 1, 2009", "price": "$24.99", "asin": "B0000XXXX1", "imageURL": [], "imageURLHighRes": []}
      {"category": [], "description": [], "title": "", "brand": "", "feature": [], "rank": [], "main_cat": "", "date": "", "price": "", "asin": "B0000XXXX2"}
      """;

  @Test
  void amazon2018() throws Exception {
    Fixtures.gzip(dir.resolve("AMAZON_FASHION.json.gz"), REVIEWS_2018);
    Fixtures.gzip(dir.resolve("meta_AMAZON_FASHION.json.gz"), META_2018);
    RawData raw = SourceFormats.open("amazon2018", dir, ReaderOptions.defaults());
    assertThat(raw.domain()).isEqualTo("fashion");
    assertThat(Fixtures.interactions(raw)).containsExactly(
        inter("AH2IFH762VY5U", "B0000XXXX1", 1005177600L, 5.0), inter("AOTHERUSER", "B0000XXXX2", 1005264000L, 3.0));
    List<ItemRecord> items = Fixtures.items(raw);
    assertThat(items.get(0).fields()).containsExactly(
        Map.entry("title", "Crocs Women's Kadee Slip-On Loafer"), Map.entry("brand", "Crocs"), Map.entry("price", "$24.99"),
        Map.entry("categories", "Clothing, Shoes & Jewelry; Women; Shoes"), Map.entry("features", "100% Polyester; Imported"),
        Map.entry("description", "Versatile loafer.; Easy to clean."), Map.entry("date", "September 1, 2009"),
        Map.entry("main_category", "AMAZON FASHION"), Map.entry("sales_rank", "1,129,373 in Clothing, Shoes & Jewelry ("));
    assertThat(items.get(1)).isEqualTo(new ItemRecord("B0000XXXX2", Map.of()));
    assertThat(raw.stats().items().itemsWithoutText()).isEqualTo(1);
  }

  static final String REVIEWS_2023 = """
      {"rating": 5.0, "title": "Lovely scent", "text": "Smells good", "images": [], "asin": "B00YQ6X8EO", "parent_asin": "B00YQ6X8EO", "user_id": "AGKHLEW2SOWHNMFQIJGBECAF7INQ", "timestamp": 1588687728923, "helpful_vote": 0, "verified_purchase": true}
      {"rating": 2.0, "title": "Meh", "text": "", "images": [], "asin": "B081TJ8YS3", "parent_asin": "B01CUPMQZE", "user_id": "AGKHLEW2SOWHNMFQIJGBECAF7INQ", "timestamp": 1588615855070, "helpful_vote": 1, "verified_purchase": true}
      """;
  static final String META_2023 = """
      {"main_category": "All Beauty", "title": "Howard LC0008 Leather Conditioner, 8-Ounce (4-Pack)", "average_rating": 4.8, "rating_number": 10, "features": ["Conditions leather"], "description": [], "price": null, "images": [], "videos": [], "store": "Howard Products", "categories": [], "details": {"UPC": "617390882781"}, "parent_asin": "B01CUPMQZE", "bought_together": null}
      {"main_category": "All Beauty", "title": "Scent", "average_rating": 4.0, "rating_number": 3, "features": [], "description": ["Line one", "Line two"], "price": 12.5, "store": null, "categories": ["Beauty & Personal Care", "Fragrance"], "parent_asin": "B00YQ6X8EO"}
      {"title": "priced None", "price": "None", "parent_asin": "B0NONE"}
      """;

  @Test
  void amazon2023UsesParentAsinAndMillisecondsToSeconds() throws Exception {
    Fixtures.gzip(dir.resolve("All_Beauty.jsonl.gz"), REVIEWS_2023);
    Fixtures.write(dir.resolve("meta_All_Beauty.jsonl"), META_2023);
    RawData raw = SourceFormats.open("amazon2023", dir, ReaderOptions.defaults());
    assertThat(raw.domain()).isEqualTo("beauty");
    assertThat(Fixtures.interactions(raw)).containsExactly(
        inter("AGKHLEW2SOWHNMFQIJGBECAF7INQ", "B00YQ6X8EO", 1588687728L, 5.0),
        inter("AGKHLEW2SOWHNMFQIJGBECAF7INQ", "B01CUPMQZE", 1588615855L, 2.0));
    List<ItemRecord> items = Fixtures.items(raw);
    assertThat(items.get(0).fields()).containsExactly(
        Map.entry("title", "Howard LC0008 Leather Conditioner, 8-Ounce (4-Pack)"), Map.entry("brand", "Howard Products"),
        Map.entry("features", "Conditions leather"), Map.entry("main_category", "All Beauty"),
        Map.entry("average_rating", "4.8"), Map.entry("rating_number", "10"));
    assertThat(items.get(1).fields()).containsExactly(
        Map.entry("title", "Scent"), Map.entry("price", "12.5"), Map.entry("categories", "Beauty & Personal Care; Fragrance"),
        Map.entry("description", "Line one; Line two"), Map.entry("main_category", "All Beauty"),
        Map.entry("average_rating", "4.0"), Map.entry("rating_number", "3"));
    assertThat(items.get(2).fields()).containsExactly(Map.entry("title", "priced None"));
  }

  // ---- bad input ----

  private RawData open2018(String reviews) throws Exception {
    Path f = Fixtures.gzip(dir.resolve("Books.json.gz"), reviews);
    return SourceFormats.open("amazon2018", f, ReaderOptions.defaults());
  }

  @Test
  void badJsonNamesFileAndLine() throws Exception {
    RawData raw = open2018("""
        {"reviewerID": "u", "asin": "i", "unixReviewTime": 1}
        {"reviewerID": "u", "asin": "j", "unixReviewTime": 2
        """);
    assertThatThrownBy(() -> Fixtures.interactions(raw)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("Books.json.gz:2: invalid JSON");
  }

  @Test
  void missingRequiredFieldAndEmptyId() throws Exception {
    RawData raw = open2018("""
        {"reviewerID": "u", "asin": "i", "unixReviewTime": 1}
        {"reviewerID": "u", "unixReviewTime": 2}
        """);
    assertThatThrownBy(() -> Fixtures.interactions(raw)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("Books.json.gz:2: field 'asin': missing");
    RawData raw2 = open2018("{\"reviewerID\": \"\", \"asin\": \"i\", \"unixReviewTime\": 1}\n");
    assertThatThrownBy(() -> Fixtures.interactions(raw2)).hasMessageContaining("Books.json.gz:1: field 'reviewerID': missing or empty");
    RawData raw3 = open2018("{\"reviewerID\": \"u\", \"asin\": \"i\"}\n");
    assertThatThrownBy(() -> Fixtures.interactions(raw3)).hasMessageContaining("Books.json.gz:1: field 'unixReviewTime': missing");
  }

  @Test
  void unparsableNumbers() throws Exception {
    RawData raw = open2018("{\"reviewerID\": \"u\", \"asin\": \"i\", \"unixReviewTime\": \"09 13, 2009\"}\n");
    assertThatThrownBy(() -> Fixtures.interactions(raw)).hasMessageContaining("Books.json.gz:1: field 'unixReviewTime': not a number: '09 13, 2009'");
    RawData raw2 = open2018("{\"reviewerID\": \"u\", \"asin\": \"i\", \"unixReviewTime\": 5}\n{\"reviewerID\": \"u\", \"asin\": \"i\", \"overall\": \"five\", \"unixReviewTime\": 5}\n");
    assertThatThrownBy(() -> Fixtures.interactions(raw2)).hasMessageContaining("Books.json.gz:2: field 'overall': not a number: 'five'");
    RawData raw3 = open2018("{\"reviewerID\": [\"u\"], \"asin\": \"i\", \"unixReviewTime\": 5}\n");
    assertThatThrownBy(() -> Fixtures.interactions(raw3)).hasMessageContaining("Books.json.gz:1: field 'reviewerID': expected a string or number, found an array");
  }

  @Test
  void badPythonMetaLine() throws Exception {
    Fixtures.gzip(dir.resolve("reviews_Beauty.json.gz"), REVIEWS_2014);
    Fixtures.gzip(dir.resolve("meta_Beauty.json.gz"), "{'asin': 'a', 'title': 'ok'}\n{'asin': 'b', 'title': 'broken}\n{'title': 'no id'}\n");
    RawData raw = SourceFormats.open("amazon2014", dir, ReaderOptions.defaults());
    assertThatThrownBy(() -> Fixtures.items(raw)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("meta_Beauty.json.gz:2: not a Python dict literal: unterminated string at column 24");
    RawData lenient = SourceFormats.open("amazon2014", dir, ReaderOptions.defaults().withLenient(true));
    assertThat(Fixtures.items(lenient)).containsExactly(new ItemRecord("a", Map.of("title", "ok")));
    assertThat(lenient.stats().items().skipped()).containsExactly(
        Map.entry("asin: missing", 1L), Map.entry("bad python literal", 1L));
  }

  @Test
  void invalidUtf8NamesTheLine() throws Exception {
    byte[] good = "{\"reviewerID\": \"u\", \"asin\": \"i\", \"unixReviewTime\": 1}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = "{\"reviewerID\": \"Caf\u00e9\", \"asin\": \"i\", \"unixReviewTime\": 1}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    all.write(good);
    all.write(good);
    all.write(bad);
    all.write(good);
    Path f = Fixtures.gzip(dir.resolve("Books.json.gz"), all.toByteArray());
    RawData raw = SourceFormats.open("amazon2018", f, ReaderOptions.defaults());
    assertThatThrownBy(() -> Fixtures.interactions(raw)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("Books.json.gz:3: invalid UTF-8 byte sequence at byte 20 of the line");
    RawData lenient = SourceFormats.open("amazon2018", f, ReaderOptions.defaults().withLenient(true));
    assertThat(Fixtures.interactions(lenient)).hasSize(3);
    assertThat(lenient.stats().interactions().skipped()).containsExactly(Map.entry("invalid encoding", 1L));
  }

  @Test
  void truncatedGzipNamesFileAndLineReached() throws Exception {
    StringBuilder sb = new StringBuilder();
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 3000; i++) {
      sb.append("{\"reviewerID\": \"U").append(rnd.nextLong()).append("\", \"asin\": \"I").append(rnd.nextInt())
          .append("\", \"unixReviewTime\": ").append(1_000_000_000L + rnd.nextInt(1_000_000)).append("}\n");
    }
    Path whole = Fixtures.gzip(dir.resolve("whole.json.gz"), sb.toString());
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Fixtures.writeBytes(dir.resolve("Books.json.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    RawData raw = SourceFormats.open("amazon2018", cut, ReaderOptions.defaults().withLenient(true));
    assertThatThrownBy(() -> Fixtures.interactions(raw)).isInstanceOf(DataFormatException.class)
        .hasMessageMatching("(?s).*Books\\.json\\.gz:(\\d{3,4}): truncated or corrupt gzip stream while reading line \\1.*");
  }

  @Test
  void emptyFiles() throws Exception {
    Path empty = Fixtures.write(dir.resolve("Books.json"), "");
    assertThatThrownBy(() -> SourceFormats.open("amazon2018", empty, ReaderOptions.defaults()).interactions().forEach(i -> { }))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("Books.json: empty file");
    Path emptyGz = Fixtures.gzip(dir.resolve("Toys.json.gz"), "\n\n");
    assertThatThrownBy(() -> SourceFormats.open("amazon2018", emptyGz, ReaderOptions.defaults()).interactions().forEach(i -> { }))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("Toys.json.gz: empty file: no non-blank lines");
  }

  @Test
  void lenientSkipsBadLinesButFailsWhenNothingIsLeft() throws Exception {
    Path f = Fixtures.gzip(dir.resolve("Books.json.gz"), """
        {"reviewerID": "u", "asin": "i", "unixReviewTime": 1}
        not json
        {"reviewerID": "u", "asin": "", "unixReviewTime": 2}
        {"reviewerID": "u", "asin": "k", "unixReviewTime": 3}
        """);
    RawData raw = SourceFormats.open("amazon2018", f, ReaderOptions.defaults().withLenient(true));
    assertThat(Fixtures.interactions(raw)).containsExactly(inter("u", "i", 1), inter("u", "k", 3));
    assertThat(raw.stats().interactions().skipped()).containsExactly(Map.entry("asin: missing", 1L), Map.entry("bad json", 1L));
    assertThat(raw.stats().interactions().examples()).anySatisfy(m -> assertThat(m).contains("Books.json.gz:2:"));

    Path g = Fixtures.gzip(dir.resolve("Toys.json.gz"), "garbage\nmore garbage\n");
    RawData none = SourceFormats.open("amazon2018", g, ReaderOptions.defaults().withLenient(true));
    assertThatThrownBy(() -> Fixtures.interactions(none)).hasMessageContaining("Toys.json.gz: no interactions found (2 lines skipped");
  }
}
