package io.llmesr.run;

import io.llmesr.config.ConfigKey;
import io.llmesr.config.MethodOptions;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.loss.ObjectiveSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fully resolved configuration of a training run: immutable, typed, validated in the constructors. Its text form
 * is a flat map of dotted keys ({@link #toMap()} / {@link #fromMap(Map)}), which is what {@code --set key=value}
 * overrides and what {@code config.json} in the run directory holds. Every key is declared once, in {@link RunKeys}
 * (name, type, default, rules, doc), and each method's {@code method.*} options by the method
 * ({@link ModelFactory#options()}); {@link #defaults}, {@link #fromMap}, {@link #toMap} and {@link #knownKeys} are
 * derived from the declarations. Key table: {@code docs/training.md}.
 *
 * @param preset     the preset the defaults came from
 * @param datasetDir prepared dataset directory
 * @param model      model settings
 * @param training   optimisation settings
 * @param eval       validation/test settings
 */
public record RunConfig(Preset preset, Path datasetDir, Model model, Training training, Eval eval) {
  public RunConfig {
    if (preset == null || datasetDir == null || model == null || training == null || eval == null) {
      throw new IllegalArgumentException("incomplete run configuration");
    }
  }

  /**
   * Model settings (docs/model.md §3).
   *
   * @param methodOptions method-specific options as given ({@code method.KEY} keys, without the prefix; the text
   *                      as set, which is what {@code config.json} stores). The values of the options the method
   *                      declares are checked here; {@link #options()} is their typed view.
   */
  public record Model(Backbone backbone, String method, int hiddenSize, int maxLen, int blocks, int heads,
                      float dropout, Masking masking, boolean dynamicLength, Map<String, String> methodOptions) {
    public Model {
      if (backbone == null || masking == null) throw new IllegalArgumentException("model.backbone/model.masking missing");
      if (method == null || method.isBlank()) throw new IllegalArgumentException("model.method must not be empty");
      methodOptions = Map.copyOf(methodOptions);
      // validates the shape numbers (and masking vs dynamic length) with a dummy item count
      new ModelSpec(backbone, 1, hiddenSize, maxLen, blocks, heads, dropout, masking, dynamicLength);
      // the values of the method's declared options (unknown names are refused when the model is built)
      Map<String, String> given = methodOptions;
      ModelFactory.find(method).ifPresent(f -> f.resolveOptions(given));
    }

    /**
     * The method options, typed by the method's declarations ({@link ModelFactory#options()}); names the method
     * does not declare are in {@link MethodOptions#unknown()}.
     */
    public MethodOptions options() {
      return ModelFactory.forMethod(method).resolveOptions(methodOptions);
    }

    /** The model spec for a dataset with {@code numItems} items. GRU4Rec uses no dropout (docs/model.md §3.3). */
    public ModelSpec toSpec(int numItems) {
      float p = backbone == Backbone.GRU4REC ? 0f : dropout;
      return new ModelSpec(backbone, numItems, hiddenSize, maxLen, blocks, heads, p, masking, dynamicLength);
    }
  }

  /**
   * Optimisation settings (docs/model.md §4.1).
   *
   * @param lengthBuckets batch users of similar length together ({@code io.llmesr.train.Batcher}). With dynamic
   *                      length this is what makes the padding short. Without masks (the paper preset) every batch
   *                      is still padded to L, but the encoder computes only the window of real items and folds the
   *                      padded slots into one key, so bucketed batches compute the paper's function at a fraction
   *                      of the cost. Note: beyond the paper (it changes which users share a batch and, unless
   *                      {@code epochLossNorm}, how much each slot weighs); default on with
   *                      {@code model.dynamic_length}, off otherwise.
   * @param epochLossNorm {@code train.loss_norm=epoch}: divide each batch's loss by rows × the epoch's target slots
   *                      per user instead of by its own slot count ({@code batch}, the paper), so that length buckets
   *                      weigh every slot as random batches do on average ({@code io.llmesr.train.Batcher}).
   *                      Note: beyond the paper.
   * @param objective     the recommendation loss ({@code train.loss}, {@code train.negatives}, {@code train.sampler},
   *                      {@code train.gbce_t}, {@code train.ce_chunk}; docs/training.md, "Training objectives")
   */
  public record Training(int epochs, int batchSize, double lr, double beta1, double beta2, double eps, int patience,
                         float maskProb, long seed, int evalBatchSize, boolean lengthBuckets, boolean epochLossNorm,
                         ObjectiveSpec objective) {
    /** Settings with the paper's objective (BCE, one uniform negative). */
    public Training(int epochs, int batchSize, double lr, double beta1, double beta2, double eps, int patience,
                    float maskProb, long seed, int evalBatchSize, boolean lengthBuckets, boolean epochLossNorm) {
      this(epochs, batchSize, lr, beta1, beta2, eps, patience, maskProb, seed, evalBatchSize, lengthBuckets,
          epochLossNorm, ObjectiveSpec.PAPER);
    }

    public Training {
      if (objective == null) throw new IllegalArgumentException("train.loss missing");
      // the rules are declared with the keys (RunKeys); made directly, the record is checked against them too
      RunKeys.EPOCHS.check(epochs);
      RunKeys.BATCH_SIZE.check(batchSize);
      RunKeys.LR.check(lr);
      RunKeys.BETA1.check(beta1);
      RunKeys.BETA2.check(beta2);
      RunKeys.EPS.check(eps);
      RunKeys.PATIENCE.check(patience);
      RunKeys.MASK_PROB.check(maskProb);
      RunKeys.EVAL_BATCH_SIZE.check(evalBatchSize);
    }
  }

  /**
   * Evaluation settings.
   *
   * @param thresholds head/tail rule for the test report ({@code pareto}, {@code paper-beauty}, {@code U/I}, ...)
   * @param seed       seed of the sampled-100 negatives (saved under DATASET_DIR/eval and reused by every run)
   * @param validProtocol protocol of the per-epoch validation that drives early stopping: {@code sampled100} (the
   *                   paper, docs/model.md §4.4) or {@code full} (Note: beyond the paper; selects the checkpoint by
   *                   full-ranking NDCG@10, about 3–5× slower per validation)
   */
  public record Eval(String thresholds, long seed, io.llmesr.eval.EvalProtocol validProtocol) {
    public Eval {
      io.llmesr.eval.GroupThresholds.parse(thresholds);
      java.util.Objects.requireNonNull(validProtocol, "validProtocol");
    }
  }

  /** Default keys and values for a preset, backbone and method (before overrides), in a stable order. */
  public static Map<String, String> defaults(Preset preset, Backbone backbone, String method) {
    ConfigKey.Scope scope = new ConfigKey.Scope(preset.id(), backbone.id(), method);
    Map<String, String> m = new LinkedHashMap<>();
    for (RunKeys.Bound<?> b : RunKeys.ALL) m.put(b.key().name(), b.key().defaultText(scope));
    return m;
  }

  /**
   * Resolves a configuration: preset defaults, then {@code overrides} (keys from {@link #defaults} or
   * {@code method.*}); an unknown key is an error naming it, and so is a bad value (method options included).
   */
  public static RunConfig resolve(Preset preset, Backbone backbone, String method, Path datasetDir,
                                  Map<String, String> overrides) {
    Map<String, String> m = defaults(preset, backbone, method);
    m.put(RunKeys.DATASET_DIR.name(), datasetDir.toString());
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String k = e.getKey().trim();
      if (!m.containsKey(k) && !k.startsWith(RunKeys.METHOD_PREFIX)) {
        throw new IllegalArgumentException("unknown configuration key '" + k + "' (known: " + String.join(", ",
            new ArrayList<>(m.keySet())) + ", method.*)");
      }
      for (RunKeys.Bound<?> b : RunKeys.ALL) {
        if (b.key().name().equals(k) && !b.key().overridable()) {
          throw new IllegalArgumentException("'" + k + "' cannot be overridden; use --" + k);
        }
      }
      m.put(k, e.getValue().trim());
    }
    RunConfig config = fromMap(m);
    RunKeys.refuseInapplicable(overrides.keySet(), config.training().objective().loss());
    return config;
  }

  /**
   * Parses the flat form (e.g. read back from {@code config.json}): every key of {@link RunKeys#ALL} (a stored map
   * may lack the keys added later, read as the runs written before them behaved), then the {@code method.*}
   * options, whose declared values are checked by the method's declarations.
   */
  public static RunConfig fromMap(Map<String, String> map) {
    Map<ConfigKey<?>, Object> v = new HashMap<>();
    for (RunKeys.Bound<?> b : RunKeys.ALL) {
      ConfigKey<?> key = b.key();
      String text = map.get(key.name());
      v.put(key, text == null && key.hasLegacyDefault() ? key.legacyValue(v::get) : key.parse(text));
    }
    Map<String, String> methodOptions = new TreeMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey().startsWith(RunKeys.METHOD_PREFIX)) {
        methodOptions.put(e.getKey().substring(RunKeys.METHOD_PREFIX.length()), e.getValue());
      }
    }
    Values k = new Values(v);
    Model model = section("model", () -> new Model(k.get(RunKeys.BACKBONE), k.get(RunKeys.METHOD),
        k.get(RunKeys.HIDDEN_SIZE), k.get(RunKeys.MAX_LEN), k.get(RunKeys.BLOCKS), k.get(RunKeys.HEADS),
        k.get(RunKeys.DROPOUT), k.get(RunKeys.MASKING), k.get(RunKeys.DYNAMIC_LENGTH), methodOptions));
    Training training = section("train", () -> new Training(k.get(RunKeys.EPOCHS), k.get(RunKeys.BATCH_SIZE),
        k.get(RunKeys.LR), k.get(RunKeys.BETA1), k.get(RunKeys.BETA2), k.get(RunKeys.EPS), k.get(RunKeys.PATIENCE),
        k.get(RunKeys.MASK_PROB), k.get(RunKeys.SEED), k.get(RunKeys.EVAL_BATCH_SIZE), k.get(RunKeys.LENGTH_BUCKETS),
        k.get(RunKeys.LOSS_NORM), new ObjectiveSpec(k.get(RunKeys.LOSS), k.get(RunKeys.NEGATIVES), k.get(RunKeys.SAMPLER),
        k.get(RunKeys.GBCE_T), k.get(RunKeys.CE_CHUNK))));
    Eval eval = section("eval", () -> new Eval(k.get(RunKeys.THRESHOLDS), k.get(RunKeys.EVAL_SEED),
        k.get(RunKeys.VALID_PROTOCOL)));
    return new RunConfig(k.get(RunKeys.PRESET), Path.of(k.get(RunKeys.DATASET_DIR)), model, training, eval);
  }

  /** The flat form: every key of {@link RunKeys#ALL} in order, then {@code method.*} as given, sorted. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (RunKeys.Bound<?> b : RunKeys.ALL) m.put(b.key().name(), b.text(this));
    new TreeMap<>(model.methodOptions()).forEach((key, v) -> m.put(RunKeys.METHOD_PREFIX + key, v));
    return m;
  }

  /** One line per key, for the log. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    toMap().forEach((key, v) -> sb.append("  ").append(key).append(" = ").append(v).append('\n'));
    return sb.toString();
  }

  /** Keys accepted by {@code --set}, for help texts. */
  public static List<String> knownKeys() {
    List<String> keys = new ArrayList<>();
    for (RunKeys.Bound<?> b : RunKeys.ALL) keys.add(b.key().name());
    return keys;
  }

  /** The typed values read by {@link #fromMap}. */
  private record Values(Map<ConfigKey<?>, Object> values) {
    @SuppressWarnings("unchecked")
    <T> T get(ConfigKey<T> key) {
      return (T) values.get(key);
    }
  }

  /** Builds a section; an error that involves several keys (they were each checked) is prefixed by the section. */
  private static <T> T section(String section, java.util.function.Supplier<T> ctor) {
    try {
      return ctor.get();
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new IllegalArgumentException(msg != null && msg.contains("'") ? msg : section + ": " + msg, e);
    }
  }
}
