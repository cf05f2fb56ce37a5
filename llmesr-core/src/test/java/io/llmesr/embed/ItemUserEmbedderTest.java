package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.DataFormatException;
import io.llmesr.prepare.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemUserEmbedderTest {
  @TempDir Path dir;

  @Test
  void tablesHavePaddingRowAndOneRowPerItemAndUser() throws IOException {
    Dataset ds = TestData.dataset(20, 9);
    FakeEncoder enc = new FakeEncoder(6);
    EmbedResult r = ItemUserEmbedder.embed(ds, enc, dir, EmbedOptions.defaults().withBatchSize(4));
    assertThat(r.items()).isEqualTo(20);
    assertThat(r.users()).isEqualTo(9);
    assertThat(r.dim()).isEqualTo(6);
    assertThat(r.embedded()).isEqualTo(enc.texts.get());
    assertThat(r.tablesWritten()).isTrue();
    assertThat(r.normalisation()).isEqualTo("none");
    // item 7 and 14 have long prompts: the fake encoder "truncates" above 12 words
    assertThat(r.truncatedItems()).isEqualTo(2);

    EmbeddingTable items = EmbeddingTables.items(dir);
    assertThat(items.rows()).isEqualTo(21);
    assertThat(items.row(0)).containsOnly(0f);
    for (int i = 1; i <= 20; i++) {
      assertThat(items.row(i)).containsExactly(FakeEncoder.vector(ds.itemPrompts().get(i), 6));
    }
    EmbeddingTable users = EmbeddingTables.users(dir);
    assertThat(users.rows()).isEqualTo(9);
    for (int u = 0; u < 9; u++) {
      assertThat(users.row(u)).containsExactly(FakeEncoder.vector(ds.userPrompts().get(u), 6));
    }
    EmbeddingManifest m = items.manifest();
    assertThat(m.kind()).isEqualTo("items");
    assertThat(m.encoder().name()).isEqualTo("fake");
    assertThat(m.truncatedTexts()).isEqualTo(2);
    assertThat(m.sha256()).isEqualTo(Hashing.sha256(EmbeddingLayout.items(dir)));
    assertThat(m.textsSha256()).isEqualTo(Hashing.sha256Texts(ds.itemPrompts().subList(1, 21)));
  }

  @Test
  void duplicateTextsAreEncodedOnce() throws IOException {
    Dataset ds = TestData.dataset(10, 30); // users repeat prompts: user v and v+10 share items
    FakeEncoder enc = new FakeEncoder(4);
    // 10 distinct prompts for 30 users is a collapse by the embed guard's measure: allowed explicitly here
    assertThatThrownBy(() -> ItemUserEmbedder.embed(ds, enc, dir, EmbedOptions.defaults()))
        .hasMessageContaining("only 10 distinct user prompts for 30 users");
    assertThat(enc.texts.get()).isZero();
    EmbedResult r = ItemUserEmbedder.embed(ds, enc, dir, EmbedOptions.defaults().withAllowDuplicatePrompts(true));
    long distinct = new java.util.HashSet<>(ItemUserEmbedder.collectTexts(ds)).size();
    assertThat(distinct).isLessThan(40);
    assertThat(enc.texts.get()).isEqualTo((int) distinct);
    assertThat(r.embedded()).isEqualTo((int) distinct);
  }

  @Test
  void rerunEmbedsNothingAndRewritesNothing() throws IOException {
    Dataset ds = TestData.dataset(15, 6);
    ItemUserEmbedder.embed(ds, new FakeEncoder(5), dir, EmbedOptions.defaults());
    long before = Files.getLastModifiedTime(EmbeddingLayout.items(dir)).toMillis();
    String manifestBefore = Files.readString(EmbeddingTable.manifestPath(EmbeddingLayout.items(dir)));
    FakeEncoder again = new FakeEncoder(5);
    EmbedResult r = ItemUserEmbedder.embed(ds, again, dir, EmbedOptions.defaults());
    assertThat(again.texts.get()).isZero();
    assertThat(r.embedded()).isZero();
    assertThat(r.reused()).isEqualTo(21);
    assertThat(r.tablesWritten()).isFalse();
    assertThat(Files.getLastModifiedTime(EmbeddingLayout.items(dir)).toMillis()).isEqualTo(before);
    assertThat(Files.readString(EmbeddingTable.manifestPath(EmbeddingLayout.items(dir)))).isEqualTo(manifestBefore);
  }

  @Test
  void addingItemsEmbedsOnlyTheNewOnes() throws IOException {
    Dataset ds = TestData.dataset(15, 6);
    ItemUserEmbedder.embed(ds, new FakeEncoder(5), dir, EmbedOptions.defaults());
    FakeEncoder enc = new FakeEncoder(5);
    EmbedResult r = ItemUserEmbedder.embed(TestData.withMoreItems(ds, 3), enc, dir, EmbedOptions.defaults());
    assertThat(enc.texts.get()).isEqualTo(3);
    assertThat(r.embedded()).isEqualTo(3);
    assertThat(EmbeddingTables.items(dir).rows()).isEqualTo(19);
  }

  @Test
  void newEncoderVersionIsANewVectorSpace() throws IOException {
    Dataset ds = TestData.dataset(5, 2);
    ItemUserEmbedder.embed(ds, new FakeEncoder(5), dir, EmbedOptions.defaults());
    FakeEncoder v2 = new FakeEncoder(5);
    v2.version = "v2";
    ItemUserEmbedder.embed(ds, v2, dir, EmbedOptions.defaults());
    assertThat(v2.texts.get()).isEqualTo(7);
    assertThat(EmbeddingTables.items(dir).manifest().encoder().version()).isEqualTo("v2");
  }

  @Test
  void interruptedThenResumedRunGivesByteIdenticalTables() throws IOException {
    Dataset ds = TestData.dataset(40, 25);
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    ItemUserEmbedder.embed(ds, new FakeEncoder(8), a, EmbedOptions.defaults().withBatchSize(7));

    FakeEncoder crashing = new FakeEncoder(8);
    crashing.failAfterBatches = 3;
    assertThatThrownBy(() -> ItemUserEmbedder.embed(ds, crashing, b, EmbedOptions.defaults().withBatchSize(7)))
        .isInstanceOf(EncoderException.class).hasMessageContaining("simulated crash");
    assertThat(EmbeddingLayout.items(b)).doesNotExist();
    FakeEncoder resumed = new FakeEncoder(8);
    EmbedResult r = ItemUserEmbedder.embed(ds, resumed, b, EmbedOptions.defaults().withBatchSize(7));
    assertThat(r.reused()).isEqualTo(21);
    assertThat(resumed.texts.get()).isEqualTo(r.embedded());
    assertThat(Files.readAllBytes(EmbeddingLayout.items(b))).isEqualTo(Files.readAllBytes(EmbeddingLayout.items(a)));
    assertThat(Files.readAllBytes(EmbeddingLayout.users(b))).isEqualTo(Files.readAllBytes(EmbeddingLayout.users(a)));
  }

  @Test
  void tornCacheRecordIsDroppedAndReEncoded() throws IOException {
    Dataset ds = TestData.dataset(12, 4);
    ItemUserEmbedder.embed(ds, new FakeEncoder(8), dir, EmbedOptions.defaults());
    byte[] ref = Files.readAllBytes(EmbeddingLayout.items(dir));
    Path log;
    try (var s = Files.walk(EmbeddingLayout.cache(dir))) {
      log = s.filter(p -> p.getFileName().toString().equals("vectors.log")).findFirst().orElseThrow();
    }
    // simulate a crash in the middle of the last record: cut 10 bytes
    try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 10);
    }
    Files.delete(EmbeddingLayout.items(dir));
    FakeEncoder enc = new FakeEncoder(8);
    ItemUserEmbedder.embed(ds, enc, dir, EmbedOptions.defaults());
    assertThat(enc.texts.get()).isEqualTo(1);
    assertThat(Files.readAllBytes(EmbeddingLayout.items(dir))).isEqualTo(ref);
  }

  @Test
  void invalidVectorsFromTheEncoderAreRejectedAndFinishedBatchesKept() throws IOException {
    Dataset ds = TestData.dataset(10, 3);
    FakeEncoder nan = new FakeEncoder(4);
    nan.nanMarker = "item 9";
    assertThatThrownBy(() -> ItemUserEmbedder.embed(ds, nan, dir, EmbedOptions.defaults().withBatchSize(4)))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("item 9 (raw id 'I9')").hasMessageContaining("NaN");
    FakeEncoder zero = new FakeEncoder(4);
    zero.zeroMarker = "item 9";
    assertThatThrownBy(() -> ItemUserEmbedder.embed(ds, zero, dir, EmbedOptions.defaults().withBatchSize(4)))
        .isInstanceOf(EncoderException.class).hasMessageContaining("all zeros");
    assertThat(zero.texts.get()).isEqualTo(4); // batches 1-2 were cached by the first attempt
    FakeEncoder wrong = new FakeEncoder(4);
    wrong.wrongDim = 5;
    assertThatThrownBy(() -> ItemUserEmbedder.embed(ds, wrong, dir, EmbedOptions.defaults()))
        .isInstanceOf(EncoderException.class).hasMessageContaining("dimension 5, expected 4");
    assertThat(EmbeddingLayout.items(dir)).doesNotExist();
  }

  @Test
  void aFailedRunLeavesThePreviousTablesUntouched() throws IOException {
    Dataset ds = TestData.dataset(10, 4);
    ItemUserEmbedder.embed(ds, new FakeEncoder(4), dir, EmbedOptions.defaults());
    byte[] items = Files.readAllBytes(EmbeddingLayout.items(dir));
    String manifest = Files.readString(EmbeddingTable.manifestPath(EmbeddingLayout.items(dir)));
    FakeEncoder failing = new FakeEncoder(4);
    failing.failAfterBatches = 0;
    assertThatThrownBy(() -> ItemUserEmbedder.embed(TestData.withMoreItems(ds, 2), failing, dir, EmbedOptions.defaults()))
        .isInstanceOf(EncoderException.class);
    assertThat(Files.readAllBytes(EmbeddingLayout.items(dir))).isEqualTo(items);
    assertThat(Files.readString(EmbeddingTable.manifestPath(EmbeddingLayout.items(dir)))).isEqualTo(manifest);
    assertThat(EmbeddingTables.items(dir).rows()).isEqualTo(11);
    try (var files = Files.list(EmbeddingLayout.dir(dir))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
    }
  }

  @Test
  void emptyPromptIsAClearError() {
    Dataset ds = TestData.dataset(5, 2);
    List<String> p = new ArrayList<>(ds.itemPrompts());
    p.set(3, "  ");
    Dataset bad = new Dataset("x", ds.userIds(), ds.itemIds(), ds.sequences(), ds.trainEnd(), ds.validEnd(), p, ds.userPrompts());
    assertThatThrownBy(() -> ItemUserEmbedder.embed(bad, new FakeEncoder(4), dir, EmbedOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 3 (raw id 'I3') has an empty prompt");
    Dataset none = new Dataset("x", ds.userIds(), ds.itemIds(), ds.sequences(), ds.trainEnd(), ds.validEnd(), null, null);
    assertThatThrownBy(() -> ItemUserEmbedder.embed(none, new FakeEncoder(4), dir, EmbedOptions.defaults()))
        .hasMessageContaining("no item prompts");
  }

  @Test
  void l2OptionNormalisesRowsAndSaysSo() throws IOException {
    ItemUserEmbedder.embed(TestData.dataset(6, 3), new FakeEncoder(4), dir, EmbedOptions.defaults().withL2Normalise(true));
    EmbeddingTable t = EmbeddingTables.items(dir);
    assertThat(t.manifest().normalisation()).isEqualTo("l2");
    for (int r = 1; r < t.rows(); r++) assertThat(VectorChecks.norm(t.data(), r * 4, 4)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void manifestAndFileDisagreeingIsDetected() throws IOException {
    ItemUserEmbedder.embed(TestData.dataset(6, 3), new FakeEncoder(4), dir, EmbedOptions.defaults());
    Path items = EmbeddingLayout.items(dir);
    Path mf = EmbeddingTable.manifestPath(items);
    String json = Files.readString(mf);
    Files.writeString(mf, json.replace("\"dim\" : 4", "\"dim\" : 5"));
    assertThatThrownBy(() -> EmbeddingTables.items(dir)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("items.f32").hasMessageContaining("7 rows x 5 dims");
    Files.writeString(mf, json);
    byte[] b = Files.readAllBytes(items);
    b[20] ^= 1;
    Files.write(items, b);
    assertThatThrownBy(() -> EmbeddingTables.items(dir)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("SHA-256");
    Files.write(items, java.util.Arrays.copyOf(b, b.length - 16));
    assertThatThrownBy(() -> EmbeddingTables.items(dir)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("bytes but manifest");
    // a re-run repairs the store
    ItemUserEmbedder.embed(TestData.dataset(6, 3), new FakeEncoder(4), dir, EmbedOptions.defaults());
    assertThat(EmbeddingTables.items(dir).rows()).isEqualTo(7);
  }

  @Test
  void secondWriterIsRefusedWhileTheCacheIsOpen() throws IOException {
    EmbeddingManifest.EncoderInfo info = EmbeddingManifest.EncoderInfo.of(new FakeEncoder(4));
    try (EmbeddingCache c = EmbeddingCache.open(dir, info)) {
      assertThatThrownBy(() -> EmbeddingCache.open(dir, info)).isInstanceOf(IOException.class).hasMessageContaining("locked");
    }
  }
}
