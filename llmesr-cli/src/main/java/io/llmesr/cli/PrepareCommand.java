package io.llmesr.cli;

import io.llmesr.data.RawData;
import io.llmesr.data.ReaderOptions;
import io.llmesr.data.SourceFormats;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.prepare.DatasetManifest;
import io.llmesr.prepare.PrepareJob;
import io.llmesr.prepare.PrepareOptions;
import io.llmesr.prepare.Recipe;
import io.llmesr.prepare.SplitSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmesr prepare}: raw logs + item texts → dataset directory (see {@code docs/prepare.md} and
 * {@code docs/dataset-format.md}). A thin layer over {@link PrepareJob#run}.
 */
@Command(name = "prepare", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Prepare a dataset: filter (recipe), sort, number, split, build item/user prompts.",
        "Re-running with identical inputs (SHA-256) and parameters does nothing."})
final class PrepareCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "Source file or directory.")
  Path input;

  @Option(names = "--format", required = true, paramLabel = "FORMAT",
      description = "Source format: atomic, amazon2014, amazon2018, amazon2023, yelp, movielens, llmesr, csv.")
  String format;

  @Mixin Mixins.OutDir out;

  @Option(names = "--recipe", defaultValue = "llmesr-paper", paramLabel = "NAME",
      description = "llmesr-paper (default: the paper's single-pass 3/3 filter) or kcore (iterative k-core).")
  String recipe;

  @Option(names = "--kcore", defaultValue = "5", paramLabel = "K",
      description = "K of the kcore recipe: every user and item keeps at least K interactions (default ${DEFAULT-VALUE}).")
  int kcore;

  @Option(names = "--dedup", description = "kcore: keep only the first (in time order) of repeated (user, item) pairs.")
  boolean dedup;

  @Option(names = "--split-protocol", defaultValue = "loo", paramLabel = "loo|temporal",
      description = "How to split into train, validation and test: loo = leave-one-out by time (paper, default);"
          + " temporal = global time cutoffs.")
  String splitProtocol;

  @Option(names = "--cutoff-quantiles", paramLabel = "V,T", split = ",",
      description = "--split-protocol temporal: validation and test cutoffs as quantiles of all timestamps (default 0.8,0.9).")
  List<Double> cutoffQuantiles;

  @Option(names = "--cutoff-timestamps", paramLabel = "V,T", split = ",",
      description = "--split-protocol temporal: validation and test cutoffs as timestamps (instead of quantiles).")
  List<Long> cutoffTimestamps;

  @Option(names = "--domain", paramLabel = "DOMAIN",
      description = "Prompt domain: beauty, fashion, yelp (the paper's templates) or generic. Default: the reader's guess, else generic.")
  String domain;

  @Option(names = "--item-template", paramLabel = "TEMPLATE",
      description = "Item prompt template with {field} placeholders, e.g. \"Title: {title}; brand: {brand}\".")
  String itemTemplate;

  @Option(names = "--user-template", paramLabel = "TEMPLATE",
      description = {"How each history item is written in the user prompt, with {field} placeholders, e.g. \"{title} ({brand})\".",
          "Default: the domain's (paper domains: title or name; generic: title, else name, else all the item's fields)."})
  String userTemplate;

  @Option(names = "--hold-out-new-items", paramLabel = "FRACTION", defaultValue = "0",
      description = {"Cold-start study: take the newest FRACTION of items (by first interaction) out of the dataset and",
          "write them and the users whose last item they are to held_out_*.jsonl (see `llmesr evaluate-cold-start`)."})
  double holdOutNewItems;

  @Option(names = "--name", description = "Dataset name (default: the output directory's name).")
  String name;

  @Option(names = "--force", description = "Replace an existing dataset even if it holds derived data (embeddings/, eval/, ...), deleting it.")
  boolean force;

  @CommandLine.ArgGroup(exclusive = false, heading = "%nReader options (csv column flags and more):%n")
  ReaderFlags reader = new ReaderFlags();

  /** Flags passed to the source reader ({@link ReaderOptions}). */
  static final class ReaderFlags {
    @Option(names = "--user-column", description = "User id column (csv; atomic default user_id).") String userColumn;
    @Option(names = "--item-column", description = "Item id column (csv; atomic default item_id).") String itemColumn;
    @Option(names = "--timestamp-column", description = "Timestamp column (csv: none = line order).") String timestampColumn;
    @Option(names = "--rating-column", description = "Rating column (optional).") String ratingColumn;
    @Option(names = "--item-table", description = "csv: item table file.") Path itemTable;
    @Option(names = "--item-id-column", description = "csv: id column of the item table (default: --item-column).") String itemIdColumn;
    @Option(names = "--item-text-columns", split = ",", description = "csv: item table columns to keep (default all).") List<String> itemTextColumns;
    @Option(names = "--delimiter", description = "csv: field separator (default: detected).") Character delimiter;
    @Option(names = "--charset", description = "Text encoding (default: the format's).") String charset;
    @Option(names = "--category", description = "Which dataset in a directory holding several (Amazon category / atomic stem).") String category;
    @Option(names = "--lenient", description = "Skip and count malformed lines instead of failing on the first.") boolean lenient;

    ReaderOptions toOptions() {
      ReaderOptions o = ReaderOptions.defaults().withLenient(lenient)
          .withColumns(userColumn, itemColumn, timestampColumn, ratingColumn)
          .withDelimiter(delimiter).withCategory(category);
      if (charset != null) o = o.withCharset(Charset.forName(charset));
      if (itemTable != null) o = o.withItemTable(itemTable, itemIdColumn, itemTextColumns);
      return o;
    }

    /** The options as recorded in the manifest (and fingerprinted): only what was set. */
    Map<String, Object> toManifest() {
      Map<String, Object> m = new LinkedHashMap<>();
      put(m, "userColumn", userColumn);
      put(m, "itemColumn", itemColumn);
      put(m, "timestampColumn", timestampColumn);
      put(m, "ratingColumn", ratingColumn);
      put(m, "itemTable", itemTable == null ? null : itemTable.getFileName().toString());
      put(m, "itemIdColumn", itemIdColumn);
      put(m, "itemTextColumns", itemTextColumns);
      put(m, "delimiter", delimiter == null ? null : delimiter.toString());
      put(m, "charset", charset);
      put(m, "category", category);
      if (lenient) m.put("lenient", true);
      return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
      if (v != null) m.put(k, v);
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    SplitSpec splitSpec = splitSpec();
    if (!List.of("llmesr-paper", "kcore").contains(recipe)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "unknown recipe '" + recipe + "' (expected llmesr-paper or kcore)");
    }
    if (dedup && recipe.equals("llmesr-paper")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--dedup is not part of recipe llmesr-paper (the paper keeps repeated pairs); use --recipe kcore");
    }
    RawData raw;
    try {
      raw = SourceFormats.open(format, input, reader.toOptions());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    String dataName = name != null ? name : out.path.toAbsolutePath().normalize().getFileName().toString();
    PrepareOptions probe = new PrepareOptions(dataName, Recipe.of(recipe, kcore, dedup, false), splitSpec,
        domain == null ? null : domain.toLowerCase(Locale.ROOT), itemTemplate, userTemplate, reader.toManifest(),
        holdOutNewItems);
    boolean yelp = format.equalsIgnoreCase("yelp") || "yelp".equals(probe.resolveDomain(raw.domain()));
    PrepareOptions opts = new PrepareOptions(dataName, Recipe.of(recipe, kcore, dedup, yelp), splitSpec,
        probe.domain(), itemTemplate, userTemplate, reader.toManifest(), holdOutNewItems);
    try {
      opts.prompts(raw.domain());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }

    long t0 = System.nanoTime();
    PrepareJob.Result r = PrepareJob.run(raw, opts, out.path, force);
    double secs = (System.nanoTime() - t0) / 1e9;
    DatasetManifest m = r.manifest();
    if (r.outcome() == DatasetIO.Outcome.UP_TO_DATE) {
      o.printf(Locale.ROOT, "up to date: %s (%,d users, %,d items, %,d interactions; recipe %s v%d)%n", r.dir(),
          m.count("users"), m.count("items"), m.count("interactions"), m.recipe().name(), m.recipe().version());
      return 0;
    }
    if (raw.stats().skippedTotal() > 0) {
      o.println("reader skipped lines (--lenient): " + raw.stats());
      for (String ex : raw.stats().interactions().examples()) o.println("  e.g. " + ex);
    }
    o.printf(Locale.ROOT, "%s %s in %.1f s: %,d users, %,d items, %,d interactions (recipe %s v%d, split %s, prompts %s)%n",
        r.outcome() == DatasetIO.Outcome.CREATED ? "created" : "replaced", r.dir(), secs, m.count("users"),
        m.count("items"), m.count("interactions"), m.recipe().name(), m.recipe().version(), m.split().get("split"),
        m.prompts().domain());
    o.printf(Locale.ROOT, "  read %,d interactions; dropped %,d by rating, %,d by date window, %,d by the count filter;"
            + " %,d users removed after ids, %,d by the split%n",
        m.preparation().get("interactionsRead"), m.preparation().get("droppedByRating"),
        m.preparation().get("droppedByDate"), m.preparation().get("droppedByFilter"),
        m.preparation().get("usersRemovedAfterIds"), m.preparation().get("usersDroppedBySplit"));
    o.printf(Locale.ROOT, "  %s%n", promptSummary(m).replace("\n", "\n  "));
    if (holdOutNewItems > 0) {
      o.printf(Locale.ROOT, "  held out the newest %,d items and %,d users' last interactions with them (held_out_*.jsonl)%n",
          m.count("heldOutItems"), m.count("heldOutTargets"));
    }
    for (String w : r.warnings()) o.println("warning: " + w);
    o.println("next: llmesr describe " + out.path);
    return 0;
  }

  /** The prompt diversity line of a fresh dataset, from its manifest counts. */
  private static String promptSummary(DatasetManifest m) {
    return String.format(Locale.ROOT, "prompts: %,d distinct of %,d items (%,d without text), %,d distinct of %,d users"
            + " (%,d listing no item)", m.count("distinctItemPrompts"), m.count("items"), m.count("itemsWithoutText"),
        m.count("distinctUserPrompts"), m.count("users"), m.count("usersWithoutPromptText"));
  }

  private SplitSpec splitSpec() {
    switch (splitProtocol) {
      case "loo" -> {
        if (cutoffQuantiles != null || cutoffTimestamps != null) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--cutoff-* options need --split-protocol temporal");
        }
        return new SplitSpec.LeaveOneOut();
      }
      case "temporal" -> {
        try {
          if (cutoffQuantiles != null && cutoffTimestamps != null) {
            throw new IllegalArgumentException("give either --cutoff-quantiles or --cutoff-timestamps, not both");
          }
          if (cutoffTimestamps != null) {
            if (cutoffTimestamps.size() != 2) throw new IllegalArgumentException("--cutoff-timestamps needs two values V,T");
            return SplitSpec.Temporal.atTimestamps(cutoffTimestamps.get(0), cutoffTimestamps.get(1));
          }
          List<Double> q = cutoffQuantiles == null ? List.of(0.8, 0.9) : cutoffQuantiles;
          if (q.size() != 2) throw new IllegalArgumentException("--cutoff-quantiles needs two values V,T");
          return SplitSpec.Temporal.atQuantiles(q.get(0), q.get(1));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "unknown split protocol '" + splitProtocol + "' (expected loo or temporal)");
    }
  }
}
