package io.llmesr.data.synthetic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic data set in the Amazon Review Data 2018 format (the {@code amazon2018} reader's input):
 * {@code <Category>.json.gz} with one review per line ({@code reviewerID}, {@code asin}, {@code overall},
 * {@code unixReviewTime}, {@code reviewTime}, {@code reviewerName}, {@code reviewText}, {@code summary},
 * {@code verified}, sometimes {@code vote} and {@code style}) and {@code meta_<Category>.json.gz} with one item per
 * line ({@code asin}, {@code title}, {@code brand}, {@code price}, {@code feature}[], {@code description}[],
 * {@code category}[], {@code date}, {@code main_cat}, {@code rank}).
 *
 * <p>Deterministic for a given configuration: the same seed gives byte-identical files. Popularity is Zipf-like
 * (items with exponent {@code itemSkew}, users with {@code userSkew}), so a long tail of rarely reviewed items and
 * many short user histories appear as in real Amazon data. Review times are whole days between 2010-01-01 and
 * 2018-09-30 (the real data's day granularity, with ties). Of the items, 1 in 50 has a meta line with no text
 * fields and 1 in 100 has no meta line at all, so that downstream "items without text" handling is exercised.
 * Texts are pseudo-words with a few non-ASCII characters (é, ™) to exercise UTF-8 decoding.
 *
 * <p>Run: {@code java -cp ... io.llmesr.data.synthetic.AmazonLikeGenerator --out DIR [--reviews 1000000]
 * [--users 100000] [--items 50000] [--seed 42] [--category Synthetic_Beauty]}. Files are written to temporary
 * names and renamed when complete.
 */
public final class AmazonLikeGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(AmazonLikeGenerator.class);
  private static final long FIRST_DAY = LocalDate.of(2010, 1, 1).toEpochDay();
  private static final long LAST_DAY = LocalDate.of(2018, 9, 30).toEpochDay();
  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "ber",
      "dan", "fel", "gor", "hin", "jas", "lum", "mor", "nix", "pel", "ros", "sil", "tor", "vel", "wen", "yor", "zan"};
  private static final String[] BRANDS_EXTRA = {"Café Lumière", "Zanovo™", "Rosewell", "Kato & Co."};

  /**
   * Generator settings.
   *
   * @param reviews  number of review lines
   * @param users    number of distinct reviewer ids to draw from
   * @param items    number of distinct items
   * @param seed     root seed
   * @param category category name used in file names (a name containing "Beauty" makes readers infer the
   *                 beauty prompt domain)
   * @param itemSkew Zipf exponent of item popularity
   * @param userSkew Zipf exponent of user activity
   */
  public record Config(long reviews, int users, int items, long seed, String category, double itemSkew, double userSkew) {
    public Config {
      if (reviews < 1 || users < 1 || items < 1) throw new IllegalArgumentException("counts must be >= 1");
      if (category == null || !category.matches("[A-Za-z0-9_]+")) {
        throw new IllegalArgumentException("category must be letters, digits and underscores");
      }
    }

    public static Config defaults() {
      return new Config(1_000_000, 100_000, 50_000, 42, "Synthetic_Beauty", 1.0, 0.8);
    }
  }

  /** The files written. */
  public record Output(Path reviews, Path meta) { }

  private final Config config;
  private final String[] vocabulary;

  public AmazonLikeGenerator(Config config) {
    this.config = config;
    SplittableRandom rnd = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    vocabulary = new String[4000];
    for (int i = 0; i < vocabulary.length; i++) {
      int syl = 1 + rnd.nextInt(3);
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < syl; k++) sb.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
      vocabulary[i] = sb.toString();
    }
  }

  /** Writes both files into {@code dir} (created if needed). */
  public Output write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path reviews = dir.resolve(config.category() + ".json.gz");
    Path meta = dir.resolve("meta_" + config.category() + ".json.gz");
    gzipAtomically(reviews, this::writeReviews);
    gzipAtomically(meta, this::writeMeta);
    return new Output(reviews, meta);
  }

  static String asin(int item) {
    String digits = Long.toString(item * 7919L % 1_000_000_000L);
    return "B" + "0".repeat(9 - digits.length()) + digits;
  }

  static String reviewer(int user) {
    String s = Long.toString(user * 2654435761L % 2_176_782_336L + 1_000_000L, 36).toUpperCase(Locale.ROOT);
    return "A" + "0".repeat(Math.max(0, 12 - s.length())) + s;
  }

  private void writeReviews(OutputStream out) throws IOException {
    SplittableRandom rnd = new SplittableRandom(config.seed());
    ZipfSampler items = new ZipfSampler(config.items(), config.itemSkew(), config.seed() + 1);
    ZipfSampler users = new ZipfSampler(config.users(), config.userSkew(), config.seed() + 2);
    long start = System.nanoTime();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.setRootValueSeparator(new SerializedString("\n"));
      for (long n = 0; n < config.reviews(); n++) {
        int user = users.sample(rnd);
        int item = items.sample(rnd);
        long day = FIRST_DAY + rnd.nextLong(LAST_DAY - FIRST_DAY + 1);
        LocalDate date = LocalDate.ofEpochDay(day);
        g.writeStartObject();
        g.writeNumberField("overall", 1 + rnd.nextInt(5) * 1.0);
        g.writeBooleanField("verified", rnd.nextInt(10) < 8);
        g.writeStringField("reviewTime", String.format(Locale.ROOT, "%02d %d, %d", date.getMonthValue(), date.getDayOfMonth(), date.getYear()));
        g.writeStringField("reviewerID", reviewer(user));
        g.writeStringField("asin", asin(item));
        if (rnd.nextInt(4) == 0) {
          g.writeObjectFieldStart("style");
          g.writeStringField("Size:", " " + (1 + rnd.nextInt(16)) + " Fl Oz");
          g.writeEndObject();
        }
        g.writeStringField("reviewerName", words(rnd, 1, 2));
        g.writeStringField("reviewText", words(rnd, 20, 120));
        g.writeStringField("summary", words(rnd, 2, 8));
        g.writeNumberField("unixReviewTime", day * 86_400L);
        if (rnd.nextInt(5) == 0) g.writeStringField("vote", Integer.toString(2 + rnd.nextInt(40)));
        g.writeEndObject();
        if ((n + 1) % 200_000 == 0) progress("reviews", n + 1, config.reviews(), start);
      }
      g.writeRaw('\n');
    }
  }

  private void writeMeta(OutputStream out) throws IOException {
    SplittableRandom rnd = new SplittableRandom(config.seed() + 3);
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.setRootValueSeparator(new SerializedString("\n"));
      for (int item = 0; item < config.items(); item++) {
        boolean noMeta = rnd.nextInt(100) == 0;
        boolean noText = rnd.nextInt(50) == 0;
        if (noMeta) continue;
        g.writeStartObject();
        if (noText) {
          g.writeArrayFieldStart("category");
          g.writeEndArray();
          g.writeStringField("title", "");
          g.writeStringField("asin", asin(item));
          g.writeEndObject();
          continue;
        }
        g.writeArrayFieldStart("category");
        g.writeString("Beauty");
        g.writeString(capitalised(rnd));
        if (rnd.nextBoolean()) g.writeString(capitalised(rnd) + " & " + capitalised(rnd));
        g.writeEndArray();
        g.writeStringField("tech1", "");
        g.writeArrayFieldStart("description");
        for (int k = rnd.nextInt(3); k >= 0; k--) g.writeString(words(rnd, 10, 60));
        g.writeEndArray();
        g.writeStringField("title", capitalised(rnd) + " " + words(rnd, 2, 8));
        g.writeArrayFieldStart("also_buy");
        for (int k = rnd.nextInt(4); k > 0; k--) g.writeString(asin(rnd.nextInt(config.items())));
        g.writeEndArray();
        g.writeStringField("brand", rnd.nextInt(20) == 0 ? BRANDS_EXTRA[rnd.nextInt(BRANDS_EXTRA.length)] : capitalised(rnd));
        g.writeArrayFieldStart("feature");
        for (int k = rnd.nextInt(5); k > 0; k--) g.writeString(words(rnd, 3, 12));
        g.writeEndArray();
        g.writeStringField("rank", String.format(Locale.ROOT, "%,d in Beauty & Personal Care (", 1 + rnd.nextInt(2_000_000)));
        g.writeStringField("main_cat", "All Beauty");
        g.writeStringField("date", rnd.nextInt(3) == 0 ? "" : LocalDate.ofEpochDay(FIRST_DAY - rnd.nextInt(3000)).toString());
        g.writeStringField("price", rnd.nextInt(6) == 0 ? "" : String.format(Locale.ROOT, "$%d.%02d", 1 + rnd.nextInt(80), rnd.nextInt(100)));
        g.writeStringField("asin", asin(item));
        g.writeEndObject();
      }
      g.writeRaw('\n');
    }
  }

  private String words(SplittableRandom rnd, int min, int max) {
    int n = min + rnd.nextInt(max - min + 1);
    StringBuilder sb = new StringBuilder(n * 7);
    for (int i = 0; i < n; i++) {
      if (i > 0) sb.append(' ');
      sb.append(vocabulary[rnd.nextInt(vocabulary.length)]);
      if (rnd.nextInt(200) == 0) sb.append("é");
      if (rnd.nextInt(12) == 0) sb.append(rnd.nextBoolean() ? "." : ",");
    }
    return sb.toString();
  }

  private String capitalised(SplittableRandom rnd) {
    String w = vocabulary[rnd.nextInt(vocabulary.length)];
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  private static void progress(String what, long done, long total, long startNanos) {
    double secs = (System.nanoTime() - startNanos) / 1e9;
    double rate = done / Math.max(secs, 1e-9);
    LOG.info("{}: {}/{} ({} lines/s, ETA {} s)", what, done, total, Math.round(rate), Math.round((total - done) / rate));
  }

  /** Writes {@code target} gzip-compressed, atomically. */
  private static void gzipAtomically(Path target, AtomicFiles.IoConsumer<OutputStream> body) throws IOException {
    AtomicFiles.write(target, file -> {
      try (OutputStream out = new GZIPOutputStream(file, 1 << 16)) {
        body.accept(out);
      }
    });
  }

  /** Command line: {@code --out DIR [--reviews N] [--users N] [--items N] [--seed S] [--category NAME]}. */
  public static void main(String[] args) throws IOException {
    Config d = Config.defaults();
    Path out = null;
    long reviews = d.reviews();
    int users = d.users();
    int items = d.items();
    long seed = d.seed();
    String category = d.category();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) usage("missing value for " + a);
      String v = args[++i];
      switch (a) {
        case "--out" -> out = Path.of(v);
        case "--reviews" -> reviews = Long.parseLong(v);
        case "--users" -> users = Integer.parseInt(v);
        case "--items" -> items = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--category" -> category = v;
        default -> usage("unknown option " + a);
      }
    }
    if (out == null) usage("--out is required");
    Config c = new Config(reviews, users, items, seed, category, d.itemSkew(), d.userSkew());
    long t0 = System.nanoTime();
    Output o = new AmazonLikeGenerator(c).write(out);
    System.out.printf(Locale.ROOT, "wrote %s (%,d bytes) and %s (%,d bytes) in %.1f s%n", o.reviews(), Files.size(o.reviews()),
        o.meta(), Files.size(o.meta()), (System.nanoTime() - t0) / 1e9);
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: AmazonLikeGenerator --out DIR [--reviews 1000000] [--users 100000] [--items 50000]"
        + " [--seed 42] [--category Synthetic_Beauty]");
    System.exit(2);
  }
}
