package io.llmesr.run;

import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Frozen copy of {@code RunConfig} as it was before its keys were declared once ({@link RunKeys}): the oracle of
 * {@code ConfigCompatibilityTest}, which checks that the declared form writes the same {@code config.json} text and
 * refuses the same values. Do not edit (it must keep the old behaviour).
 */
record LegacyRunConfig(Preset preset, Path datasetDir, Model model, Training training, Eval eval) {
  LegacyRunConfig {
    if (preset == null || datasetDir == null || model == null || training == null || eval == null) {
      throw new IllegalArgumentException("incomplete run configuration");
    }
  }

  /**
   * Model settings (docs/model.md §3).
   *
   * @param methodOptions method-specific options ({@code method.KEY} keys, without the prefix)
   */
  public record Model(Backbone backbone, String method, int hiddenSize, int maxLen, int blocks, int heads,
                      float dropout, Masking masking, boolean dynamicLength, Map<String, String> methodOptions) {
    public Model {
      if (backbone == null || masking == null) throw new IllegalArgumentException("model.backbone/model.masking missing");
      if (method == null || method.isBlank()) throw new IllegalArgumentException("model.method must not be empty");
      methodOptions = Map.copyOf(methodOptions);
      // validates the shape numbers (and masking vs dynamic length) with a dummy item count
      new ModelSpec(backbone, 1, hiddenSize, maxLen, blocks, heads, dropout, masking, dynamicLength);
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
   * @param lengthBuckets batch users of similar length together ({@link io.llmesr.train.Batcher}). With dynamic
   *                      length this is what makes the padding short. Without masks (the paper preset) every batch
   *                      is still padded to L, but the encoder computes only the window of real items and folds the
   *                      padded slots into one key, so bucketed batches compute the paper's function at a fraction
   *                      of the cost. Note: beyond the paper (it changes which users share a batch and, unless
   *                      {@code epochLossNorm}, how much each slot weighs); default on with
   *                      {@code model.dynamic_length}, off otherwise.
   * @param epochLossNorm {@code train.loss_norm=epoch}: divide each batch's loss by rows × the epoch's target slots
   *                      per user instead of by its own slot count ({@code batch}, the paper), so that length buckets
   *                      weigh every slot as random batches do on average ({@link io.llmesr.train.Batcher}).
   *                      Note: beyond the paper.
   */
  public record Training(int epochs, int batchSize, double lr, double beta1, double beta2, double eps, int patience,
                         float maskProb, long seed, int evalBatchSize, boolean lengthBuckets, boolean epochLossNorm) {
    public Training {
      if (epochs < 1) throw new IllegalArgumentException("train.epochs must be >= 1, got " + epochs);
      if (batchSize < 1) throw new IllegalArgumentException("train.batch_size must be >= 1, got " + batchSize);
      if (!(lr > 0)) throw new IllegalArgumentException("train.lr must be > 0, got " + lr);
      if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("train.beta1 must be in [0,1), got " + beta1);
      if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("train.beta2 must be in [0,1), got " + beta2);
      if (!(eps > 0)) throw new IllegalArgumentException("train.eps must be > 0, got " + eps);
      if (patience < 1) throw new IllegalArgumentException("train.patience must be >= 1, got " + patience);
      if (!(maskProb > 0 && maskProb <= 1)) {
        throw new IllegalArgumentException("train.mask_prob must be in (0,1], got " + maskProb);
      }
      if (evalBatchSize < 1) throw new IllegalArgumentException("train.eval_batch_size must be >= 1, got " + evalBatchSize);
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
    Map<String, String> m = new LinkedHashMap<>();
    m.put("preset", preset.id());
    m.put("dataset.dir", "");
    m.put("model.backbone", backbone.id());
    m.put("model.method", method);
    m.put("model.hidden_size", "64");
    m.put("model.max_len", "200");
    m.put("model.blocks", "2");
    m.put("model.heads", "1");
    m.put("model.dropout", "0.5");
    m.put("model.masking", preset.masking(backbone).id());
    m.put("model.dynamic_length", Boolean.toString(preset.dynamicLength()));
    m.put("train.epochs", "200");
    m.put("train.batch_size", "128");
    m.put("train.lr", "0.001");
    m.put("train.beta1", "0.9");
    m.put("train.beta2", "0.999");
    m.put("train.eps", "1e-8");
    m.put("train.patience", "20");
    m.put("train.mask_prob", "0.6");
    m.put("train.seed", "42");
    m.put("train.eval_batch_size", "256");
    m.put("train.length_buckets", Boolean.toString(preset.dynamicLength()));
    m.put("train.loss_norm", "batch");
    m.put("eval.thresholds", "pareto");
    m.put("eval.seed", "42");
    m.put("eval.valid_protocol", "sampled100");
    return m;
  }

  /**
   * Resolves a configuration: preset defaults, then {@code overrides} (keys from {@link #defaults} or
   * {@code method.*}); an unknown key is an error naming it.
   */
  static LegacyRunConfig resolve(Preset preset, Backbone backbone, String method, Path datasetDir,
                                  Map<String, String> overrides) {
    Map<String, String> m = defaults(preset, backbone, method);
    m.put("dataset.dir", datasetDir.toString());
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String k = e.getKey().trim();
      if (!m.containsKey(k) && !k.startsWith("method.")) {
        throw new IllegalArgumentException("unknown configuration key '" + k + "' (known: " + String.join(", ",
            new ArrayList<>(m.keySet())) + ", method.*)");
      }
      if (k.equals("preset")) throw new IllegalArgumentException("'preset' cannot be overridden; use --preset");
      m.put(k, e.getValue().trim());
    }
    return fromMap(m);
  }

  /** Parses the flat form (e.g. read back from {@code config.json}). */
  static LegacyRunConfig fromMap(Map<String, String> map) {
    Keys k = new Keys(map);
    Map<String, String> methodOptions = new TreeMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey().startsWith("method.")) methodOptions.put(e.getKey().substring("method.".length()), e.getValue());
    }
    Preset preset = k.parse("preset", Preset::parse);
    String dir = k.string("dataset.dir");
    if (dir.isEmpty()) throw new IllegalArgumentException("configuration key 'dataset.dir' is empty");
    Model model = k.build("model", () -> new Model(k.parse("model.backbone", Backbone::parse), k.string("model.method"),
        k.integer("model.hidden_size"), k.integer("model.max_len"), k.integer("model.blocks"), k.integer("model.heads"),
        (float) k.real("model.dropout"), k.parse("model.masking", Masking::parse), k.bool("model.dynamic_length"),
        methodOptions));
    Training training = k.build("train", () -> new Training(k.integer("train.epochs"), k.integer("train.batch_size"),
        k.real("train.lr"), k.real("train.beta1"), k.real("train.beta2"), k.real("train.eps"),
        k.integer("train.patience"), (float) k.real("train.mask_prob"), k.longInt("train.seed"),
        k.integer("train.eval_batch_size"),
        // runs written before train.length_buckets existed bucketed exactly when their length was dynamic
        map.containsKey("train.length_buckets") ? k.bool("train.length_buckets") : k.bool("model.dynamic_length"),
        // runs written before train.loss_norm existed normalised by batch
        map.containsKey("train.loss_norm") && k.parse("train.loss_norm", LegacyRunConfig::parseLossNorm)));
    // runs written before eval.valid_protocol existed validated with sampled100
    Keys evalKeys = map.containsKey("eval.valid_protocol") ? k
        : new Keys(Map.of("eval.valid_protocol", io.llmesr.eval.EvalProtocol.SAMPLED100.label()));
    Eval eval = k.build("eval", () -> new Eval(k.string("eval.thresholds"), k.longInt("eval.seed"),
        evalKeys.parse("eval.valid_protocol", io.llmesr.eval.EvalProtocol::parse)));
    return new LegacyRunConfig(preset, Path.of(dir), model, training, eval);
  }

