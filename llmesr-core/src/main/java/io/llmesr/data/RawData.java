package io.llmesr.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A source dataset opened by a reader: its interactions, its item table, the files they come from
 * (hashed into the prepared dataset's manifest) and the name of the format.
 *
 * @param format       format name as given to {@code prepare --format}
 * @param interactions streaming interactions
 * @param items        streaming item records ({@link ItemSource#none()} if the format has none)
 * @param files        every input file read, for provenance hashing
 * @param domain       the paper domain whose prompt template fits, or {@code null} ("beauty", "fashion", "yelp")
 * @param stats        what the last pass over {@code interactions} and over {@code items} saw (lines, records,
 *                     skipped lines by reason in lenient mode, items without text)
 */
public record RawData(String format, InteractionSource interactions, ItemSource items, List<Path> files,
                      String domain, ReadStats stats) {
  public RawData {
    files = List.copyOf(files);
    Objects.requireNonNull(stats, "stats");
  }

  /** A source without read statistics (e.g. built in code). */
  public RawData(String format, InteractionSource interactions, ItemSource items, List<Path> files, String domain) {
    this(format, interactions, items, files, domain, new ReadStats());
  }
}
