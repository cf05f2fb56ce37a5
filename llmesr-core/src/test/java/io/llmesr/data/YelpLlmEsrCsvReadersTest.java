package io.llmesr.data;

import static io.llmesr.data.Fixtures.inter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YelpLlmEsrCsvReadersTest {
  @TempDir Path dir;

  @Test
  void yelpNewReleaseDatesAndBusinesses() throws Exception {
    Fixtures.write(dir.resolve(YelpReader.REVIEWS), """
        {"review_id":"KU_O5udG6zpxOg-VcAEodg","user_id":"mh_-eMZ6K5RLWhZyISBhwA","business_id":"XQfwVwDr-v0ZS3_CbbE5Xw","stars":3.0,"useful":0,"funny":0,"cool":0,"text":"If you decide to eat here...","date":"2018-07-07 22:09:11"}
        {"review_id":"x","user_id":"OyoGAe7OKpv6SyGZT5g77Q","business_id":"7ATYjTIgM3jUlt4UM3IypQ","stars":5.0,"text":"","date":"1999-12-31 23:59:59"}
        {"review_id":"y","user_id":"OyoGAe7OKpv6SyGZT5g77Q","business_id":"XQfwVwDr-v0ZS3_CbbE5Xw","stars":4,"date":"2012-01-03"}
        """);
    Fixtures.gzip(dir.resolve(YelpReader.BUSINESS + ".gz"), """
        {"business_id":"XQfwVwDr-v0ZS3_CbbE5Xw","name":"Turning Point of North Wales","address":"1460 Bethlehem Pike","city":"North Wales","state":"PA","postal_code":"19454","latitude":40.21,"longitude":-75.22,"stars":3.0,"review_count":169,"is_open":1,"attributes":{"NoiseLevel":"u'average'"},"categories":"Restaurants, Breakfast & Brunch, Food, Juice Bars & Smoothies","hours":{"Monday":"7:30-15:0"}}
        {"business_id":"7ATYjTIgM3jUlt4UM3IypQ","name":"Old Style","city":"Phoenix","stars":4.5,"review_count":3,"open":false,"type":"business","categories":["Doctors","Health & Medical"]}
        {"business_id":"emptyone","name":"","categories":null,"is_open":0}
        """);
    RawData raw = SourceFormats.open("yelp", dir, ReaderOptions.defaults());
    assertThat(raw.domain()).isEqualTo("yelp");
    assertThat(Fixtures.interactions(raw)).containsExactly(
        inter("mh_-eMZ6K5RLWhZyISBhwA", "XQfwVwDr-v0ZS3_CbbE5Xw", 20180707220911L, 3.0),
        inter("OyoGAe7OKpv6SyGZT5g77Q", "7ATYjTIgM3jUlt4UM3IypQ", 19991231235959L, 5.0),
        inter("OyoGAe7OKpv6SyGZT5g77Q", "XQfwVwDr-v0ZS3_CbbE5Xw", 20120103000000L, 4.0));
    List<ItemRecord> items = Fixtures.items(raw);
    assertThat(items.get(0).fields()).containsExactly(Map.entry("name", "Turning Point of North Wales"),
        Map.entry("categories", "Restaurants; Breakfast & Brunch; Food; Juice Bars & Smoothies"),
        Map.entry("city", "North Wales"), Map.entry("state", "PA"), Map.entry("stars", "3.0"),
        Map.entry("review_count", "169"), Map.entry("open", "true"));
    assertThat(items.get(1).fields()).containsExactly(Map.entry("name", "Old Style"),
        Map.entry("categories", "Doctors; Health & Medical"), Map.entry("city", "Phoenix"), Map.entry("stars", "4.5"),
        Map.entry("review_count", "3"), Map.entry("open", "false"), Map.entry("type", "business"));
    assertThat(items.get(2).fields()).containsExactly(Map.entry("open", "false"));
  }

  @Test
  void yelpBadDate() throws Exception {
    Fixtures.write(dir.resolve(YelpReader.REVIEWS),
        "{\"user_id\":\"u\",\"business_id\":\"b\",\"stars\":3.0,\"date\":\"2018-07-07 22:09:11\"}\n"
            + "{\"user_id\":\"u\",\"business_id\":\"b\",\"stars\":3.0,\"date\":\"07/07/2018\"}\n");
    RawData raw = SourceFormats.open("yelp", dir.resolve(YelpReader.REVIEWS), ReaderOptions.defaults());
    assertThat(raw.files()).hasSize(1);
    assertThatThrownBy(() -> Fixtures.interactions(raw)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining(YelpReader.REVIEWS + ":2: field 'date': expected 'YYYY-MM-DD hh:mm:ss', got '07/07/2018'");
  }

  @Test
  void llmesrInterTxtUsesLineNumbers() throws Exception {
    Fixtures.write(dir.resolve("inter.txt"), "1 1\n1 2\n1 3\n2 2\n\n2 4\n");
    RawData raw = SourceFormats.open("llmesr", dir, ReaderOptions.defaults());
    assertThat(Fixtures.interactions(raw)).containsExactly(
        inter("1", "1", 1), inter("1", "2", 2), inter("1", "3", 3), inter("2", "2", 4), inter("2", "4", 6));
    assertThat(Fixtures.items(raw)).isEmpty();
    Fixtures.write(dir.resolve("inter.txt"), "1 1\n1 2 3\n");
    assertThatThrownBy(() -> Fixtures.interactions(SourceFormats.open("llmesr", dir, ReaderOptions.defaults())))
        .hasMessageContaining("inter.txt:2: expected 'user item', found 3 fields");
  }

  @Test
  void csvWithColumnMappingAutoDelimiterAndItemTable() throws Exception {
    Fixtures.write(dir.resolve("events.csv"), """
        when;who;what;stars
        2019-01-02T03:04:05Z;alice;book-1;4.5
        2019-01-02 03:04:06;alice;"book;2";
        1546398000;bob;book-1;1
        """);
    Fixtures.write(dir.resolve("items.tsv"), "id\tTitle\tDescription\tjunk\n"
        + "book-1\tThe \"Book\"\t\"two\nlines\"\tx\n"
        + "book;2\t\t\t\n"
        + "book-3\tLonely\tnever read\ty\n");
    ReaderOptions o = ReaderOptions.defaults().withColumns("who", "what", "when", "stars")
        .withItemTable(dir.resolve("items.tsv"), "id", List.of("Title", "Description"));
    RawData raw = SourceFormats.open("csv", dir, o);
    assertThat(raw.files()).containsExactly(dir.resolve("events.csv"), dir.resolve("items.tsv"));
    assertThat(Fixtures.interactions(raw)).containsExactly(
        inter("alice", "book-1", 1546398245L, 4.5), inter("alice", "book;2", 1546398246L), inter("bob", "book-1", 1546398000L, 1.0));
    List<ItemRecord> items = Fixtures.items(raw);
    assertThat(items).containsExactly(
        new ItemRecord("book-1", Map.of("title", "The \"Book\"", "description", "two\nlines")),
        new ItemRecord("book;2", Map.of()),
        new ItemRecord("book-3", Map.of("title", "Lonely", "description", "never read")));
    assertThat(raw.stats().items().itemsWithoutText()).isEqualTo(1);
    assertThat(raw.stats().items().lines()).isEqualTo(5);
  }

  @Test
  void csvWithoutTimestampUsesRowOrderAndReportsRowErrorsWithPhysicalLines() throws Exception {
    Path f = Fixtures.write(dir.resolve("log.csv"), "user,item,note\nu,a,\"multi\nline note\"\nu,b,x\nv,,y\nv,c\n");
    ReaderOptions o = ReaderOptions.defaults().withColumns("user", "item", null, null);
    RawData strict = SourceFormats.open("csv", f, o);
    assertThatThrownBy(() -> Fixtures.interactions(strict)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("log.csv:5: field 'item': missing");
    RawData lenient = SourceFormats.open("csv", f, o.withLenient(true));
    assertThat(Fixtures.interactions(lenient)).containsExactly(inter("u", "a", 1), inter("u", "b", 2));
    assertThat(lenient.stats().interactions().skipped()).containsExactly(
        Map.entry("item: missing", 1L), Map.entry("wrong column count", 1L));
    assertThat(lenient.stats().interactions().examples()).anySatisfy(m -> assertThat(m).contains("log.csv:6: expected 3 columns, found 2"));
  }

  @Test
  void csvQuotingErrorsAndBadEncodingAreFatalWithLine() throws Exception {
    Path f = Fixtures.write(dir.resolve("q.csv"), "user,item\nu,a\nu,\"b\"x\nu,c\n");
    ReaderOptions o = ReaderOptions.defaults().withColumns("user", "item", null, null).withLenient(true);
    assertThatThrownBy(() -> Fixtures.interactions(SourceFormats.open("csv", f, o))).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("q.csv:3: CSV syntax error");
    byte[] latin = "user,item\nu,a\nu,caf\u00e9\nu,c\n".getBytes(StandardCharsets.ISO_8859_1);
    Path g = Fixtures.writeBytes(dir.resolve("enc.csv"), latin);
    assertThatThrownBy(() -> Fixtures.interactions(SourceFormats.open("csv", g, o))).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("enc.csv:3: invalid UTF-8 byte sequence at byte 6 of the line");
    // the same file read as Latin-1 is fine
    assertThat(Fixtures.interactions(SourceFormats.open("csv", g, o.withCharset(StandardCharsets.ISO_8859_1))))
        .extracting(Interaction::item).containsExactly("a", "café", "c");
  }

  @Test
  void csvConfigurationErrors() throws Exception {
    Path f = Fixtures.write(dir.resolve("x.csv"), "user,item\nu,a\n");
    assertThatThrownBy(() -> SourceFormats.open("csv", f, ReaderOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the user and item column names");
    assertThatThrownBy(() -> SourceFormats.open("csv", f, ReaderOptions.defaults().withColumns("user", "product", null, null)))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("x.csv:1: field 'product': no such column");
    Path one = Fixtures.write(dir.resolve("one.tsv"), "justone\nu\n");
    assertThatThrownBy(() -> SourceFormats.open("csv", one, ReaderOptions.defaults().withColumns("a", "b", null, null)))
        .hasMessageContaining("cannot detect the delimiter");
  }
}
