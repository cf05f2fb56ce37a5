package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.DataFormatException;
import io.llmesr.prepare.Dataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvAndImportTest {
  @TempDir Path dir;

  Path npy(String name, int rows, int cols, float[] data) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(p)) {
      Npy.writeF4(out, rows, cols, data);
    }
    return p;
  }

  static float[] rows(int n, int d, float base) {
    float[] a = new float[n * d];
    for (int i = 0; i < a.length; i++) a[i] = base + i;
    return a;
  }

  @Test
  void csvWithHeaderAndErrorsNamingLineAndColumn() throws IOException {
    Path ok = dir.resolve("e.csv");
    Files.writeString(ok, "id,v1,v2\nA,1,2\nB,3.5,-4\n");
    CsvEmbeddings.IdVectors v = CsvEmbeddings.read(ok);
    assertThat(v.ids()).containsExactly("A", "B");
    assertThat(v.dim()).isEqualTo(2);
    assertThat(v.data()).containsExactly(1, 2, 3.5f, -4);

    Path ragged = dir.resolve("r.csv");
    Files.writeString(ragged, "A,1,2\nB,3\n");
    assertThatThrownBy(() -> CsvEmbeddings.read(ragged)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("r.csv:2").hasMessageContaining("has 1 values, earlier rows have 2");
    Path nan = dir.resolve("n.csv");
    Files.writeString(nan, "A,1,2\nB,3,NaN\n");
    assertThatThrownBy(() -> CsvEmbeddings.read(nan)).hasMessageContaining("n.csv:2: field 'column 3'").hasMessageContaining("not finite");
    Path word = dir.resolve("w.csv");
    Files.writeString(word, "A,1,2\nB,3,x\n");
    assertThatThrownBy(() -> CsvEmbeddings.read(word)).hasMessageContaining("'x' is not a number");
    Path dup = dir.resolve("d.tsv");
    Files.writeString(dup, "A\t1\t2\nA\t3\t4\n");
    assertThatThrownBy(() -> CsvEmbeddings.read(dup)).hasMessageContaining("d.tsv:2").hasMessageContaining("appears twice");
  }

  @Test
  void npyInIndexOrderIsThePaperLayout() throws IOException {
    Dataset ds = TestData.dataset(4, 3);
    // the paper's itm_emb_np.pkl: row r = item id r+1
    Path items = npy("itm.npy", 4, 2, rows(4, 2, 1));
    Path users = npy("usr.npy", 3, 2, rows(3, 2, 100));
    EmbedResult r = EmbeddingImport.run(ds, dir, new EmbeddingImport.Source(items, null), new EmbeddingImport.Source(users, null), false);
    assertThat(r.items()).isEqualTo(4);
    assertThat(r.users()).isEqualTo(3);
    EmbeddingTable t = EmbeddingTables.items(dir);
    assertThat(t.rows()).isEqualTo(5);
    assertThat(t.row(0)).containsExactly(0, 0);
    assertThat(t.row(1)).containsExactly(1, 2);
    assertThat(t.row(4)).containsExactly(7, 8);
    assertThat(t.manifest().encoder().name()).isEqualTo("import");
    assertThat(EmbeddingTables.users(dir).row(2)).containsExactly(104, 105);

    Path wrong = npy("wrong.npy", 5, 2, rows(5, 2, 1));
    assertThatThrownBy(() -> EmbeddingImport.importTable(ds, new EmbeddingImport.Source(wrong, null), true, false))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("has 5 rows but the dataset has 4 items");
  }

  @Test
  void npyWithMapFileAndCsvIdsAreMappedById() throws IOException {
    Dataset ds = TestData.dataset(3, 2); // item raw ids I1, I2, I3
    Path m = npy("m.npy", 4, 2, rows(4, 2, 10));
    Path map = dir.resolve("map.txt");
    Files.writeString(map, "I3\nEXTRA\nI1\nI2\n");
    EmbeddingTable t = EmbeddingImport.importTable(ds, new EmbeddingImport.Source(m, map), true, false);
    assertThat(t.row(3)).containsExactly(10, 11);
    assertThat(t.row(1)).containsExactly(14, 15);
    assertThat(t.row(2)).containsExactly(16, 17);
    assertThat(t.manifest().details()).containsEntry("ignoredRows", 1);

    Path csv = dir.resolve("u.csv");
    Files.writeString(csv, "user,a,b\nU1,1,1\nU0,2,0\n");
    EmbeddingTable u = EmbeddingImport.importTable(ds, new EmbeddingImport.Source(csv, null), false, true);
    assertThat(u.row(0)).containsExactly(1, 0);
    assertThat(u.manifest().normalisation()).isEqualTo("l2");

    Path missing = dir.resolve("miss.csv");
    Files.writeString(missing, "U1,1,1\n");
    assertThatThrownBy(() -> EmbeddingImport.importTable(ds, new EmbeddingImport.Source(missing, null), false, false))
        .hasMessageContaining("1 of the dataset's 2 users have no row, e.g. 'U0'");
    Files.writeString(map, "I3\nI1\nI1\nI2\n");
    assertThatThrownBy(() -> EmbeddingImport.importTable(ds, new EmbeddingImport.Source(m, map), true, false))
        .hasMessageContaining("map.txt:3").hasMessageContaining("'I1' appears twice");
    Files.writeString(map, "I3\nI1\n");
    assertThatThrownBy(() -> EmbeddingImport.importTable(ds, new EmbeddingImport.Source(m, map), true, false))
        .hasMessageContaining("has 2 ids but m.npy has 4 rows");
  }

  @Test
  void nonFiniteOrZeroImportedVectorsAreRejected() throws IOException {
    Dataset ds = TestData.dataset(2, 1);
    Path z = npy("z.npy", 2, 2, new float[] {1, 2, 0, 0});
    assertThatThrownBy(() -> EmbeddingImport.importTable(ds, new EmbeddingImport.Source(z, null), true, false))
        .hasMessageContaining("item 2 (raw id 'I2'): vector is all zeros");
    Path n = npy("n.npy", 2, 2, new float[] {1, Float.POSITIVE_INFINITY, 1, 1});
    assertThatThrownBy(() -> EmbeddingImport.importTable(ds, new EmbeddingImport.Source(n, null), true, false))
        .hasMessageContaining("item 1 (raw id 'I1'): vector component 1 is +Inf");
    Path pkl = dir.resolve("itm_emb_np.pkl");
    Files.writeString(pkl, "x");
    assertThatThrownBy(() -> EmbeddingImport.importTable(ds, new EmbeddingImport.Source(pkl, null), true, false))
        .hasMessageContaining("np.save");
  }
}
