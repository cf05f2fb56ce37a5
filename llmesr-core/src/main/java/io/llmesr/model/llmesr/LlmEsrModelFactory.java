package io.llmesr.model.llmesr;

import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.model.GruEncoder;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceEncoder;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.StreamMixer;
import io.llmesr.model.TransformerEncoder;
import io.llmesr.prepare.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Method {@code llmesr}: builds an {@link LlmEsrModel} over the backbone named by the model spec.
 *
 * <p>Options (string-valued, {@code -} and {@code _} interchangeable):
 * <ul>
 *   <li>{@code alpha} — self-distillation weight (default 0.1);</li>
 *   <li>{@code sim_users} — number of similar users in the teacher (default 10);</li>
 *   <li>{@code teacher} — {@code batch} (default, the paper) or {@code cached};</li>
 *   <li>{@code ablation} — comma-separated {@link Ablation} names (default none);</li>
 *   <li>{@code cross_heads} — heads per cross-attention module (default 2).</li>
 * </ul>
 * Inputs are the cached tables of the embed stage in the dataset directory ({@link LlmEsrTablesReader}); no text
 * encoder is ever called here. When loading for inference (no dataset in the context) the PCA table and the
 * similar users are not read: the collaborative table comes from the checkpoint and no teacher is built.
 */
public final class LlmEsrModelFactory implements ModelFactory {
  /** Option keys (canonical form). */
  public static final String ALPHA = "alpha";
  public static final String SIM_USERS = "sim_users";
  public static final String TEACHER = "teacher";
  public static final String ABLATION = "ablation";
  public static final String CROSS_HEADS = "cross_heads";
  private static final Set<String> KEYS = Set.of(ALPHA, SIM_USERS, TEACHER, ABLATION, CROSS_HEADS);

  @Override
  public String method() {
    return "llmesr";
  }

  @Override
  public SequenceModel create(Context context) {
    LlmEsrOptions options = parseOptions(context.options());
    boolean training = context.dataset().isPresent();
    if (context.datasetDir() == null) {
      throw new IllegalArgumentException("method llmesr needs the dataset directory (it holds the LLM embedding tables)");
    }
    boolean needPca = training && options.collaborativeView() && !options.has(Ablation.RANDOM_ID_INIT);
    boolean needSimilar = training && options.selfDistillation();
    LlmEsrTables tables = LlmEsrTablesReader.read(context.datasetDir(), context.spec().hiddenSize(), needPca, needSimilar);
    if (!training && options.collaborativeView() && !options.has(Ablation.RANDOM_ID_INIT)) {
      // inference: the collaborative table is overwritten by the checkpoint; initialise it without the PCA file
      options = options.withAblations(withRandomInit(options.ablations()));
    }
    return build(context.spec(), new ParameterStore(context.manager(), context.seed()), tables, options,
        context.dataset().orElse(null));
  }

  /** The cached tables the model reads, for the run's provenance (SHA-256 of each). */
  @Override
  public Map<String, Path> inputFiles(Context context) {
    LlmEsrOptions options = parseOptions(context.options());
    Path dir = context.datasetDir();
    Map<String, Path> files = new java.util.LinkedHashMap<>();
    files.put("llm_item_table", EmbeddingLayout.items(dir));   // always read (row count check, semantic view)
    if (options.collaborativeView() && !options.has(Ablation.RANDOM_ID_INIT)) {
      files.put("pca_item_table", EmbeddingLayout.pca(dir, context.spec().hiddenSize()));
    }
    if (options.selfDistillation()) files.put("similar_users", EmbeddingLayout.similarUsers(dir));
    return files;
  }

  private static Set<Ablation> withRandomInit(Set<Ablation> a) {
    java.util.EnumSet<Ablation> s = java.util.EnumSet.noneOf(Ablation.class);
    s.addAll(a);
    s.add(Ablation.RANDOM_ID_INIT);
    return s;
  }

  /**
   * Builds the model into {@code store}. Registration order: collaborative table, LLM table, adapter, encoder(s),
   * cross-attention.
   *
   * @param dataset the training dataset (for the teacher's sequences); null builds no self-distillation term
   */
  public static LlmEsrModel build(ModelSpec spec, ParameterStore store, LlmEsrTables tables, LlmEsrOptions options,
                                  Dataset dataset) {
    return build(spec, store, tables, options, dataset, true);
  }

  /**
   * As {@link #build(ModelSpec, ParameterStore, LlmEsrTables, LlmEsrOptions, Dataset)}; {@code foldPadding = false}
   * runs the transformer encoder literally on all slots instead of on the window of real items (same function,
   * same parameters; for benchmarks and tests that measure or check the folding).
   */
  public static LlmEsrModel build(ModelSpec spec, ParameterStore store, LlmEsrTables tables, LlmEsrOptions options,
                                  Dataset dataset, boolean foldPadding) {
    if (tables.numItems() != spec.numItems()) {
      throw new IllegalArgumentException("LLM item table has " + tables.numItems() + " items but the dataset has "
          + spec.numItems() + ": it was computed for another dataset");
    }
    int d = spec.hiddenSize();
    DualViewItems items = new DualViewItems(store, tables, d, options);
    List<SequenceEncoder> encoders = new ArrayList<>();
    SequenceEncoder shared = encoder(spec, store, "", foldPadding);
    encoders.add(shared);
    if (items.views() == 2) {
      encoders.add(options.separateEncoders() ? encoder(spec, store, "sem.", foldPadding) : shared);
    }
    StreamMixer mixer = options.crossAttention()
        ? new CrossAttentionMixer(store, d, options.crossHeads(), spec.masking())
        : StreamMixer.IDENTITY;
    SelfDistillation sd = null;
    if (options.selfDistillation() && dataset != null) {
      sd = new SelfDistillation(options.effectiveAlpha(), options.teacher(),
          new TeacherSequences(dataset, tables.topSimilar(options.simUsers())));
    }
    return new LlmEsrModel(spec, store, items, encoders, mixer, sd, options);
  }

  private static SequenceEncoder encoder(ModelSpec spec, ParameterStore store, String prefix, boolean fold) {
    if (!spec.backbone().isTransformer()) return new GruEncoder(store, spec, prefix);
    return new TransformerEncoder(store, spec, prefix, fold);
  }

  /** Parses and validates the method options (unknown keys are an error naming the known ones). */
  public static LlmEsrOptions parseOptions(Map<String, String> raw) {
    LlmEsrOptions p = LlmEsrOptions.paper();
    double alpha = p.alpha();
    int simUsers = p.simUsers();
    TeacherMode teacher = p.teacher();
    int heads = p.crossHeads();
    Set<Ablation> ablations = p.ablations();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String key = e.getKey().trim().toLowerCase(Locale.ROOT).replace('-', '_');
      String value = e.getValue();
      try {
        switch (key) {
          case ALPHA -> alpha = Double.parseDouble(value.trim());
          case SIM_USERS -> simUsers = Integer.parseInt(value.trim());
          case TEACHER -> teacher = TeacherMode.parse(value);
          case ABLATION -> ablations = Ablation.parseList(value);
          case CROSS_HEADS -> heads = Integer.parseInt(value.trim());
          default -> throw new IllegalArgumentException("unknown option '" + e.getKey() + "' for method llmesr (known: "
              + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("option " + key + ": not a number: '" + value + "'");
      }
    }
    return new LlmEsrOptions(alpha, simUsers, teacher, heads, ablations);
  }
}