  /** The flat form: every key, stable order ({@code method.*} last, sorted). */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("preset", preset.id());
    m.put("dataset.dir", datasetDir.toString());
    m.put("model.backbone", model.backbone().id());
    m.put("model.method", model.method());
    m.put("model.hidden_size", Integer.toString(model.hiddenSize()));
    m.put("model.max_len", Integer.toString(model.maxLen()));
    m.put("model.blocks", Integer.toString(model.blocks()));
    m.put("model.heads", Integer.toString(model.heads()));
    m.put("model.dropout", Float.toString(model.dropout()));
    m.put("model.masking", model.masking().id());
    m.put("model.dynamic_length", Boolean.toString(model.dynamicLength()));
    m.put("train.epochs", Integer.toString(training.epochs()));
    m.put("train.batch_size", Integer.toString(training.batchSize()));
    m.put("train.lr", Double.toString(training.lr()));
    m.put("train.beta1", Double.toString(training.beta1()));
    m.put("train.beta2", Double.toString(training.beta2()));
    m.put("train.eps", Double.toString(training.eps()));
    m.put("train.patience", Integer.toString(training.patience()));
    m.put("train.mask_prob", Float.toString(training.maskProb()));
    m.put("train.seed", Long.toString(training.seed()));
    m.put("train.eval_batch_size", Integer.toString(training.evalBatchSize()));
    m.put("train.length_buckets", Boolean.toString(training.lengthBuckets()));
    m.put("train.loss_norm", training.epochLossNorm() ? "epoch" : "batch");
    m.put("eval.thresholds", eval.thresholds());
    m.put("eval.seed", Long.toString(eval.seed()));
    m.put("eval.valid_protocol", eval.validProtocol().label());
    new TreeMap<>(model.methodOptions()).forEach((key, v) -> m.put("method." + key, v));
    return m;
  }

  /** {@code train.loss_norm}: {@code batch} → false, {@code epoch} → true. */
  private static boolean parseLossNorm(String v) {
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "batch" -> false;
      case "epoch" -> true;
      default -> throw new IllegalArgumentException("expected batch or epoch, got '" + v + "'");
    };
  }

  /** One line per key, for the log. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    toMap().forEach((key, v) -> sb.append("  ").append(key).append(" = ").append(v).append('\n'));
    return sb.toString();
  }

  /** Typed access to the flat map with errors naming the key. */
  private static final class Keys {
    private final Map<String, String> map;

    Keys(Map<String, String> map) {
      this.map = map;
    }

    String string(String key) {
      String v = map.get(key);
      if (v == null) throw new IllegalArgumentException("configuration key '" + key + "' is missing");
      return v;
    }

    int integer(String key) {
      try {
        return Integer.parseInt(string(key));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("configuration key '" + key + "': '" + map.get(key) + "' is not an integer");
      }
    }

    long longInt(String key) {
      try {
        return Long.parseLong(string(key));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("configuration key '" + key + "': '" + map.get(key) + "' is not an integer");
      }
    }

    double real(String key) {
      try {
        return Double.parseDouble(string(key));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("configuration key '" + key + "': '" + map.get(key) + "' is not a number");
      }
    }

    boolean bool(String key) {
      String v = string(key).toLowerCase(java.util.Locale.ROOT);
      if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
      throw new IllegalArgumentException("configuration key '" + key + "': '" + map.get(key) + "' is not true/false");
    }

    <T> T parse(String key, java.util.function.Function<String, T> parser) {
      try {
        return parser.apply(string(key));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("configuration key '" + key + "': " + e.getMessage(), e);
      }
    }

    <T> T build(String section, java.util.function.Supplier<T> ctor) {
      try {
        return ctor.get();
      } catch (IllegalArgumentException e) {
        String msg = e.getMessage();
        throw new IllegalArgumentException(msg != null && msg.contains("'") ? msg : section + ": " + msg, e);
      }
    }
  }

  /** Keys accepted by {@code --set}, for help texts. */
  public static List<String> knownKeys() {
    return new ArrayList<>(defaults(Preset.PAPER, Backbone.SASREC, "plain").keySet());
  }
}
