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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MovieLens (GroupLens), three layouts recognised by the files present:
 * <ul>
 *   <li><b>100K</b>: {@code u.data} (tab separated {@code user item rating unix_ts}), {@code u.item}
 *       ({@code |} separated: id, title, release date, video release date, IMDb URL, then one 0/1 flag per
 *       genre), {@code u.genre} ({@code name|index}); ISO-8859-1.</li>
 *   <li><b>1M</b> (and 10M): {@code ratings.dat} ({@code UserID::MovieID::Rating::Timestamp}),
 *       {@code movies.dat} ({@code MovieID::Title::Genres}, genres {@code |} separated); ISO-8859-1.</li>
 *   <li><b>20M/25M/32M/latest</b>: {@code ratings.csv} ({@code userId,movieId,rating,timestamp}),
 *       {@code movies.csv} ({@code movieId,title,genres}, RFC 4180 quoting); UTF-8.</li>
 * </ul>
 * Timestamps are Unix seconds. Item fields: {@code title} (with the year, as in the source), {@code genres}
 * (names joined with {@code "; "}; {@code (no genres listed)} → absent), and for 100K also
 * {@code release_date} and {@code imdb_url}. Domain: none unless given.
 */
final class MovieLensReader {
  static final String FORMAT = "movielens";
  private static final Logger LOG = LoggerFactory.getLogger(MovieLensReader.class);
  /** The 19 genres of ml-100k in flag order, used when {@code u.genre} is absent. */
  static final List<String> DEFAULT_100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
      "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
      "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");

  private enum Layout { ML100K, ML1M, CSV }

  private MovieLensReader() { }

  static RawData open(Path input, ReaderOptions options) throws IOException {
    Path ratings;
    if (Files.isDirectory(input)) {
      List<Path> found = InputFiles.matching(input, n -> {
        String b = TextFiles.stripGz(n);
        return b.equals("u.data") || b.equals("ratings.dat") || b.equals("ratings.csv");
      });
      if (found.isEmpty()) {
        throw new DataFormatException(input, 0, null, "no MovieLens ratings file (u.data, ratings.dat or ratings.csv) in this directory");
      }
      if (found.size() > 1) {
        throw new DataFormatException(input, 0, null, "ambiguous: several MovieLens ratings files: " + InputFiles.names(found));
      }
      ratings = found.get(0);
    } else {
      ratings = InputFiles.requireExisting(input);
    }
    String name = InputFiles.baseName(ratings);
    Layout layout = switch (name) {
      case "u.data" -> Layout.ML100K;
      case "ratings.dat" -> Layout.ML1M;
      case "ratings.csv" -> Layout.CSV;
      default -> throw new DataFormatException(ratings, 0, null,
          "not a MovieLens ratings file name (expected u.data, ratings.dat or ratings.csv)");
    };
    Charset cs = options.charsetOr(layout == Layout.CSV ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ReadStats stats = new ReadStats();
    boolean lenient = options.lenient();
    String itemName = switch (layout) {
      case ML100K -> "u.item";
      case ML1M -> "movies.dat";
      case CSV -> "movies.csv";
    };
    Path items = sibling(ratings, itemName);
    List<Path> files = new ArrayList<>(List.of(ratings));
    if (items != null) files.add(items);
    else LOG.warn("{}: no {} next to it; items will have no text", ratings.getFileName(), itemName);

    InteractionSource interactions;
    ItemSource itemSource;
    switch (layout) {
      case ML100K -> {
        interactions = LineSources.interactions(List.of(ratings), cs, stats, lenient,
            (line, no) -> rating(line.split("\t", -1), "\\t", "user_id", "item_id", "rating", "timestamp"));
        Path genreFile = sibling(ratings, "u.genre");
        List<String> genres = genreFile == null ? DEFAULT_100K_GENRES : readGenres(genreFile, cs);
        if (genreFile != null) files.add(genreFile);
        itemSource = LineSources.items(items, cs, stats, lenient, (line, no) -> item100k(line, genres));
      }
      case ML1M -> {
        interactions = LineSources.interactions(List.of(ratings), cs, stats, lenient,
            (line, no) -> rating(line.split("::", -1), "::", "UserID", "MovieID", "Rating", "Timestamp"));
        itemSource = LineSources.items(items, cs, stats, lenient, (line, no) -> {
          String[] f = line.split("::", -1);
          if (f.length != 3) throw new BadRecord(null, "wrong column count", "expected 3 '::'-separated fields, found " + f.length);
          return movie(f[0], f[1], f[2]);
        });
      }
      default -> {
        boolean[] header = {false};
        interactions = LineSources.interactions(List.of(ratings), cs, stats, lenient, (line, no) -> {
          String[] f = line.split(",", -1);
          if (!header[0]) {
            header[0] = true;
            if (!line.strip().equals("userId,movieId,rating,timestamp")) {
              throw new DataFormatException(ratings, no, null,
                  "expected the header 'userId,movieId,rating,timestamp', found '" + BadRecord.abbreviate(line) + "'");
            }
            return null;
          }
          return rating(f, ",", "userId", "movieId", "rating", "timestamp");
        });
        itemSource = items == null ? ItemSource.none() : csvMovies(items, cs, stats, lenient);
      }
    }
    return new RawData(FORMAT, interactions, itemSource, files, options.domainOr(null), stats);
  }

  private static Interaction rating(String[] f, String sep, String userF, String itemF, String ratingF, String tsF)
      throws BadRecord {
    if (f.length != 4) {
      throw new BadRecord(null, "wrong column count", "expected 4 '" + sep + "'-separated fields, found " + f.length);
    }
    String user = LineSources.required(userF, f[0].strip());
    String item = LineSources.required(itemF, f[1].strip());
    double rating = Timestamps.parseRating(ratingF, f[2]);
    long ts = Timestamps.parseLong(tsF, f[3]);
    return new Interaction(user, item, ts, rating);
  }

  private static ItemRecord item100k(String line, List<String> genres) throws BadRecord {
    String[] f = line.split("\\|", -1);
    if (f.length != 5 + genres.size()) {
      throw new BadRecord(null, "wrong column count",
          "expected " + (5 + genres.size()) + " '|'-separated fields (5 + " + genres.size() + " genre flags), found " + f.length);
    }
    String id = LineSources.required("movie_id", f[0].strip());
    Map<String, String> out = new LinkedHashMap<>();
    FieldValues.put(out, "title", FieldValues.blankToNull(f[1]));
    FieldValues.put(out, "release_date", FieldValues.blankToNull(f[2]));
    FieldValues.put(out, "imdb_url", FieldValues.blankToNull(f[4]));
    StringBuilder g = new StringBuilder();
    for (int k = 0; k < genres.size(); k++) {
      String flag = f[5 + k].strip();
      if (flag.equals("1")) {
        if (g.length() > 0) g.append(FieldValues.JOIN);
        g.append(genres.get(k));
      } else if (!flag.equals("0")) {
        throw new BadRecord(genres.get(k), "not a flag", "genre flag must be 0 or 1, found '" + BadRecord.abbreviate(flag) + "'");
      }
    }
    FieldValues.put(out, "genres", FieldValues.blankToNull(g.toString()));
    return new ItemRecord(id, out);
  }

  private static ItemRecord movie(String id, String title, String genres) throws BadRecord {
    String movieId = LineSources.required("movieId", id.strip());
    Map<String, String> out = new LinkedHashMap<>();
    FieldValues.put(out, "title", FieldValues.blankToNull(title));
    if (!genres.strip().equals("(no genres listed)")) {
      FieldValues.put(out, "genres", FieldValues.blankToNull(String.join(FieldValues.JOIN, genres.strip().split("\\|"))));
    }
    return new ItemRecord(movieId, out);
  }

  private static ItemSource csvMovies(Path file, Charset cs, ReadStats stats, boolean lenient) throws IOException {
    List<String> header = CsvTable.header(file, cs, ',');
    int id = CsvTable.column(file, header, "movieId", "movie id");
    int title = CsvTable.column(file, header, "title", "title");
    int genres = CsvTable.column(file, header, "genres", "genres");
    return sink -> {
      ReadStats.Pass pass = stats.items();
      pass.reset();
      CsvTable.scan(file, cs, ',', pass, lenient, (rec, line) -> {
        ItemRecord r = movie(rec.get(id), rec.get(title), rec.get(genres));
        if (r.fields().isEmpty()) pass.withoutText();
        sink.accept(r);
        pass.record();
      });
      LineScanner.logSummary(file, pass);
    };
  }

  /** {@code u.genre}: {@code name|index} lines, indices 0..G-1 in any order. */
  static List<String> readGenres(Path file, Charset cs) throws IOException {
    Map<Integer, String> byIndex = new java.util.TreeMap<>();
    LineScanner.scan(file, cs, new ReadStats().items(), false, (line, no) -> {
      int bar = line.lastIndexOf('|');
      if (bar < 0) throw new BadRecord(null, "wrong column count", "expected 'name|index'");
      int idx;
      try {
        idx = Integer.parseInt(line.substring(bar + 1).strip());
      } catch (NumberFormatException e) {
        throw BadRecord.notANumber("index", line.substring(bar + 1));
      }
      if (byIndex.put(idx, line.substring(0, bar)) != null) throw new BadRecord("index", "duplicate", "duplicate genre index " + idx);
    });
    List<String> out = new ArrayList<>(byIndex.values());
    int expect = 0;
    for (int k : byIndex.keySet()) {
      if (k != expect++) throw new DataFormatException(file, 0, "index", "genre indices are not 0.." + (byIndex.size() - 1));
    }
    return out;
  }

  private static Path sibling(Path ratings, String name) {
    for (String n : List.of(name, name + ".gz")) {
      Path p = ratings.resolveSibling(n);
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }
}
