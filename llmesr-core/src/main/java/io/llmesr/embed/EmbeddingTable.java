package io.llmesr.embed;

import io.llmesr.data.DataFormatException;
import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A float32 matrix of {@code rows × dim} in row-major order with its manifest. On disk: {@code NAME.f32}
 * (raw little-endian floats, no header) and {@code NAME.json} ({@link EmbeddingManifest}).
 *
 * @param rows     number of rows
 * @param dim      columns per row
 * @param data     {@code rows*dim} floats, row {@code r} at {@code [r*dim, (r+1)*dim)}
 * @param manifest what the rows mean and where they came from
 */
public record EmbeddingTable(int rows, int dim, float[] data, EmbeddingManifest manifest) {

  public EmbeddingTable {
    if (rows < 0 || dim <= 0) throw new IllegalArgumentException("bad shape " + rows + "x" + dim);
    if ((long) rows * dim != data.length) {
      throw new IllegalArgumentException("data has " + data.length + " floats, shape " + rows + "x" + dim);
    }
    if (manifest != null && (manifest.rows() != rows || manifest.dim() != dim)) {
      throw new IllegalArgumentException("manifest says " + manifest.rows() + "x" + manifest.dim()
          + " but the table is " + rows + "x" + dim);
    }
  }

  /** A copy of row {@code r}. */
  public float[] row(int r) {
    return Arrays.copyOfRange(data, r * dim, (r + 1) * dim);
  }

  /** Offset of row {@code r} in {@link #data()}. */
  public int offset(int r) {
    return r * dim;
  }

  /** {@code items.f32 -> items.json}. */
  public static Path manifestPath(Path tableFile) {
    String n = tableFile.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return tableFile.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".json");
  }

  /**
   * Writes the table and its manifest atomically (both to temp files first, then renamed: table, then manifest). The
   * manifest written carries the table's file name and SHA-256; it is returned.
   */
  public EmbeddingManifest write(Path tableFile) throws IOException {
    java.security.MessageDigest md = Hashing.sha256();
    try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
      batch.add(tableFile, out -> {
        java.security.DigestOutputStream dout = new java.security.DigestOutputStream(out, md);
        LittleEndianIO.writeFloats(dout, data);
        dout.flush();
      });
      EmbeddingManifest m = manifest.withTable(tableFile.getFileName().toString()).withSha256(Hashing.hex(md.digest()));
      batch.add(manifestPath(tableFile), out -> out.write(EmbedJson.bytes(m)));
      batch.commit();
      return m;
    }
  }

  /** Reads and verifies a table: manifest present, shape matching the file size, SHA-256 matching. */
  public static EmbeddingTable read(Path tableFile) throws IOException {
    return read(tableFile, true);
  }

  /**
   * Reads a table.
   *
   * @param verifySha whether to check the SHA-256 recorded in the manifest (size is always checked)
   * @throws DataFormatException when the manifest is missing or malformed or disagrees with the file
   */
  public static EmbeddingTable read(Path tableFile, boolean verifySha) throws IOException {
    Path mf = manifestPath(tableFile);
    if (!Files.exists(mf)) {
      throw new DataFormatException(mf, 0, null, "manifest missing for table " + tableFile.getFileName()
          + " (run `llmesr embed` to create it)");
    }
    EmbeddingManifest m = EmbedJson.read(mf, EmbeddingManifest.class);
    if (!EmbeddingManifest.FORMAT.equals(m.format())) {
      throw new DataFormatException(mf, 0, "format", "expected '" + EmbeddingManifest.FORMAT + "', got '" + m.format() + "'");
    }
    if (m.formatVersion() > EmbeddingManifest.FORMAT_VERSION) {
      throw new DataFormatException(mf, 0, "formatVersion", "version " + m.formatVersion() + " is newer than this tool ("
          + EmbeddingManifest.FORMAT_VERSION + ")");
    }
    if (m.rows() < 0 || m.dim() <= 0) {
      throw new DataFormatException(mf, 0, "rows/dim", "bad shape " + m.rows() + "x" + m.dim());
    }
    long size;
    try {
      size = Files.size(tableFile);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(tableFile, 0, null, "table missing (manifest " + mf.getFileName() + " exists)");
    }
    long expected = (long) m.rows() * m.dim() * 4;
    if (size != expected) {
      throw new DataFormatException(tableFile, 0, null, "file has " + size + " bytes but manifest " + mf.getFileName()
          + " says " + m.rows() + " rows x " + m.dim() + " dims x 4 bytes = " + expected
          + (size % (4L * m.dim()) == 0 ? " (the file holds " + size / (4L * m.dim()) + " rows of that dimension)" : ""));
    }
    if (verifySha && m.sha256() != null) {
      String actual = Hashing.sha256(tableFile);
      if (!actual.equals(m.sha256())) {
        throw new DataFormatException(tableFile, 0, null, "SHA-256 " + actual + " differs from manifest "
            + mf.getFileName() + " (" + m.sha256() + "): table and manifest are out of step; re-run the step that wrote them");
      }
    }
    float[] data = LittleEndianIO.readFloats(tableFile, (long) m.rows() * m.dim());
    return new EmbeddingTable(m.rows(), m.dim(), data, m);
  }
}
