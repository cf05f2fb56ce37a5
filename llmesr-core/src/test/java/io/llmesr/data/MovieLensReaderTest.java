package io.llmesr.data;

import static io.llmesr.data.Fixtures.inter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensReaderTest {
  @TempDir Path dir;

  private static final String GENRES = "unknown|0\nAction|1\nComedy|2\n\n";

  @Test
  void ml100kWithLatin1TitlesAndGenreFlags() throws Exception {
    Fixtures.write(dir.resolve("u.data"), "196\t242\t3\t881250949\n186\t302\t3.5\t891717742\n");
    Fixtures.write(dir.resolve("u.item"),
        "242|Misérables, Les (1995)|01-Jan-1995||http://us.imdb.com/x|0|1|1\n302|Blank (1997)|||http://u|0|0|0\n",
        StandardCharsets.ISO_8859_1);
    Fixtures.write(dir.resolve("u.genre"), GENRES);
    RawData raw = SourceFormats.open("movielens", dir, ReaderOptions.defaults());
    assertThat(raw.domain()).isNull();
    assertThat(raw.files()).containsExactly(dir.resolve("u.data"), dir.resolve("u.item"), dir.resolve("u.genre"));
    assertThat(Fixtures.interactions(raw)).containsExactly(inter("196", "242", 881250949L, 3.0), inter("186", "302", 891717742L, 3.5));
    List<ItemRecord> items = Fixtures.items(raw);
    assertThat(items.get(0).fields()).containsExactly(Map.entry("title", "Misérables, Les (1995)"),
        Map.entry("release_date", "01-Jan-1995"), Map.entry("imdb_url", "http://us.imdb.com/x"), Map.entry("genres", "Action; Comedy"));
    assertThat(items.get(1).fields()).containsExactly(Map.entry("title", "Blank (1997)"), Map.entry("imdb_url", "http://u"));
  }

  @Test
  void ml100kBadGenreFlagAndColumnCount() throws Exception {
    Fixtures.write(dir.resolve("u.data"), "1\t2\t3\t4\n");
    Fixtures.write(dir.resolve("u.item"), "2|T|d||u|0|1|x\n3|T|d||u|0|1\n");
    Fixtures.write(dir.resolve("u.genre"), GENRES);
    RawData raw = SourceFormats.open("movielens", dir.resolve("u.data"), ReaderOptions.defaults());
    assertThatThrownBy(() -> Fixtures.items(raw)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("u.item:1: field 'Comedy': genre flag must be 0 or 1, found 'x'");
    RawData lenient = SourceFormats.open("movielens", dir, ReaderOptions.defaults().withLenient(true));
    assertThat(Fixtures.items(lenient)).isEmpty();
    assertThat(lenient.stats().items().skipped()).containsExactly(
        Map.entry("Comedy: not a flag", 1L), Map.entry("wrong column count", 1L));
    Fixtures.write(dir.resolve("u.data"), "1\t2\t3\n");
    assertThatThrownBy(() -> Fixtures.interactions(SourceFormats.open("movielens", dir, ReaderOptions.defaults())))
        .hasMessageContaining("u.data:1: expected 4 '\\t'-separated fields, found 3");
  }

  @Test
  void ml1mDoubleColonLatin1() throws Exception {
    Fixtures.write(dir.resolve("ratings.dat"), "1::1193::5::978300760\n1::661::3::978302109\n");
    Fixtures.write(dir.resolve("movies.dat"),
        "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::Café au Lait (1993)::Animation|Children's|Musical\n",
        StandardCharsets.ISO_8859_1);
    RawData raw = SourceFormats.open("movielens", dir, ReaderOptions.defaults());
    assertThat(Fixtures.interactions(raw)).containsExactly(inter("1", "1193", 978300760L, 5.0), inter("1", "661", 978302109L, 3.0));
    assertThat(Fixtures.items(raw)).containsExactly(
        new ItemRecord("1193", Map.of("title", "One Flew Over the Cuckoo's Nest (1975)", "genres", "Drama")),
        new ItemRecord("661", Map.of("title", "Café au Lait (1993)", "genres", "Animation; Children's; Musical")));
  }

  @Test
  void mlCsvReleasesWithQuotedTitles() throws Exception {
    Fixtures.gzip(dir.resolve("ratings.csv.gz"), "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n");
    Fixtures.write(dir.resolve("movies.csv"), "movieId,title,genres\n"
        + "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n"
        + "3,\"American President, The (1995)\",Comedy|Drama|Romance\n"
        + "4,\"Quote \"\"Inside\"\" (2001)\",(no genres listed)\n");
    RawData raw = SourceFormats.open("movielens", dir, ReaderOptions.defaults());
    assertThat(Fixtures.interactions(raw)).containsExactly(inter("1", "1", 964982703L, 4.0), inter("1", "3", 964981247L, 4.5));
    assertThat(Fixtures.items(raw)).containsExactly(
        new ItemRecord("1", Map.of("title", "Toy Story (1995)", "genres", "Adventure; Animation; Children; Comedy; Fantasy")),
        new ItemRecord("3", Map.of("title", "American President, The (1995)", "genres", "Comedy; Drama; Romance")),
        new ItemRecord("4", Map.of("title", "Quote \"Inside\" (2001)")));
  }

  @Test
  void mlCsvBadHeaderAndAmbiguousDirectory() throws Exception {
    Fixtures.write(dir.resolve("ratings.csv"), "user,movie,rating,ts\n1,1,4.0,964982703\n");
    assertThatThrownBy(() -> Fixtures.interactions(SourceFormats.open("movielens", dir, ReaderOptions.defaults())))
        .hasMessageContaining("ratings.csv:1: expected the header 'userId,movieId,rating,timestamp'");
    Fixtures.write(dir.resolve("u.data"), "1\t2\t3\t4\n");
    assertThatThrownBy(() -> SourceFormats.open("movielens", dir, ReaderOptions.defaults()))
        .hasMessageContaining("ambiguous").hasMessageContaining("ratings.csv, u.data");
  }

  @Test
  void realMovieLens100k() throws Exception {
    Path ml = io.llmesr.testing.SharedData.dir("movielens-100k");
    RawData raw = SourceFormats.open("movielens", ml, ReaderOptions.defaults());
    long[] n = {0};
    Set<String> users = new HashSet<>();
    raw.interactions().forEach(i -> {
      n[0]++;
      users.add(i.user());
    });
    assertThat(n[0]).isEqualTo(100_000);
    assertThat(users).hasSize(943);
    List<ItemRecord> items = Fixtures.items(raw);
    assertThat(items).hasSize(1682);
    assertThat(items.get(0).item()).isEqualTo("1");
    assertThat(items.get(0).get("title")).isEqualTo("Toy Story (1995)");
    assertThat(items.get(0).get("genres")).isEqualTo("Animation; Children's; Comedy");
    assertThat(items.get(542).get("title")).isEqualTo("Misérables, Les (1995)");
    assertThat(items.get(1632).get("title")).isEqualTo("Á köldum klaka (Cold Fever) (1994)");
  }
}
