package io.llmesr.cli;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.eval.ThresholdRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The option groups that several verbs share, as picocli mixins ({@code @Mixin}): each shared option is declared
 * once, so it has one name, one type and one description wherever it appears. {@code OptionMeaningTest} checks that
 * the options declared by single verbs keep to one meaning per name too; docs/cli.md lists them all.
 */
final class Mixins {
  private Mixins() { }

  /** The HNSW graph's parameters ({@link io.llmesr.ann.HnswParams}): similar-users --index hnsw, serve. */
  static final class Hnsw {
    static final String[] NAMES = {"--hnsw-m", "--hnsw-ef-construction", "--hnsw-ef-search"};

    @Option(names = "--hnsw-m", defaultValue = "" + io.llmesr.ann.HnswParams.DEFAULT_M, paramLabel = "M",
        description = "HNSW graph: links per node and layer (default ${DEFAULT-VALUE}; more = better recall, slower build).")
    int m;

    @Option(names = "--hnsw-ef-construction", defaultValue = "" + io.llmesr.ann.HnswParams.DEFAULT_EF_CONSTRUCTION,
        paramLabel = "N", description = "HNSW graph: candidate list while building (default ${DEFAULT-VALUE}; more = better graph, slower build).")
    int efConstruction;

    @Option(names = "--hnsw-ef-search", defaultValue = "" + io.llmesr.ann.HnswParams.DEFAULT_EF_SEARCH, paramLabel = "N",
        description = "HNSW graph: candidate list per query, raised to the neighbours wanted + 1 when smaller (default ${DEFAULT-VALUE}).")
    int efSearch;

    /** The parameters, or a {@link picocli.CommandLine.ParameterException} naming the bad option. */
    io.llmesr.ann.HnswParams params(picocli.CommandLine cl) {
      try {
        return new io.llmesr.ann.HnswParams(m, efConstruction, efSearch);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(cl, e.getMessage());
      }
    }

    /** Refuses any HNSW option given on the command line when no graph is used ({@code why} says when it is). */
    static void refuseIfGiven(picocli.CommandLine cl, String why) {
      for (String o : NAMES) {
        if (cl.getParseResult().hasMatchedOption(o)) throw new picocli.CommandLine.ParameterException(cl, o + " applies only " + why);
      }
    }
  }

  /** {@code DATASET_DIR}: the dataset a verb reads (the first positional parameter). */
  static final class DatasetDir {
    @Parameters(index = "0", paramLabel = "DATASET_DIR", description = "A dataset directory written by 'llmesr prepare'.")
    Path path;
  }

  /** {@code RUN_DIR}: the trained run a verb reads (the first positional parameter). */
  static final class RunDir {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory written by 'llmesr train'.")
    Path path;
  }

  /** {@code BUNDLE_DIR}: the model bundle a verb loads (the first positional parameter). */
  static final class BundleDir {
    @Parameters(index = "0", paramLabel = "BUNDLE_DIR", description = "A model bundle written by 'llmesr export'.")
    Path path;
  }

  /**
   * {@code --out DIR}: the directory a verb produces (prepare: a dataset, train: a run, experiment: a study's runs and
   * report, export: a bundle).
   */
  static final class OutDir {
    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Output directory: where this verb writes what it makes (prepare: a dataset, train: a run,"
            + " experiment: a study's runs and report, export: a bundle).")
    Path path;
  }

  /** {@code --json}: machine-readable output on stdout. */
  static final class Json {
    @Option(names = "--json", description = "Print JSON instead of text (and no progress bar).")
    boolean on;
  }

  /** {@code --threads N}: the verb's own worker threads. */
  static final class Threads {
    @Option(names = "--threads", paramLabel = "N",
        description = "Worker threads of this verb's CPU work (default: all processors; PyTorch's own threads"
            + " follow LLMESR_THREADS).")
    Integer n;

    int resolve() {
      return n != null ? n : Runtime.getRuntime().availableProcessors();
    }
  }

  /** {@code --checkpoint best|last}: which checkpoint of a run. */
  static final class Checkpoint {
    @Option(names = "--checkpoint", defaultValue = "best", paramLabel = "best|last", converter = CheckpointConverter.class,
        description = "Which checkpoint of the run: best (highest validation NDCG@10) or last (default: ${DEFAULT-VALUE}).")
    String name;
  }

  /** {@code --markdown-file FILE.md}: a verb's Markdown table, also written to a file. */
  static final class MarkdownFile {
    @Option(names = "--markdown-file", paramLabel = "FILE.md",
        description = "Also write the Markdown table to FILE.md (atomically).")
    Path path;
  }

  /**
   * How a model or a baseline is evaluated ({@code evaluate}, {@code baseline}): protocol, split, head/tail thresholds,
   * cut-offs, batch size, and a file for the JSON report. Options whose default differs between the two verbs are
   * {@code null} when not given; the verb supplies its default.
   */
  static final class Evaluation {
    @Option(names = "--protocol", paramLabel = "PROTOCOL", converter = ProtocolConverter.class,
        description = "Evaluation protocol: full (all items minus the history), sampled100 (the paper's: the target"
            + " and 100 frozen uniform negatives) or pop100 (100 frozen popularity-sampled negatives)"
            + " (default: sampled100 for evaluate, full for baseline).")
    EvalProtocol protocol;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|valid", converter = SplitConverter.class,
        description = "Which split to evaluate: test or valid (default: ${DEFAULT-VALUE}).")
    EvalSplit split;

    @Option(names = "--thresholds", paramLabel = "RULE", converter = ThresholdsConverter.class,
        description = "Head/tail thresholds: pareto, paper-yelp, paper-fashion, paper-beauty or USER/ITEM"
            + " (default: the run's eval.thresholds for evaluate, pareto for baseline).")
    ThresholdRule thresholds;

    @Option(names = "--ks", split = ",", defaultValue = "5,10,20", paramLabel = "K",
        description = "Cut-offs K of HR@K and NDCG@K (default: ${DEFAULT-VALUE}).")
    List<Integer> ks;

    @Option(names = "--batch-size", paramLabel = "N",
        description = "Users per scoring call (default: the run's train.eval_batch_size for evaluate, 256 for baseline).")
    Integer batchSize;

    @Option(names = "--json-file", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path jsonFile;

    @Option(names = "--ranks", paramLabel = "FILE", description = "Write per-user ranks (CSV) to FILE: one row per"
        + " evaluated user with the target's rank and the user's groups, for paired significance tests.")
    Path ranks;

    List<Integer> sortedKs() {
      return ks.stream().sorted().toList();
    }
  }

  static final class CheckpointConverter implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      String t = v.trim().toLowerCase(Locale.ROOT);
      if (t.equals("best") || t.equals("last")) return t;
      throw new TypeConversionException("expected best or last, got '" + v + "'");
    }
  }

  static final class ProtocolConverter implements ITypeConverter<EvalProtocol> {
    @Override
    public EvalProtocol convert(String v) {
      try {
        return EvalProtocol.parse(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class SplitConverter implements ITypeConverter<EvalSplit> {
    @Override
    public EvalSplit convert(String v) {
      try {
        return EvalSplit.parse(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ThresholdsConverter implements ITypeConverter<ThresholdRule> {
    @Override
    public ThresholdRule convert(String v) {
      try {
        return GroupThresholds.parse(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
