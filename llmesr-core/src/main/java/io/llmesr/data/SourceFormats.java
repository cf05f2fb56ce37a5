package io.llmesr.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of the readers: opens a source dataset in one of the supported formats as a {@link RawData}.
 * The formats, the files each expects, the fields used, timestamp semantics, encodings and what is skipped
 * versus an error are documented in {@code docs/formats.md}.
 *
 * <pre>{@code
 * RawData raw = SourceFormats.open("atomic", Path.of("data/amazon-beauty/atomic"), ReaderOptions.defaults());
 * raw.interactions().forEach(i -> ...);   // streams, bounded memory
 * raw.items().forEach(r -> ...);
 * }</pre>
 */
public final class SourceFormats {
  /** Opens one format. */
  @FunctionalInterface
  interface Opener {
    RawData open(Path input, ReaderOptions options) throws IOException;
  }

  private static final Map<String, Opener> FORMATS = new LinkedHashMap<>();

  static {
    FORMATS.put(AtomicReader.FORMAT, AtomicReader::open);
    FORMATS.put(Amazon2014Reader.FORMAT, Amazon2014Reader::open);
    FORMATS.put(Amazon2018Reader.FORMAT, Amazon2018Reader::open);
    FORMATS.put(Amazon2023Reader.FORMAT, Amazon2023Reader::open);
    FORMATS.put(YelpReader.FORMAT, YelpReader::open);
    FORMATS.put(MovieLensReader.FORMAT, MovieLensReader::open);
    FORMATS.put(LlmEsrInterReader.FORMAT, LlmEsrInterReader::open);
    FORMATS.put(CsvReader.FORMAT, CsvReader::open);
  }

  private SourceFormats() { }

  /** The supported format names, in documentation order. */
  public static List<String> names() {
    return List.copyOf(FORMATS.keySet());
  }

  /**
   * Opens {@code input} (a directory holding the format's files under their documented names, or the main
   * file itself) in {@code format}. Files are checked to exist and headers are validated now; records are read
   * lazily, on each {@code forEach}.
   *
   * @throws IllegalArgumentException for an unknown format name
   * @throws DataFormatException      when files are missing, ambiguous or have a bad header
   */
  public static RawData open(String format, Path input, ReaderOptions options) throws IOException {
    if (format == null) throw new IllegalArgumentException("format is required; one of " + names());
    Opener opener = FORMATS.get(format.toLowerCase(Locale.ROOT));
    if (opener == null) {
      throw new IllegalArgumentException("unknown format '" + format + "'; supported: " + names());
    }
    if (!Files.exists(input)) throw new DataFormatException(input, 0, null, "input not found");
    return opener.open(input, options == null ? ReaderOptions.defaults() : options);
  }
}
