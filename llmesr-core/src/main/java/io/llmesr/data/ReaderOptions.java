package io.llmesr.data;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

/**
 * Options for {@link SourceFormats#open}. Every field is optional; {@link #defaults()} reads each format the
 * way {@code docs/formats.md} documents.
 *
 * @param domain          prompt domain to report in {@link RawData#domain()} ("beauty", "fashion", "yelp");
 *                        {@code null} keeps the format's own inference (Amazon from the category name, Yelp
 *                        always "yelp", others none)
 * @param lenient         skip and count malformed lines instead of failing on the first one
 * @param charset         text encoding; {@code null} = the format's documented encoding (UTF-8 except
 *                        MovieLens 100K/1M, which are ISO-8859-1)
 * @param delimiter       field separator for {@code csv}; {@code null} = detect from the header line
 * @param userColumn      user id column ({@code csv}: required; {@code atomic}: default {@code user_id})
 * @param itemColumn      item id column ({@code csv}: required; {@code atomic}: default {@code item_id})
 * @param timestampColumn timestamp column; {@code null} = {@code atomic}: {@code timestamp} if present,
 *                        {@code csv}: none (line number used as the ordering key)
 * @param ratingColumn    rating column, or {@code null} ({@code atomic}: {@code rating} if present)
 * @param itemTable       item table file for {@code csv} (the other formats find theirs by name)
 * @param itemIdColumn    id column of the item table; {@code null} = same name as {@code itemColumn}
 * @param itemTextColumns item table columns to keep; empty = every column except the id
 * @param category        which dataset to pick when a directory holds several (Amazon: the category in the
 *                        file name, e.g. {@code Beauty}; atomic: the file stem, e.g. {@code Amazon_Beauty})
 */
public record ReaderOptions(String domain, boolean lenient, Charset charset, Character delimiter,
                            String userColumn, String itemColumn, String timestampColumn, String ratingColumn,
                            Path itemTable, String itemIdColumn, List<String> itemTextColumns, String category) {

  public ReaderOptions {
    itemTextColumns = itemTextColumns == null ? List.of() : List.copyOf(itemTextColumns);
    if (delimiter != null && (delimiter == '"' || delimiter == '\n' || delimiter == '\r')) {
      throw new IllegalArgumentException("delimiter may not be a quote or a line break");
    }
  }

  /** Strict, format-default encoding, no overrides. */
  public static ReaderOptions defaults() {
    return new ReaderOptions(null, false, null, null, null, null, null, null, null, null, List.of(), null);
  }

  public ReaderOptions withDomain(String d) {
    return new ReaderOptions(d, lenient, charset, delimiter, userColumn, itemColumn, timestampColumn,
        ratingColumn, itemTable, itemIdColumn, itemTextColumns, category);
  }

  public ReaderOptions withLenient(boolean l) {
    return new ReaderOptions(domain, l, charset, delimiter, userColumn, itemColumn, timestampColumn,
        ratingColumn, itemTable, itemIdColumn, itemTextColumns, category);
  }

  public ReaderOptions withCharset(Charset c) {
    return new ReaderOptions(domain, lenient, c, delimiter, userColumn, itemColumn, timestampColumn,
        ratingColumn, itemTable, itemIdColumn, itemTextColumns, category);
  }

  public ReaderOptions withDelimiter(Character d) {
    return new ReaderOptions(domain, lenient, charset, d, userColumn, itemColumn, timestampColumn,
        ratingColumn, itemTable, itemIdColumn, itemTextColumns, category);
  }

  /** Sets the interaction columns (any may be {@code null}). */
  public ReaderOptions withColumns(String user, String item, String timestamp, String rating) {
    return new ReaderOptions(domain, lenient, charset, delimiter, user, item, timestamp, rating, itemTable,
        itemIdColumn, itemTextColumns, category);
  }

  /** Sets the item table for {@code csv}: file, id column ({@code null} = item column), text columns (empty = all). */
  public ReaderOptions withItemTable(Path table, String idColumn, List<String> textColumns) {
    return new ReaderOptions(domain, lenient, charset, delimiter, userColumn, itemColumn, timestampColumn,
        ratingColumn, table, idColumn, textColumns, category);
  }

  public ReaderOptions withCategory(String c) {
    return new ReaderOptions(domain, lenient, charset, delimiter, userColumn, itemColumn, timestampColumn,
        ratingColumn, itemTable, itemIdColumn, itemTextColumns, c);
  }

  /** The charset to use: the option if set, else {@code formatDefault}. */
  Charset charsetOr(Charset formatDefault) {
    return charset != null ? charset : formatDefault;
  }

  /** The domain to report: the option if set, else {@code inferred}. */
  String domainOr(String inferred) {
    return domain != null ? domain : inferred;
  }
}
