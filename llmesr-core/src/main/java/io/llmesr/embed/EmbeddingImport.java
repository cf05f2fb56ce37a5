package io.llmesr.embed;

import io.llmesr.data.DataFormatException;
import io.llmesr.prepare.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports precomputed embeddings (e.g. the paper's {@code itm_emb_np.pkl} / {@code usr_emb_np.pkl} after
 * {@code numpy.save}, or a CSV from another pipeline) into the same tables {@link ItemUserEmbedder} writes.
 *
 * <p>Row-to-id mapping, per table:
 * <ul>
 *   <li>{@code .csv}/{@code .tsv}: the first column holds the raw item (user) id of each row;</li>
 *   <li>{@code .npy} with a map file: line {@code r} (1-based {@code r+1}) of the map file is the raw id of
 *       row {@code r};</li>
 *   <li>{@code .npy} without a map file ("rows in index order"): items: row {@code r} is item index
 *       {@code r+1} (the paper's layout: row r = item id r+1) and the file must have exactly {@code N} rows;
 *       users: row {@code r} is user index {@code r} and the file must have exactly {@code U} rows.</li>
 * </ul>
 * With ids, every dataset item (user) must be present; extra ids are ignored and counted; an id appearing
 * twice is an error. Every imported vector is checked (finite, not all zero).
 *
 * <p>Note: "index order" is only right when the dataset's indices are the ones the file was made for (the
 * paper recipe assigns ids by first appearance, docs/model.md §2.1); prefer a map file or CSV ids otherwise.
 */
public final class EmbeddingImport {
  private EmbeddingImport() { }

  /**
   * One file to import.
   *
   * @param file    {@code .npy}, {@code .csv} or {@code .tsv}
   * @param mapFile for {@code .npy}: raw id per row, one per line; null = rows in index order
   */
  public record Source(Path file, Path mapFile) {
    public Source {
      if (file == null) throw new IllegalArgumentException("file is required");
    }
  }

