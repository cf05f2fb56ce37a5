package io.llmesr.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * LLM-ESR's own {@code inter.txt} (docs/model.md §2.1, {@code convert_inter.ipynb}): one {@code user item} pair per
 * line, separated by whitespace, users in file order, each user's items in time order. There are no timestamps and
 * no item text: the timestamp is the 1-based line number (so sorting stably by it keeps the file's order) and
 * the item source is empty. Rating: none. Domain: none unless given.
 */
final class LlmEsrInterReader {
  static final String FORMAT = "llmesr";
  static final String FILE = "inter.txt";

  private LlmEsrInterReader() { }

  static RawData open(Path input, ReaderOptions options) throws IOException {
    Path file = Files.isDirectory(input)
        ? InputFiles.one(input, "interaction file (" + FILE + "[.gz])", n -> TextFiles.stripGz(n).equals(FILE))
        : InputFiles.requireExisting(input);
    ReadStats stats = new ReadStats();
    InteractionSource interactions = LineSources.interactions(List.of(file), options.charsetOr(StandardCharsets.UTF_8),
        stats, options.lenient(), (line, no) -> {
          String[] parts = line.strip().split("\\s+");
          if (parts.length != 2) {
            throw new BadRecord(null, "wrong column count", "expected 'user item', found " + parts.length + " fields");
          }
          return new Interaction(parts[0], parts[1], no, Double.NaN);
        });
    return new RawData(FORMAT, interactions, ItemSource.none(), List.of(file), options.domainOr(null), stats);
  }
}
