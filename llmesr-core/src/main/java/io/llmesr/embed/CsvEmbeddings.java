package io.llmesr.embed;

import io.llmesr.data.DataFormatException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads embeddings from CSV (or TSV when the name ends in {@code .tsv}): one row per id, first column the
 * raw id, the other columns the vector. An optional header row is recognised by a non-numeric second field.
 * Every row must have the same number of columns; ids must be unique; values must be finite numbers.
 */
final class CsvEmbeddings {
  private CsvEmbeddings() { }

  /**
   * Ids with their vectors.
   *
   * @param ids  raw ids in file order
   * @param dim  vector length
   * @param data {@code ids.size() * dim} floats, row {@code r} for {@code ids.get(r)}
   * @param firstDataLine 1-based line of the first data row (for messages)
   */
  public record IdVectors(List<String> ids, int dim, float[] data, int firstDataLine) { }

  /** Reads {@code file}; errors name the file, line and column. */
  public static IdVectors read(Path file) throws IOException {
    boolean tsv = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv");
    CSVFormat fmt = (tsv ? CSVFormat.TDF : CSVFormat.DEFAULT).builder().setIgnoreEmptyLines(true).setTrim(true).get();
    List<String> ids = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    FloatList values = new FloatList();
    int dim = -1;
    int firstDataLine = -1;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(r, fmt)) {
      boolean first = true;
      for (CSVRecord rec : p) {
        long line = rec.getParser().getCurrentLineNumber();
        if (first) {
          first = false;
          if (rec.size() >= 2 && !isNumber(rec.get(1))) continue; // header
        }
        if (rec.size() < 2) throw new DataFormatException(file, line, null, "need an id and at least one value, found " + rec.size() + " field(s)");
        if (dim < 0) {
          dim = rec.size() - 1;
          firstDataLine = (int) line;
        } else if (rec.size() - 1 != dim) {
          throw new DataFormatException(file, line, null, "has " + (rec.size() - 1) + " values, earlier rows have " + dim);
        }
        String id = rec.get(0);
        if (id.isEmpty()) throw new DataFormatException(file, line, "column 1 (id)", "empty id");
        if (!seen.add(id)) throw new DataFormatException(file, line, "column 1 (id)", "id '" + id + "' appears twice");
        ids.add(id);
        for (int k = 1; k < rec.size(); k++) {
          String v = rec.get(k);
          float x;
          try {
            x = Float.parseFloat(v);
          } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, "column " + (k + 1), "'" + v + "' is not a number");
          }
          if (!Float.isFinite(x)) throw new DataFormatException(file, line, "column " + (k + 1), "value " + v + " is not finite");
          values.add(x);
        }
      }
    } catch (java.io.UncheckedIOException e) {
      throw new DataFormatException(file, 0, null, "malformed CSV: " + e.getCause().getMessage(), e);
    }
    if (dim < 0) throw new DataFormatException(file, 0, null, "no data rows");
    return new IdVectors(List.copyOf(ids), dim, values.toArray(), firstDataLine);
  }

  private static boolean isNumber(String s) {
    try {
      Float.parseFloat(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static final class FloatList {
    private float[] a = new float[1024];
    private int n;

    void add(float x) {
      if (n == a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
      a[n++] = x;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