  /**
   * Imports items (required) and users (optional: null leaves any existing user table alone) into
   * {@code datasetDir/embeddings/}.
   *
   * @param l2Normalise scale rows to unit length before writing
   */
  public static EmbedResult run(Dataset ds, Path datasetDir, Source items, Source users, boolean l2Normalise)
      throws IOException {
    long t0 = System.nanoTime();
    EmbeddingTable it = importTable(ds, items, true, l2Normalise);
    EmbeddingTable ut = users == null ? null : importTable(ds, users, false, l2Normalise);
    if (ut != null && ut.dim() != it.dim()) {
      throw new DataFormatException(users.file(), 0, null, "has dimension " + ut.dim() + " but the item file "
          + items.file().getFileName() + " has " + it.dim());
    }
    Files.createDirectories(EmbeddingLayout.dir(datasetDir));
    boolean w1 = ItemUserEmbedder.writeIfChanged(it, EmbeddingLayout.items(datasetDir));
    boolean w2 = ut != null && ItemUserEmbedder.writeIfChanged(ut, EmbeddingLayout.users(datasetDir));
    String norm = it.manifest().normalisation();
    if (ut != null && !ut.manifest().normalisation().equals(norm)) norm = EmbeddingManifest.NONE;
    return new EmbedResult(ds.numItems(), ut == null ? 0 : ds.numUsers(), it.dim(), 0, 0, 0, 0, w1 || w2, norm,
        it.manifest().encoder().name() + " (" + it.manifest().encoder().version() + ")", (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Reads {@code src} and lays it out as the item table ({@code N+1} rows, row 0 zeros) or user table.
   */
  public static EmbeddingTable importTable(Dataset ds, Source src, boolean items, boolean l2Normalise)
      throws IOException {
    Path f = src.file();
    String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
    int count = items ? ds.numItems() : ds.numUsers();
    int offset = items ? 1 : 0;
    List<String> datasetIds = items ? ds.itemIds() : ds.userIds();
    String what = items ? "item" : "user";
    int rows;
    int dim;
    float[] in;
    List<String> rowIds;
    int firstLine = 0;
    String mapping;
    if (name.endsWith(".npy")) {
      Npy.Matrix m = Npy.read(f);
      rows = m.rows();
      dim = m.cols();
      in = m.data();
      if (src.mapFile() != null) {
        rowIds = readMap(src.mapFile());
        if (rowIds.size() != rows) {
          throw new DataFormatException(src.mapFile(), 0, null, "has " + rowIds.size() + " ids but " + f.getFileName()
              + " has " + rows + " rows");
        }
        mapping = "map file " + src.mapFile().getFileName();
      } else {
        if (rows != count) {
          throw new DataFormatException(f, 0, null, "has " + rows + " rows but the dataset has " + count + " " + what
              + "s; with rows in index order they must match (row r = " + what + " index " + (items ? "r+1" : "r")
              + "); pass a map file otherwise");
        }
        rowIds = null;
        mapping = "rows in index order (row r = " + what + " index " + (items ? "r+1" : "r") + ")";
      }
    } else if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      if (src.mapFile() != null) throw new IllegalArgumentException(f + ": a CSV carries its ids; drop the map file");
      CsvEmbeddings.IdVectors v = CsvEmbeddings.read(f);
      rows = v.ids().size();
      dim = v.dim();
      in = v.data();
      rowIds = v.ids();
      firstLine = v.firstDataLine();
      mapping = "ids in the first CSV column";
    } else {
      throw new IllegalArgumentException(f + ": unsupported file type; use .npy (float32/float64) or .csv/.tsv"
          + " (a pickle must be converted: python -c \"import pickle,numpy as np; np.save('x.npy', pickle.load(open('x.pkl','rb')))\")");
    }
    int tableRows = count + offset;
    float[] out = new float[tableRows * dim];
    int extra = 0;
    if (rowIds == null) {
      System.arraycopy(in, 0, out, offset * dim, count * dim);
    } else {
      Map<String, Integer> index = new HashMap<>();
      for (int i = offset; i < datasetIds.size(); i++) index.put(datasetIds.get(i), i);
      boolean[] seen = new boolean[tableRows];
      for (int r = 0; r < rowIds.size(); r++) {
        Integer target = index.get(rowIds.get(r));
        if (target == null) {
          extra++;
          continue;
        }
        if (seen[target]) {
          Path where = src.mapFile() != null ? src.mapFile() : f;
          throw new DataFormatException(where, src.mapFile() != null ? r + 1 : firstLine + r, "id",
              "id '" + rowIds.get(r) + "' appears twice");
        }
        seen[target] = true;
        System.arraycopy(in, r * dim, out, target * dim, dim);
      }
      List<String> absent = new ArrayList<>();
      int absentCount = 0;
      for (int i = offset; i < tableRows; i++) {
        if (!seen[i]) {
          absentCount++;
          if (absent.size() < 5) absent.add("'" + datasetIds.get(i) + "'");
        }
      }
      if (absentCount > 0) {
        throw new DataFormatException(f, 0, null, absentCount + " of the dataset's " + count + " " + what
            + "s have no row, e.g. " + String.join(", ", absent));
      }
    }
    for (int i = offset; i < tableRows; i++) {
      String problem = VectorChecks.problem(out, i * dim, dim);
      if (problem != null) {
        throw new DataFormatException(f, 0, null, what + " " + i + " (raw id '" + datasetIds.get(i) + "'): vector " + problem);
      }
    }
    if (l2Normalise) {
      for (int i = offset; i < tableRows; i++) VectorChecks.l2Normalise(out, i * dim, dim);
    }
    String norm = ItemUserEmbedder.allUnit(out, offset, tableRows, dim) ? EmbeddingManifest.L2 : EmbeddingManifest.NONE;
    String fileSha = Hashing.sha256(f);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("dataset", ds.name());
    details.put("source", f.getFileName().toString());
    details.put("sourceSha256", fileSha);
    details.put("mapping", mapping);
    if (src.mapFile() != null) details.put("mapFileSha256", Hashing.sha256(src.mapFile()));
    details.put("ignoredRows", extra);
    EmbeddingManifest.EncoderInfo enc = new EmbeddingManifest.EncoderInfo("import", "sha256:" + fileSha, dim, 0);
    EmbeddingManifest m = new EmbeddingManifest(EmbeddingManifest.FORMAT, EmbeddingManifest.FORMAT_VERSION,
        items ? "items" : "users", items ? "items.f32" : "users.f32", EmbeddingManifest.DTYPE, tableRows, dim,
        items ? "row i = item index i (1..N); row 0 = padding, all zeros" : "row u = user index u (0..U-1), the user's order in the dataset",
        null, enc, norm, null, fileSha, 0, null, EmbedJson.createdBy(), Instant.now().toString(), details);
    return new EmbeddingTable(tableRows, dim, out, m);
  }

  private static List<String> readMap(Path mapFile) throws IOException {
    List<String> ids = new ArrayList<>();
    int line = 0;
    for (String s : Files.readAllLines(mapFile, StandardCharsets.UTF_8)) {
      line++;
      String id = s.strip();
      if (id.isEmpty()) throw new DataFormatException(mapFile, line, "id", "empty line; one raw id per line expected");
      ids.add(id);
    }
    return ids;
  }
}
