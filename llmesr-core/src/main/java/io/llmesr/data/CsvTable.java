package io.llmesr.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reading a delimited table with a header line through commons-csv (RFC 4180: fields may be quoted with
 * {@code "}, quotes doubled inside, quoted fields may hold delimiters and line breaks).
 *
 * <p>Row problems (wrong column count, bad values) follow the strict/lenient policy of {@link LineScanner}.
 * Quoting errors and encoding errors are always fatal: after them the parser cannot find the next record
 * reliably. Line numbers are physical lines (1-based) where the record starts.
 */
final class CsvTable {
  private static final char[] CANDIDATES = {',', '\t', ';', '|'};

  /** Handles one data row; {@code get(name)} values come from {@code header}. */
  @FunctionalInterface
  interface RowHandler {
    void row(CSVRecord record, long line) throws BadRecord;
  }

  private CsvTable() { }

  static CSVFormat format(char delimiter) {
    return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
  }

  /**
   * The delimiter among {@code , TAB ; |} that occurs most often in the header line (outside quotes); a header
   * with none of them is an error (at least two columns are needed).
   */
  static char sniffDelimiter(Path file, Charset cs) throws IOException {
    String header = firstNonBlankLine(file, cs);
    int best = -1;
    int bestCount = 0;
    for (int c = 0; c < CANDIDATES.length; c++) {
      int count = 0;
      boolean quoted = false;
      for (int i = 0; i < header.length(); i++) {
        char ch = header.charAt(i);
        if (ch == '"') quoted = !quoted;
        else if (!quoted && ch == CANDIDATES[c]) count++;
      }
      if (count > bestCount) {
        best = c;
        bestCount = count;
      }
    }
    if (best < 0) {
      throw new DataFormatException(file, 1, null,
          "cannot detect the delimiter: the header has none of , TAB ; | (give the delimiter explicitly)");
    }
    return CANDIDATES[best];
  }

  /** The header's column names (trimmed). */
  static List<String> header(Path file, Charset cs, char delimiter) throws IOException {
    List<String> out = new ArrayList<>();
    LineReaderReader reader = new LineReaderReader(new LineReader(file, cs));
    try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format(delimiter)).get()) {
      Iterator<CSVRecord> it = parser.iterator();
      if (!next(it, file, reader)) throw new DataFormatException(file, 0, null, "empty file: no header line");
      for (String s : it.next()) out.add(s.trim());
    } catch (UncheckedIOException e) {
      throw fatal(file, 1, e.getCause());
    }
    return out;
  }

  static int column(Path file, List<String> header, String name, String role) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new DataFormatException(file, 1, name, "no such column in the header (" + role + "); columns are " + header);
    }
    return i;
  }

  /** Scans the data rows (after the header) of {@code file}. */
  static void scan(Path file, Charset cs, char delimiter, ReadStats.Pass pass, boolean lenient, RowHandler handler)
      throws IOException {
    int width = -1;
    LineReaderReader reader = new LineReaderReader(new LineReader(file, cs));
    try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format(delimiter)).get()) {
      Iterator<CSVRecord> it = parser.iterator();
      LineScanner.Progress progress = new LineScanner.Progress(file);
      while (next(it, file, reader)) {
        CSVRecord rec = it.next();
        if ((rec.getRecordNumber() & 0xFFFF) == 0) progress.maybeLog(reader.lineReader());
        long line = reader.lineAt(rec.getCharacterPosition());
        if (width < 0) {
          width = rec.size();
          continue;
        }
        try {
          if (rec.size() != width) {
            throw new BadRecord(null, "wrong column count", "expected " + width + " columns, found " + rec.size());
          }
          handler.row(rec, line);
        } catch (BadRecord bad) {
          if (!lenient) throw new DataFormatException(file, line, bad.field(), bad.getMessage());
          pass.skip(bad.key(), new DataFormatException(file, line, bad.field(), bad.getMessage()).getMessage());
        }
      }
      pass.lines(reader.currentLine());
    }
    if (width < 0) throw new DataFormatException(file, 0, null, "empty file: no header line");
  }

  private static boolean next(Iterator<CSVRecord> it, Path file, LineReaderReader reader) {
    try {
      return it.hasNext();
    } catch (UncheckedIOException e) {
      throw fatal(file, reader.currentLine(), e.getCause());
    } catch (IllegalStateException e) {
      throw fatal(file, reader.currentLine(), e.getCause() != null ? e.getCause() : e);
    }
  }

  private static DataFormatException fatal(Path file, long line, Throwable cause) {
    if (cause instanceof LineEncodingException enc) {
      return new DataFormatException(file, enc.line(), null,
          enc.getMessage().substring(enc.getMessage().indexOf(": ", file.toString().length()) + 2), enc);
    }
    if (cause instanceof DataFormatException dfe) return dfe;
    return new DataFormatException(file, line, null, "CSV syntax error: " + cause.getMessage(), cause);
  }

  private static String firstNonBlankLine(Path file, Charset cs) throws IOException {
    try (LineReader r = new LineReader(file, cs)) {
      String line;
      do {
        line = r.next();
      } while (line != null && line.isBlank());
      if (line == null) throw new DataFormatException(file, 0, null, "empty file: no header line");
      return line;
    } catch (LineEncodingException e) {
      throw new DataFormatException(file, e.line(), null, "header: " + e.getMessage(), e);
    }
  }
}
