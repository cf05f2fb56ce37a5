package io.llmesr.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds an Amazon release's review file and meta file, named as McAuley's downloads name them:
 * <ul>
 *   <li>2014: {@code reviews_<Category>.json.gz} or {@code reviews_<Category>_5.json.gz}, {@code meta_<Category>.json.gz};</li>
 *   <li>2018: {@code <Category>.json.gz} or {@code <Category>_5.json.gz}, {@code meta_<Category>.json.gz};</li>
 *   <li>2023: {@code <Category>.jsonl.gz}, {@code meta_<Category>.jsonl.gz}.</li>
 * </ul>
 * The {@code .gz} suffix is optional (compression is detected from content). A missing meta file is not an
 * error (the source then has no item text; a warning is logged).
 *
 * @param reviews  the review (interaction) file
 * @param meta     the item metadata file, or {@code null}
 * @param category the category as named by the review file, without {@code _5} (e.g. {@code Beauty})
 */
record AmazonLayout(Path reviews, Path meta, String category) {
  private static final Logger LOG = LoggerFactory.getLogger(AmazonLayout.class);

  /**
   * @param prefix review file prefix ({@code "reviews_"} for 2014, {@code ""} otherwise)
   * @param ext    extension without dot ({@code "json"} or {@code "jsonl"})
   */
  static AmazonLayout find(Path input, String prefix, String ext, ReaderOptions options) throws IOException {
    Pattern reviewName = Pattern.compile(Pattern.quote(prefix) + "(.+?)\\." + ext);
    Path reviews;
    if (Files.isDirectory(input)) {
      String wanted = options.category();
      List<Path> all = InputFiles.matching(input, n -> isReview(reviewName, n));
      List<Path> chosen = all;
      if (wanted != null) {
        chosen = all.stream().filter(p -> categoryOf(reviewName, p).equals(wanted)).toList();
        if (chosen.isEmpty()) chosen = all.stream().filter(p -> categoryOf(reviewName, p).equals(wanted + "_5")).toList();
      }
      String pattern = prefix + "<Category>[_5]." + ext + "[.gz]";
      if (chosen.isEmpty()) {
        throw new DataFormatException(input, 0, null, "no review file " + pattern
            + (wanted != null ? " for category '" + wanted + "'" : "") + " in this directory"
            + (all.isEmpty() ? "" : "; found " + InputFiles.names(all)));
      }
      if (chosen.size() > 1) {
        throw new DataFormatException(input, 0, null, "ambiguous: several review files " + pattern + ": "
            + InputFiles.names(chosen) + "; pass the file itself or choose a category (e.g. 'Beauty' or 'Beauty_5')");
      }
      reviews = chosen.get(0);
    } else {
      reviews = InputFiles.requireExisting(input);
      if (InputFiles.baseName(reviews).startsWith("meta_")) {
        throw new DataFormatException(reviews, 0, null,
            "this is an item meta file; pass the review file or the directory holding both");
      }
    }
    String category = categoryOf(reviewName, reviews);
    String base = category.endsWith("_5") ? category.substring(0, category.length() - 2) : category;
    Path meta = null;
    for (String name : List.of("meta_" + base + "." + ext, "meta_" + base + "." + ext + ".gz")) {
      Path p = reviews.resolveSibling(name);
      if (Files.isRegularFile(p)) {
        meta = p;
        break;
      }
    }
    if (meta == null) {
      LOG.warn("{}: no meta_{}.{}[.gz] next to it; items will have no text", reviews.getFileName(), base, ext);
    }
    return new AmazonLayout(reviews, meta, base);
  }

  private static boolean isReview(Pattern reviewName, String fileName) {
    String n = TextFiles.stripGz(fileName);
    return !n.startsWith("meta_") && reviewName.matcher(n).matches();
  }

  private static String categoryOf(Pattern reviewName, Path file) {
    String n = InputFiles.baseName(file);
    Matcher m = reviewName.matcher(n);
    if (m.matches()) return m.group(1);
    int dot = n.indexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /** "beauty" or "fashion" when the category name says so (docs/model.md §2.4 prompt domains), else {@code null}. */
  String inferredDomain() {
    String c = category.toLowerCase(Locale.ROOT);
    if (c.contains("beauty")) return "beauty";
    if (c.contains("fashion") || c.contains("clothing")) return "fashion";
    return null;
  }

  List<Path> files() {
    return meta == null ? List.of(reviews) : List.of(reviews, meta);
  }
}
