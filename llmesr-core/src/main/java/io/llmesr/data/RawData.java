package io.llmesr.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A source dataset opened by a reader: its interactions, its item table, the files they come from
 * (hashed into the prepared dataset's manifest) and the name of the format.
 *
 * @param format       format name as given to {@code prepare --format}
 * @param interactions streaming interactions
 * @param items        streaming item records ({@link ItemSource#none()} if the format has none)
 * @param files        every input file read, for provenance hashing
 * @param domain       the paper domain whose prompt template fits, or {@code null} ("beauty", "fashion", "yelp")
 */
public record RawData(String format, InteractionSource interactions, ItemSource items, List<Path> files,
                      String domain) {
  public RawData {
    files = List.copyOf(files);
  }
}
