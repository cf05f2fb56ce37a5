package io.llmesr.model.llmesr;

import io.llmesr.config.ConfigKey;
import io.llmesr.config.MethodOptions;
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
import java.util.Map;
import java.util.Set;

/**
 * Method {@code llmesr}: builds an {@link LlmEsrModel} over the backbone named by the model spec.
 *
 * <p>Options ({@code method.KEY}, {@code -} and {@code _} interchangeable in names): declared once below
 * ({@link #OPTIONS}: name, type, default, rules, doc) — {@code alpha}, {@code sim_users}, {@code teacher},
 * {@code ablation}, {@code cross_heads}; read typed as {@link LlmEsrOptions}.
 * Inputs are the cached tables of the embed stage in the dataset directory ({@link LlmEsrTablesReader}); no text
 * encoder is ever called here. When loading for inference (no dataset in the context) the PCA table and the
 * similar users are not read: the collaborative table comes from the checkpoint and no teacher is built.
 */
public final class LlmEsrModelFactory implements ModelFactory {
  /** Option names (canonical form). */
  public static final String ALPHA = "alpha";
  public static final String SIM_USERS = "sim_users";
  public static final String TEACHER = "teacher";
  public static final String ABLATION = "ablation";
  public static final String CROSS_HEADS = "cross_heads";

  /** {@code method.alpha}. */
  public static final ConfigKey<Double> ALPHA_KEY = ConfigKey.real("method." + ALPHA, 0.1,
          "self-distillation weight (paper 0.1; 0 = off)")
      .require(a -> a >= 0 && !Double.isInfinite(a), ">= 0 and finite");
  /** {@code method.sim_users}. */
  public static final ConfigKey<Integer> SIM_USERS_KEY = ConfigKey.integer("method." + SIM_USERS, 10,
          "similar users averaged into the self-distillation teacher (paper 10)")
      .require(n -> n >= 1, ">= 1");
  /** {@code method.teacher}. */
  public static final ConfigKey<TeacherMode> TEACHER_KEY = ConfigKey.of("method." + TEACHER, "batch, cached",
      TeacherMode::parse, TeacherMode::toString, TeacherMode.BATCH,
      "batch: the paper's per-batch teacher; cached: refreshed once per epoch in evaluation mode");
  /** {@code method.ablation}. */
  public static final ConfigKey<Set<Ablation>> ABLATION_KEY = ConfigKey.of("method." + ABLATION,
      "comma-separated: " + Ablation.names(), Ablation::parseList, LlmEsrModelFactory::ablationText, Set.of(),
      "ablation switches (paper Table 2); empty = the full model");
  /** {@code method.cross_heads}. */
  public static final ConfigKey<Integer> CROSS_HEADS_KEY = ConfigKey.integer("method." + CROSS_HEADS, 2,
          "heads of each cross-attention module (paper 2)")
      .require(n -> n >= 1, ">= 1");
  /** Every option of the method, in docs order. */
  public static final List<ConfigKey<?>> OPTIONS = List.of(ALPHA_KEY, SIM_USERS_KEY, TEACHER_KEY, ABLATION_KEY,
      CROSS_HEADS_KEY);

  private static String ablationText(Set<Ablation> a) {
    return String.join(",", new java.util.TreeSet<>(a.stream().map(Ablation::cliName).toList()));
  }

  @Override
  public List<ConfigKey<?>> options() {
    return OPTIONS;
  }

  /** The options together: e.g. no-co-view and no-se-view cannot both be on ({@link LlmEsrOptions}). */
  @Override
  public void checkOptions(MethodOptions options) {
    try {
      toOptions(options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration key '" + ABLATION_KEY.name() + "': " + e.getMessage(), e);
    }
  }

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
    return toOptions(new LlmEsrModelFactory().resolveOptions(raw).requireKnown());
  }

  /** The typed options of the method. */
  private static LlmEsrOptions toOptions(MethodOptions o) {
    return new LlmEsrOptions(o.get(ALPHA_KEY), o.get(SIM_USERS_KEY), o.get(TEACHER_KEY), o.get(CROSS_HEADS_KEY),
        o.get(ABLATION_KEY));
  }
}
