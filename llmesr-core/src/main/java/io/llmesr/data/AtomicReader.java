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
 * RecBole atomic files: {@code <name>.inter} and optionally {@code <name>.item}, tab separated, first line a
 * typed header ({@code user_id:token	item_id:token	timestamp:float}). No quoting: a field is everything
 * between two tabs (RecBole's own files replace tabs and newlines inside text by spaces).
 *
 * <p>Interactions use the columns {@code user_id}, {@code item_id}, {@code timestamp} (optional; the 1-based
 * data-row number when absent) and {@code rating} (optional), or the names given in {@link ReaderOptions}.
 * Item columns other than the id become {@link ItemRecord} fields under normalised names (type suffix
 * stripped, snake case: {@code title}, {@code categories}, {@code brand}, {@code price}, {@code sales_rank}, ...).
 * Domain: none unless {@link ReaderOptions#domain()} says so.
 */
final class AtomicReader {
  static final String FORMAT = "atomic";

  private AtomicReader() { }

  static RawData open(Path input, ReaderOptions options) throws IOException {
    Path inter;
    Path item;
    if (Files.isDirectory(input)) {
      String stem = options.category();
      inter = InputFiles.one(input, "interaction file (*.inter)",
          n -> TextFiles.stripGz(n).endsWith(".inter") && (stem == null || TextFiles.stripGz(n).equals(stem + ".inter")));
      String interStem = stemOf(inter, ".inter");
      item = InputFiles.optional(input, "item file (" + interStem + ".item)",
          n -> TextFiles.stripGz(n).equals(interStem + ".item"));
      if (item == null) item = InputFiles.optional(input, "item file (*.item)", n -> TextFiles.stripGz(n).endsWith(".item"));
    } else {
      inter = InputFiles.requireExisting(input);
      String interStem = stemOf(inter, ".inter");
      Path sibling = inter.resolveSibling(interStem + ".item");
      Path siblingGz = inter.resolveSibling(interStem + ".item.gz");
      item = Files.isRegularFile(sibling) ? sibling : Files.isRegularFile(siblingGz) ? siblingGz : null;
    }
    Charset cs = options.charsetOr(StandardCharsets.UTF_8);
    ReadStats stats = new ReadStats();

    List<String> interHeader = readHeader(inter, cs);
    String userCol = options.userColumn() != null ? options.userColumn() : "user_id";
    String itemCol = options.itemColumn() != null ? options.itemColumn() : "item_id";
    int userIdx = requireColumn(inter, interHeader, userCol);
    int itemIdx = requireColumn(inter, interHeader, itemCol);
    int tsIdx = options.timestampColumn() != null ? requireColumn(inter, interHeader, options.timestampColumn())
        : interHeader.indexOf("timestamp");
    int ratingIdx = options.ratingColumn() != null ? requireColumn(inter, interHeader, options.ratingColumn())
        : interHeader.indexOf("rating");
    String tsName = tsIdx >= 0 ? interHeader.get(tsIdx) : null;
    String ratingName = ratingIdx >= 0 ? interHeader.get(ratingIdx) : null;
    int width = interHeader.size();
    boolean lenient = options.lenient();

    InteractionSource interactions = sink -> {
      ReadStats.Pass pass = stats.interactions();
      pass.reset();
      long[] dataRow = {0};
      boolean[] headerSeen = {false};
      LineScanner.scan(inter, cs, pass, lenient, (line, no) -> {
        if (!headerSeen[0]) {
          headerSeen[0] = true;
          return;
        }
        dataRow[0]++;
        String[] f = split(line, width);
        String user = f[userIdx];
        String it = f[itemIdx];
        if (user.isEmpty()) throw BadRecord.missing(userCol);
        if (it.isEmpty()) throw BadRecord.missing(itemCol);
        long ts = tsIdx >= 0 ? Timestamps.parse(tsName, f[tsIdx]) : dataRow[0];
        double rating = ratingIdx >= 0 && !f[ratingIdx].isBlank() ? Timestamps.parseRating(ratingName, f[ratingIdx]) : Double.NaN;
        sink.accept(new Interaction(user, it, ts, rating));
        pass.record();
      });
      LineSources.requireRecords(inter, pass, "interactions");
      LineScanner.logSummary(inter, pass);
    };

    ItemSource items = ItemSource.none();
    List<Path> files = new ArrayList<>(List.of(inter));
    if (item != null) {
      Path itemFile = item;
      files.add(itemFile);
      List<String> itemHeader = readHeader(itemFile, cs);
      String idCol = options.itemIdColumn() != null ? options.itemIdColumn() : itemCol;
      int idIdx = requireColumn(itemFile, itemHeader, idCol);
      List<String> keep = options.itemTextColumns();
      int iw = itemHeader.size();
      List<Integer> cols = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < iw; i++) {
        if (i == idIdx) continue;
        String raw = itemHeader.get(i);
        String norm = FieldNames.normalise(raw);
        if (!keep.isEmpty() && !keep.contains(raw) && !keep.contains(norm)) continue;
        cols.add(i);
        names.add(norm);
      }
      items = sink -> {
        ReadStats.Pass pass = stats.items();
        pass.reset();
        boolean[] headerSeen = {false};
        LineScanner.scan(itemFile, cs, pass, lenient, (line, no) -> {
          if (!headerSeen[0]) {
            headerSeen[0] = true;
            return;
          }
          String[] f = split(line, iw);
          String id = f[idIdx];
          if (id.isEmpty()) throw BadRecord.missing(idCol);
          Map<String, String> fields = new LinkedHashMap<>();
          for (int k = 0; k < cols.size(); k++) {
            String v = f[cols.get(k)].trim();
            if (!v.isEmpty()) fields.put(names.get(k), v);
          }
          if (fields.isEmpty()) pass.withoutText();
          sink.accept(new ItemRecord(id, fields));
          pass.record();
        });
        LineScanner.logSummary(itemFile, pass);
      };
    }
    return new RawData(FORMAT, interactions, items, files, options.domainOr(null), stats);
  }

  /** Splits a tab-separated line into exactly {@code width} fields. */
  static String[] split(String line, int width) throws BadRecord {
    String[] out = new String[width];
    int start = 0;
    int k = 0;
    while (true) {
      int tab = line.indexOf('\t', start);
      if (k == width) {
        throw new BadRecord(null, "wrong column count",
            "expected " + width + " tab-separated columns, found more");
      }
      if (tab < 0) {
        out[k++] = line.substring(start);
        break;
      }
      out[k++] = line.substring(start, tab);
      start = tab + 1;
    }
    if (k != width) {
      throw new BadRecord(null, "wrong column count", "expected " + width + " tab-separated columns, found " + k);
    }
    return out;
  }

  /** The header's column names, type suffixes stripped ({@code user_id:token} → {@code user_id}). */
  static List<String> readHeader(Path file, Charset cs) throws IOException {
    try (LineReader r = new LineReader(file, cs)) {
      String line;
      do {
        try {
          line = r.next();
        } catch (LineEncodingException e) {
          throw new DataFormatException(file, e.line(), null, "header: " + e.getMessage(), e);
        }
      } while (line != null && line.isBlank());
      if (line == null) throw new DataFormatException(file, 0, null, "empty file: no header line");
      List<String> cols = new ArrayList<>();
      for (String c : line.split("\t", -1)) cols.add(FieldNames.stripType(c.trim()));
      return cols;
    }
  }

  static int requireColumn(Path file, List<String> header, String name) {
    int i = header.indexOf(name);
    if (i < 0) i = header.indexOf(FieldNames.stripType(name));
    if (i < 0) throw new DataFormatException(file, 1, name, "no such column in the header; columns are " + header);
    return i;
  }

  private static String stemOf(Path file, String ext) {
    String n = InputFiles.baseName(file);
    return n.endsWith(ext) ? n.substring(0, n.length() - ext.length()) : n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n;
  }
}
