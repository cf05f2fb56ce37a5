package io.llmesr.data;

import static io.llmesr.data.Fixtures.inter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicReaderTest {
  @TempDir Path dir;

  private static final String INTER = """
      user_id:token\titem_id:token\trating:float\ttimestamp:float
      u1\ti1\t5.0\t100
      u1\ti2\t4\t101.0
      u2\ti1\t3\t99

      u2\ti3\t1\t200
      """;
  private static final String ITEM = """
      item_id:token\ttitle:token_seq\tcategories:token_seq\tbrand:token\tprice:float\tsalesRank:float
      i1\tLip Balm\tBeauty, Lips\tAcme\t3.5\t100.0
      i2\tShampoo\t\t\t\t
      i9\tNot interacted\tBeauty\tZed\t1\t2
      """;

  @Test
  void readsInteractionsAndItemsFromDirectory() throws Exception {
    Fixtures.write(dir.resolve("toy.inter"), INTER);
    Fixtures.write(dir.resolve("toy.item"), ITEM);
    RawData raw = SourceFormats.open("atomic", dir, ReaderOptions.defaults());

    assertThat(raw.format()).isEqualTo("atomic");
    assertThat(raw.domain()).isNull();
    assertThat(raw.files()).containsExactly(dir.resolve("toy.inter"), dir.resolve("toy.item"));
    assertThat(Fixtures.interactions(raw)).containsExactly(
        inter("u1", "i1", 100, 5.0), inter("u1", "i2", 101, 4.0), inter("u2", "i1", 99, 3.0), inter("u2", "i3", 200, 1.0));
    assertThat(raw.stats().interactions().records()).isEqualTo(4);
    assertThat(raw.stats().interactions().blankLines()).isEqualTo(1);
    assertThat(raw.stats().interactions().lines()).isEqualTo(6);

    List<ItemRecord> items = Fixtures.items(raw);
    assertThat(items).extracting(ItemRecord::item).containsExactly("i1", "i2", "i9");
    assertThat(items.get(0).fields()).containsExactly(
        Map.entry("title", "Lip Balm"), Map.entry("categories", "Beauty, Lips"), Map.entry("brand", "Acme"),
        Map.entry("price", "3.5"), Map.entry("sales_rank", "100.0"));
    assertThat(items.get(1).fields()).containsExactly(Map.entry("title", "Shampoo"));
    assertThat(raw.stats().items().itemsWithoutText()).isZero();
  }

  @Test
  void interFileWithoutTimestampUsesRowNumberAndFindsSiblingItemFile() throws Exception {
    Path inter = Fixtures.gzip(dir.resolve("a.inter.gz"), "user_id:token\titem_id:token\nu\tx\nu\ty\nv\tx\n");
    Fixtures.write(dir.resolve("a.item"), "item_id:token\ttitle:token_seq\nx\t\ny\tWhy\n");
    RawData raw = SourceFormats.open("atomic", inter, ReaderOptions.defaults().withDomain("beauty"));
    assertThat(raw.domain()).isEqualTo("beauty");
    assertThat(Fixtures.interactions(raw)).containsExactly(inter("u", "x", 1), inter("u", "y", 2), inter("v", "x", 3));
    assertThat(Fixtures.items(raw)).containsExactly(new ItemRecord("x", Map.of()), new ItemRecord("y", Map.of("title", "Why")));
    assertThat(raw.stats().items().itemsWithoutText()).isEqualTo(1);
  }

  @Test
  void wrongColumnCountNamesFileAndLine() throws Exception {
    Fixtures.write(dir.resolve("t.inter"), "user_id:token\titem_id:token\ttimestamp:float\nu\ti\t1\nu\ti\n");
    RawData raw = SourceFormats.open("atomic", dir, ReaderOptions.defaults());
    assertThatThrownBy(() -> Fixtures.interactions(raw)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("t.inter:3:").hasMessageContaining("expected 3 tab-separated columns, found 2");
  }

  @Test
  void unparsableTimestampAndEmptyIds() throws Exception {
    Path f = Fixtures.write(dir.resolve("t.inter"), "user_id:token\titem_id:token\ttimestamp:float\nu\ti\tabc\n");
    assertThatThrownBy(() -> Fixtures.interactions(SourceFormats.open("atomic", f, ReaderOptions.defaults())))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("t.inter:2: field 'timestamp': not a timestamp: 'abc'");
    Path g = Fixtures.write(dir.resolve("g.inter"), "user_id:token\titem_id:token\ttimestamp:float\nu\ti\t1\nu\t\t2\n");
    assertThatThrownBy(() -> Fixtures.interactions(SourceFormats.open("atomic", g, ReaderOptions.defaults())))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("g.inter:3: field 'item_id': missing");
  }

  @Test
  void lenientSkipsAndCounts() throws Exception {
    Path f = Fixtures.write(dir.resolve("t.inter"),
        "user_id:token\titem_id:token\ttimestamp:float\nu\ti\tabc\nu\tj\t5\n\tk\t6\nu\tk\n");
    RawData raw = SourceFormats.open("atomic", f, ReaderOptions.defaults().withLenient(true));
    assertThat(Fixtures.interactions(raw)).containsExactly(inter("u", "j", 5));
    ReadStats.Pass pass = raw.stats().interactions();
    assertThat(pass.skippedTotal()).isEqualTo(3);
    assertThat(pass.skipped()).containsEntry("timestamp: not a timestamp", 1L).containsEntry("user_id: missing", 1L)
        .containsEntry("wrong column count", 1L);
    assertThat(pass.examples().get(0)).contains("t.inter:2:");
    // a second pass resets the counts rather than adding to them
    Fixtures.interactions(raw);
    assertThat(raw.stats().interactions().skippedTotal()).isEqualTo(3);
  }

  @Test
  void missingColumnAndMissingFilesAndAmbiguity() throws Exception {
    Fixtures.write(dir.resolve("t.inter"), "user:token\titem_id:token\n");
    assertThatThrownBy(() -> SourceFormats.open("atomic", dir, ReaderOptions.defaults()))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("t.inter:1: field 'user_id': no such column");
    Fixtures.write(dir.resolve("u.inter"), "user_id:token\titem_id:token\n");
    assertThatThrownBy(() -> SourceFormats.open("atomic", dir, ReaderOptions.defaults()))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("ambiguous").hasMessageContaining("t.inter, u.inter");
    // choosing one by its stem resolves the ambiguity; header-only means no interactions
    RawData u = SourceFormats.open("atomic", dir, ReaderOptions.defaults().withCategory("u"));
    assertThatThrownBy(() -> Fixtures.interactions(u)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("u.inter: no interactions found");
    Path empty = dir.resolve("empty");
    java.nio.file.Files.createDirectories(empty);
    assertThatThrownBy(() -> SourceFormats.open("atomic", empty, ReaderOptions.defaults()))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("no interaction file (*.inter)");
    assertThatThrownBy(() -> SourceFormats.open("nope", empty, ReaderOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("atomic");
  }

  @Test
  void realAmazonBeautyAtomicFiles() throws Exception {
    Path beauty = io.llmesr.testing.SharedData.dir("amazon-beauty");
    RawData raw = SourceFormats.open("atomic", beauty.resolve("atomic"), ReaderOptions.defaults());
    long[] n = {0};
    Set<String> users = new HashSet<>();
    Set<String> items = new HashSet<>();
    raw.interactions().forEach(i -> {
      n[0]++;
      users.add(i.user());
      items.add(i.item());
    });
    assertThat(n[0]).isEqualTo(198_502);
    assertThat(users).hasSize(22_363);
    assertThat(items).hasSize(12_101);
    long[] m = {0};
    ItemRecord[] first = new ItemRecord[1];
    raw.items().forEach(r -> {
      if (m[0]++ == 0) first[0] = r;
    });
    assertThat(m[0]).isEqualTo(12_101);
    assertThat(first[0].item()).isEqualTo("7806397051");
    assertThat(first[0].get("brand")).isEqualTo("COKA");
    assertThat(first[0].get("price")).isEqualTo("5.04");
    assertThat(first[0].get("sales_rank")).isEqualTo("10486.0");
    assertThat(first[0].get("categories")).isEqualTo("Beauty, Makeup, Face, Concealers & Neutralizers");
  }
}
