package io.llmesr.recommend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.data.DataFormatException;
import io.llmesr.embed.Hashing;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading and verifying a model bundle's files (layout: {@link BundleLayout}, docs/serving.md). */
public final class Bundle {
  static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Bundle() { }

  /** One item of the bundle's catalogue. */
  record ItemLine(int index, String id, String title, int popularity) { }

  /** Reads {@code bundle.json}; errors name the file. */
  public static BundleManifest readManifest(Path bundle) throws IOException {
    Path f = BundleLayout.manifest(bundle);
    if (!Files.isRegularFile(f)) {
      throw new DataFormatException(f, 0, null, "missing: " + bundle + " is not a model bundle (make one with `llmesr export`)");
    }
    BundleManifest m;
    try {
      m = JSON.readValue(f.toFile(), BundleManifest.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new DataFormatException(f, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
          "malformed: " + e.getOriginalMessage(), e);
    }
    if (!BundleManifest.FORMAT.equals(m.format())) {
      throw new DataFormatException(f, 0, "format", "expected '" + BundleManifest.FORMAT + "', got '" + m.format() + "'");
    }
    if (m.files() == null || m.files().isEmpty()) throw new DataFormatException(f, 0, "files", "lists no file");
    return m;
  }

  /**
   * Reads the manifest and checks every listed file: present, of the listed size, with the listed SHA-256.
   *
   * @throws DataFormatException naming the first file that is missing, truncated or corrupt
   */
  public static BundleManifest verify(Path bundle) throws IOException {
    BundleManifest m = readManifest(bundle);
    for (Map.Entry<String, BundleManifest.FileEntry> e : m.files().entrySet()) {
      Path p = bundle.resolve(e.getKey()).normalize();
      if (!p.startsWith(bundle.normalize())) {
        throw new DataFormatException(BundleLayout.manifest(bundle), 0, "files", "entry '" + e.getKey() + "' leaves the bundle");
      }
      if (!Files.isRegularFile(p)) throw new DataFormatException(p, 0, null, "missing (listed in " + BundleLayout.MANIFEST + ")");
      long size = Files.size(p);
      if (size != e.getValue().bytes()) {
        throw new DataFormatException(p, 0, null, "has " + size + " bytes but " + BundleLayout.MANIFEST + " lists "
            + e.getValue().bytes() + ": the bundle is truncated or was modified; export it again");
      }
      if (!Hashing.sha256(p).equals(e.getValue().sha256())) {
        throw new DataFormatException(p, 0, null, "SHA-256 differs from " + BundleLayout.MANIFEST
            + ": the file is corrupt; export the bundle again");
      }
    }
    return m;
  }

  /** The catalogue lines of {@code items.jsonl}, checked to be items 1..N in order. */
  static List<ItemLine> readItems(Path bundle, int n) throws IOException {
    Path f = bundle.resolve(BundleLayout.ITEMS);
    List<ItemLine> out = new ArrayList<>(n);
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      String line;
      long no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        JsonNode j = JSON.readTree(line);
        int index = j.path("item").asInt(-1);
        if (index != out.size() + 1) throw new DataFormatException(f, no, "item", "expected " + (out.size() + 1) + ", found " + index);
        out.add(new ItemLine(index, j.path("id").asText(), j.path("title").asText(), j.path("popularity").asInt()));
      }
    }
    if (out.size() != n) throw new DataFormatException(f, 0, null, out.size() + " items, the manifest says " + n);
    return out;
  }

  /** A matrix written by {@link BundleExporter#writeMatrix}, or {@code null} when the bundle has none. */
  static ColdStartMaps.Matrix readMatrix(Path bundle, String file) throws IOException {
    Path f = bundle.resolve(file);
    if (!Files.isRegularFile(f)) return null;
    Path header = f.resolveSibling(file.replace(".f32", ".json"));
    JsonNode h = JSON.readTree(header.toFile());
    int rows = h.path("rows").asInt();
    int cols = h.path("cols").asInt();
    byte[] bytes = Files.readAllBytes(f);
    if (bytes.length != 4L * rows * cols) {
      throw new DataFormatException(f, 0, null, bytes.length + " bytes, " + header.getFileName() + " says " + rows + "x" + cols);
    }
    float[] data = new float[rows * cols];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    return new ColdStartMaps.Matrix(rows, cols, data, h.path("meaning").asText());
  }
}
