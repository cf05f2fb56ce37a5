package io.llmesr.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds a format's files in an input directory by their documented names, with clear errors. */
final class InputFiles {
  private InputFiles() { }

  /** Regular files directly in {@code dir} whose name matches, sorted by name. */
  static List<Path> matching(Path dir, Predicate<String> name) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> name.test(p.getFileName().toString()))
          .sorted().collect(Collectors.toCollection(ArrayList::new));
    }
  }

  /**
   * Exactly one file in {@code dir} matching {@code name}.
   *
   * @param what     what the file is, for messages ("interaction file (*.inter)")
   * @throws DataFormatException when none or several match
   */
  static Path one(Path dir, String what, Predicate<String> name) throws IOException {
    List<Path> found = matching(dir, name);
    if (found.isEmpty()) throw new DataFormatException(dir, 0, null, "no " + what + " in this directory");
    if (found.size() > 1) {
      throw new DataFormatException(dir, 0, null, "ambiguous: several " + what + ": " + names(found)
          + "; pass the file itself or choose one with the category option");
    }
    return found.get(0);
  }

  /** At most one file matching, or {@code null}. */
  static Path optional(Path dir, String what, Predicate<String> name) throws IOException {
    List<Path> found = matching(dir, name);
    if (found.size() > 1) {
      throw new DataFormatException(dir, 0, null, "ambiguous: several " + what + ": " + names(found));
    }
    return found.isEmpty() ? null : found.get(0);
  }

  static Path requireExisting(Path p) {
    if (!Files.exists(p)) throw new DataFormatException(p, 0, null, "not found");
    return p;
  }

  static String names(List<Path> files) {
    return files.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
  }

  /** Name with a trailing {@code .gz} removed. */
  static String baseName(Path p) {
    return TextFiles.stripGz(p.getFileName().toString());
  }
}
