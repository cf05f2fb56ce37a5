package io.llmesr.data;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any delimited interaction table with a header line, plus an optional item table, read with commons-csv
 * (RFC 4180 quoting; quoted fields may contain delimiters and line breaks).
 *
 * <p>Columns are chosen by name in {@link ReaderOptions}: {@code userColumn} and {@code itemColumn} (required),
 * {@code timestampColumn} (optional; when absent the 1-based data-row number is the ordering key, so the file's
 * order is the time order), {@code ratingColumn} (optional). Timestamps may be integers, decimals (floored),
 * ISO-8601 date-times or dates (see {@link Timestamps#parse}). The delimiter is given or detected from the header
 * ({@code , TAB ; |}, most frequent wins), separately for each file. The item table ({@code itemTable}) needs an id
 * column ({@code itemIdColumn}, default: the interaction item column's name) and keeps the
 * {@code itemTextColumns} (default: all other columns) under normalised names. Encoding: UTF-8 unless given.
 * Domain: none unless given.
 */
final class CsvReader {
  static final String FORMAT = "csv";

  private CsvReader() { }

  static RawData open(Path input, ReaderOptions options) throws IOException {
    if (options.userColumn() == null || options.itemColumn() == null) {
      throw new IllegalArgumentException("format 'csv' needs the user and item column names (user/item column options)");
    }
    Path itemTable = options.itemTable();
    Path file;
    if (Files.isDirectory(input)) {
      Path exclude = itemTable == null ? null : itemTable.toAbsolutePath().normalize();
      file = InputFiles.one(input, "interaction table (*.csv, *.tsv)", n -> {
        String b = TextFiles.stripGz(n);
        return (b.endsWith(".csv") || b.endsWith(".tsv"))
            && (exclude == null || !input.resolve(n).toAbsolutePath().normalize().equals(exclude));
      });
    } else {
      file = InputFiles.requireExisting(input);
    }
    Charset cs = options.charsetOr(StandardCharsets.UTF_8);
    boolean lenient = options.lenient();
    ReadStats stats = new ReadStats();

    char delim = options.delimiter() != null ? options.delimiter() : CsvTable.sniffDelimiter(file, cs);
    List<String> header = CsvTable.header(file, cs, delim);
    String userCol = options.userColumn();
    String itemCol = options.itemColumn();
    int u = CsvTable.column(file, header, userCol, "user column");
    int i = CsvTable.column(file, header, itemCol, "item column");
    String tsCol = options.timestampColumn();
    String ratingCol = options.ratingColumn();
    int t = tsCol == null ? -1 : CsvTable.column(file, header, tsCol, "timestamp column");
    int r = ratingCol == null ? -1 : CsvTable.column(file, header, ratingCol, "rating column");

    InteractionSource interactions = sink -> {
      ReadStats.Pass pass = stats.interactions();
      pass.reset();
      long[] row = {0};
      CsvTable.scan(file, cs, delim, pass, lenient, (rec, line) -> {
        row[0]++;
        String user = LineSources.required(userCol, rec.get(u).strip());
        String item = LineSources.required(itemCol, rec.get(i).strip());
        long ts = t < 0 ? row[0] : Timestamps.parse(tsCol, rec.get(t));
        double rating = r < 0 || rec.get(r).isBlank() ? Double.NaN : Timestamps.parseRating(ratingCol, rec.get(r));
        sink.accept(new Interaction(user, item, ts, rating));
        pass.record();
      });
      LineSources.requireRecords(file, pass, "interactions");
      LineScanner.logSummary(file, pass);
    };

    ItemSource items = ItemSource.none();
    List<Path> files = new ArrayList<>(List.of(file));
    if (itemTable != null) {
      InputFiles.requireExisting(itemTable);
      files.add(itemTable);
      char idelim = options.delimiter() != null ? options.delimiter() : CsvTable.sniffDelimiter(itemTable, cs);
      List<String> iheader = CsvTable.header(itemTable, cs, idelim);
      String idCol = options.itemIdColumn() != null ? options.itemIdColumn() : itemCol;
      int id = CsvTable.column(itemTable, iheader, idCol, "item id column");
      List<Integer> cols = new ArrayList<>();
      List<String> names = new ArrayList<>();
      if (options.itemTextColumns().isEmpty()) {
        for (int k = 0; k < iheader.size(); k++) {
          if (k != id) {
            cols.add(k);
            names.add(FieldNames.normalise(iheader.get(k)));
          }
        }
      } else {
        for (String c : options.itemTextColumns()) {
          cols.add(CsvTable.column(itemTable, iheader, c, "item text column"));
          names.add(FieldNames.normalise(c));
        }
      }
      items = sink -> {
        ReadStats.Pass pass = stats.items();
        pass.reset();
        CsvTable.scan(itemTable, cs, idelim, pass, lenient, (rec, line) -> {
          String itemId = LineSources.required(idCol, rec.get(id).strip());
          Map<String, String> f = new LinkedHashMap<>();
          for (int k = 0; k < cols.size(); k++) FieldValues.put(f, names.get(k), FieldValues.blankToNull(rec.get(cols.get(k))));
          if (f.isEmpty()) pass.withoutText();
          sink.accept(new ItemRecord(itemId, f));
          pass.record();
        });
        LineScanner.logSummary(itemTable, pass);
      };
    }
    return new RawData(FORMAT, interactions, items, files, options.domainOr(null), stats);
  }
}
