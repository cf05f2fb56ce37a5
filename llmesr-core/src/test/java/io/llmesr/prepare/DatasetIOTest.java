package io.llmesr.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.DataFormatException;
import io.llmesr.data.Interaction;
import io.llmesr.data.ItemRecord;
import io.llmesr.data.RawData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetIOTest {
  @TempDir Path tmp;

  private static final String[] ROWS = {
      "u1 a 1", "u1 b 2", "u1 c 3", "u1 d 4",
      "u2 a 1", "u2 c 2", "u2 b 3",
      "u3 d 1", "u3 b 2", "u3 a 3", "u3 c 4", "u3 a 5",
      "u\t4 d 1", "u\t4 c 2", "u\t4 b 9"};

  private static PreparedDataset sample() throws IOException {
    List<Interaction> xs = new java.util.ArrayList<>();
    for (String r : ROWS) {
      String[] f = r.split(" ");
      xs.add(new Interaction(f[0], f[1], Long.parseLong(f[2]), Double.NaN));
    }
    List<ItemRecord> items = List.of(
        Fixtures.item("a", "title", "Alpha cream", "brand", "Acme"),
        Fixtures.item("b", "title", "Beta \"soap\"\nline two", "categories", "Beauty; Bath"),
        Fixtures.item("c", "title", "Gamma"),
        Fixtures.item("zzz", "title", "not in the data"));
    RawData raw = Fixtures.raw(xs, items, "beauty");
    return Preparer.prepare(raw, new PrepareOptions("sample", new LlmEsrPaperRecipe(false),
        new SplitSpec.LeaveOneOut(), null, null, Map.of()));
  }

  static void assertSameDataset(Dataset a, Dataset b) {
    assertThat(b.name()).isEqualTo(a.name());
    assertThat(b.userIds()).isEqualTo(a.userIds());
    assertThat(b.itemIds()).isEqualTo(a.itemIds());
    assertThat(b.sequences()).isDeepEqualTo(a.sequences());
    assertThat(b.trainEnd()).isEqualTo(a.trainEnd());
    assertThat(b.validEnd()).isEqualTo(a.validEnd());
    assertThat(b.itemPrompts()).isEqualTo(a.itemPrompts());
    assertThat(b.userPrompts()).isEqualTo(a.userPrompts());
  }

  @Test
  void roundTrip() throws Exception {
    PreparedDataset p = sample();
    Path out = tmp.resolve("ds");
    assertThat(DatasetIO.write(p, out, false)).isEqualTo(DatasetIO.Outcome.CREATED);
    Dataset back = DatasetIO.read(out);
    assertSameDataset(p.dataset(), back);
    assertThat(back.userIds()).contains("u\t4");
    assertThat(DatasetIO.readTimestamps(out, back)).isDeepEqualTo(p.timestamps());
    assertThat(DatasetIO.readRecipeUserIds(out)).isEqualTo(p.recipeUserIds());
    assertThat(DatasetIO.readItemFields(out)).isEqualTo(p.itemFields());
    DatasetManifest m = DatasetIO.readManifest(out);
    assertThat(m).isEqualTo(p.manifest());
    assertThat(m.counts()).containsEntry("users", 4L).containsEntry("items", 4L).containsEntry("interactions", 15L)
        .containsEntry("itemsWithoutText", 1L);
    assertThat(m.preparation()).containsEntry("itemRecordsNotInDataset", 1L);
    assertThat(m.prompts().item().name()).isEqualTo("llmesr-paper/beauty-item");
    assertThat(Files.readAllLines(out.resolve(DatasetIO.SEQUENCES))).startsWith("user\titems", "0\t1 2 3 4");
    assertThat(Files.readAllLines(out.resolve(DatasetIO.ITEM_POPULARITY))).containsExactly("item\tusers\tinteractions", "1\t3\t4", "2\t4\t4", "3\t4\t4", "4\t3\t3");
    assertThat(Files.readString(out.resolve(DatasetIO.MANIFEST))).contains("\"recipe\"", "\"fingerprint\"");
    assertThat(Files.size(out.resolve(DatasetIO.TIMESTAMPS))).isEqualTo(15 * 8);
    // Little-endian: u1's first timestamp 1 is byte 01 followed by seven zero bytes.
    assertThat(Files.readAllBytes(out.resolve(DatasetIO.TIMESTAMPS))).startsWith(1, 0, 0, 0, 0, 0, 0, 0, 2);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void failureMidWriteLeavesNoOutputAndKeepsTheOldDataset() throws Exception {
    PreparedDataset p = sample();
    Path fresh = tmp.resolve("fresh");
    assertThatThrownBy(() -> DatasetIO.write(p, fresh, false, f -> {
      if (f.equals(DatasetIO.SPLITS)) throw new IOException("disk full (simulated)");
    })).hasMessageContaining("simulated");
    assertThat(fresh).doesNotExist();
    assertThat(leftovers()).isEmpty();

    Path out = tmp.resolve("ds");
    DatasetIO.write(p, out, false);
    String before = Files.readString(out.resolve(DatasetIO.MANIFEST));
    PreparedDataset other = Preparer.prepare(Fixtures.raw(Fixtures.rows("x a 1", "x b 2", "x c 3")),
        new PrepareOptions("ds", new KCoreRecipe(1, false), new SplitSpec.LeaveOneOut(), null, null, Map.of()));
    assertThatThrownBy(() -> DatasetIO.write(other, out, false, f -> {
      if (f.equals(DatasetIO.ITEM_PROMPTS)) throw new IllegalStateException("crash (simulated)");
    })).hasMessageContaining("simulated");
    assertThat(Files.readString(out.resolve(DatasetIO.MANIFEST))).isEqualTo(before);
    assertSameDataset(p.dataset(), DatasetIO.read(out));
    assertThat(leftovers()).isEmpty();

    assertThat(DatasetIO.write(other, out, false)).isEqualTo(DatasetIO.Outcome.REPLACED);
    assertThat(DatasetIO.read(out).numUsers()).isEqualTo(1);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void refusesToReplaceForeignDirectories() throws Exception {
    Path out = tmp.resolve("notes");
    Files.createDirectories(out);
    Files.writeString(out.resolve("todo.txt"), "mine");
    assertThatThrownBy(() -> DatasetIO.write(sample(), out, true)).isInstanceOf(DatasetIO.ReplaceRefusedException.class)
        .hasMessageContaining("not a dataset directory");
    assertThat(out.resolve("todo.txt")).hasContent("mine");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThat(DatasetIO.write(sample(), empty, false)).isEqualTo(DatasetIO.Outcome.REPLACED);
  }

  @Test
  void readReportsFileAndLine() throws Exception {
    Path out = tmp.resolve("ds");
    DatasetIO.write(sample(), out, false);
    List<String> lines = Files.readAllLines(out.resolve(DatasetIO.SEQUENCES));
    lines.set(2, "1\t1 x 3");
    Files.write(out.resolve(DatasetIO.SEQUENCES), lines);
    assertThatThrownBy(() -> DatasetIO.read(out)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("sequences.tsv:3").hasMessageContaining("field 'items'").hasMessageContaining("'x'");
    assertThatThrownBy(() -> DatasetIO.read(tmp.resolve("nothing"))).hasMessageContaining("not a dataset directory");
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }
}
