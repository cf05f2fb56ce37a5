package io.llmesr.run;

import io.llmesr.config.ConfigKey;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.loss.LossKind;
import io.llmesr.model.loss.NegativeSampling;
import io.llmesr.model.loss.ObjectiveSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The run configuration's keys, each declared once: name, type, default (some depend on the preset and backbone,
 * {@link Preset}), rules, one-line doc, and where the typed value lives in {@link RunConfig}. {@link RunConfig}'s
 * {@code defaults}, {@code fromMap}, {@code toMap} and {@code knownKeys}, and the key table of docs/training.md are
 * derived from {@link #ALL}, in this order (which is the order of {@code config.json}). The methods' own options
 * ({@code method.*}) are declared by each method ({@link io.llmesr.model.ModelFactory#options()}).
 *
 * <p>Rules that involve several keys (heads divide the hidden size, dynamic length needs masks) stay in the records'
 * constructors ({@link io.llmesr.model.ModelSpec}).
 */
public final class RunKeys {
  private RunKeys() { }

  /** A declared key and where its typed value lives in a {@link RunConfig}. */
  public record Bound<T>(ConfigKey<T> key, Function<RunConfig, T> getter) {
    /** The text form of {@code config}'s value. */
    public String text(RunConfig config) {
      return key.format(getter.apply(config));
    }
  }

  private static final List<Bound<?>> BOUND = new ArrayList<>();

  private static <T> ConfigKey<T> bind(ConfigKey<T> key, Function<RunConfig, T> getter) {
    BOUND.add(new Bound<>(key, getter));
    return key;
  }

  public static final ConfigKey<Preset> PRESET = bind(ConfigKey.of("preset", "paper, fast", Preset::parse, Preset::id,
      Preset.PAPER, "named defaults (--preset): the official implementation's settings, or masks and dynamic length")
      .defaultFrom(s -> Preset.parse(s.preset()), "(`--preset`)").fixed(), RunConfig::preset);
  public static final ConfigKey<String> DATASET_DIR = bind(ConfigKey.text("dataset.dir", "",
          "prepared dataset directory (stored absolute)")
      .defaultFrom(s -> "", "(argument)").require(d -> !d.isEmpty(), "non-empty"), c -> c.datasetDir().toString());

  public static final ConfigKey<Backbone> BACKBONE = bind(ConfigKey.of("model.backbone", "sasrec, bert4rec, gru4rec",
          Backbone::parse, Backbone::id, Backbone.SASREC, "the sequential recommender")
      .defaultFrom(s -> Backbone.parse(s.backbone()), "(`--backbone`)"), c -> c.model().backbone());
  public static final ConfigKey<String> METHOD = bind(ConfigKey.text("model.method", "plain",
          "`plain`, or a registered method (`llmesr`, `llminit`, `rlmrec-con`, `cities`, `rlmrec-gen`, `alphafuse`, `melt`)")
      .defaultFrom(ConfigKey.Scope::method, "`plain`").require(m -> !m.isBlank(), "non-empty"),
      c -> c.model().method());
  public static final ConfigKey<Integer> HIDDEN_SIZE = bind(ConfigKey.integer("model.hidden_size", 64, "d")
      .require(v -> v >= 1, ">= 1"), c -> c.model().hiddenSize());
  public static final ConfigKey<Integer> MAX_LEN = bind(ConfigKey.integer("model.max_len", 200, "L")
      .require(v -> v >= 1, ">= 1"), c -> c.model().maxLen());
  public static final ConfigKey<Integer> BLOCKS = bind(ConfigKey.integer("model.blocks", 2, "transformer blocks")
      .require(v -> v >= 1, ">= 1"), c -> c.model().blocks());
  public static final ConfigKey<Integer> HEADS = bind(ConfigKey.integer("model.heads", 1,
          "transformer heads (must divide d)")
      .require(v -> v >= 1, ">= 1"), c -> c.model().heads());
  public static final ConfigKey<Float> DROPOUT = bind(ConfigKey.real32("model.dropout", 0.5f,
          "inputs, attention weights, FFN (ignored by GRU4Rec)")
      .require(p -> p >= 0f && p < 1f, "in [0,1)"), c -> c.model().dropout());
  public static final ConfigKey<Masking> MASKING = bind(ConfigKey.of("model.masking", "none, padding, causal",
          Masking::parse, Masking::id, Masking.NONE, "attention / padding masks")
      .defaultFrom(s -> Preset.parse(s.preset()).masking(Backbone.parse(s.backbone())), "preset"),
      c -> c.model().masking());
  public static final ConfigKey<Boolean> DYNAMIC_LENGTH = bind(ConfigKey.bool("model.dynamic_length", false,
          "pad to the batch's longest input (needs masks)")
      .defaultFrom(s -> Preset.parse(s.preset()).dynamicLength(), "preset"), c -> c.model().dynamicLength());

  public static final ConfigKey<Integer> EPOCHS = bind(ConfigKey.integer("train.epochs", 200, "maximum epochs")
      .require(v -> v >= 1, ">= 1"), c -> c.training().epochs());
  public static final ConfigKey<Integer> BATCH_SIZE = bind(ConfigKey.integer("train.batch_size", 128,
          "training users per batch")
      .require(v -> v >= 1, ">= 1"), c -> c.training().batchSize());
  public static final ConfigKey<Double> LR = bind(ConfigKey.real("train.lr", 0.001, "Adam learning rate")
      .require(v -> v > 0, "> 0"), c -> c.training().lr());
  public static final ConfigKey<Double> BETA1 = bind(ConfigKey.real("train.beta1", 0.9, "Adam beta1")
      .require(v -> v >= 0 && v < 1, "in [0,1)"), c -> c.training().beta1());
  public static final ConfigKey<Double> BETA2 = bind(ConfigKey.real("train.beta2", 0.999, "Adam beta2")
      .require(v -> v >= 0 && v < 1, "in [0,1)"), c -> c.training().beta2());
  public static final ConfigKey<Double> EPS = bind(ConfigKey.real("train.eps", 1e-8, "Adam epsilon")
      .require(v -> v > 0, "> 0"), c -> c.training().eps());
  public static final ConfigKey<Integer> PATIENCE = bind(ConfigKey.integer("train.patience", 20,
          "early stopping on validation NDCG@10")
      .require(v -> v >= 1, ">= 1"), c -> c.training().patience());
  public static final ConfigKey<Float> MASK_PROB = bind(ConfigKey.real32("train.mask_prob", 0.6f,
          "BERT4Rec cloze probability")
      .require(p -> p > 0 && p <= 1, "in (0,1]"), c -> c.training().maskProb());
  public static final ConfigKey<Long> SEED = bind(ConfigKey.longInteger("train.seed", 42,
      "root seed (paper: 42, 43, 44)"), c -> c.training().seed());
  public static final ConfigKey<Integer> EVAL_BATCH_SIZE = bind(ConfigKey.integer("train.eval_batch_size", 256,
          "users per scoring chunk")
      .require(v -> v >= 1, ">= 1"), c -> c.training().evalBatchSize());
  public static final ConfigKey<Boolean> LENGTH_BUCKETS = bind(ConfigKey.bool("train.length_buckets", false,
          "batch users of similar length together; runs saved before this key existed read as their "
              + "`model.dynamic_length`")
      .defaultFrom(s -> Preset.parse(s.preset()).dynamicLength(), "preset (= `model.dynamic_length`)")
      // runs written before train.length_buckets existed bucketed exactly when their length was dynamic
      .whenAbsent(earlier -> (Boolean) earlier.apply(DYNAMIC_LENGTH)), c -> c.training().lengthBuckets());
  public static final ConfigKey<Boolean> LOSS_NORM = bind(ConfigKey.of("train.loss_norm", "batch, epoch",
          RunKeys::parseLossNorm, epoch -> epoch ? "epoch" : "batch", false,
          "`batch`: each batch's loss divided by its own target slots (the paper); `epoch`: by rows × the epoch's "
              + "target slots per user")
      // runs written before train.loss_norm existed normalised by batch
      .whenAbsent(earlier -> false), c -> c.training().epochLossNorm());
  // the training objective (docs/training.md, "Training objectives"); runs written before these keys existed used
  // the paper's BCE with one uniform negative
  public static final ConfigKey<LossKind> LOSS = bind(ConfigKey.of("train.loss", "bce, ce, sampled-softmax, gbce",
          LossKind::parse, LossKind::id, LossKind.BCE,
          "recommendation loss: `bce` (the paper, 1 negative), `ce` (full softmax), `sampled-softmax` (logQ-corrected),"
              + " `gbce` (gSASRec)")
      .whenAbsent(earlier -> LossKind.BCE), c -> c.training().objective().loss());
  public static final ConfigKey<Integer> NEGATIVES = bind(ConfigKey.of("train.negatives", "integer or auto",
          RunKeys::parseNegatives, k -> k == ObjectiveSpec.AUTO ? "auto" : Integer.toString(k), ObjectiveSpec.AUTO,
          "negatives per target slot, >= 1; `auto`: 1 for `bce`, min(256, N-1) for `sampled-softmax`/`gbce`; not "
              + "with `ce`")
      .whenAbsent(earlier -> ObjectiveSpec.AUTO), c -> c.training().objective().negatives());
  public static final ConfigKey<NegativeSampling> SAMPLER = bind(ConfigKey.of("train.sampler", "uniform, pop",
          NegativeSampling::parse, NegativeSampling::id, NegativeSampling.UNIFORM,
          "distribution of the negatives (the user's training items excluded): uniform, or popularity (count + 1); "
              + "not with `ce`, `gbce` needs uniform")
      .whenAbsent(earlier -> NegativeSampling.UNIFORM), c -> c.training().objective().sampler());
  public static final ConfigKey<Double> GBCE_T = bind(ConfigKey.real("train.gbce_t", ObjectiveSpec.DEFAULT_GBCE_T,
          "`gbce` only: calibration t (0 = BCE with k negatives, 1 = fully calibrated)")
      .require(t -> t >= 0 && t <= 1, "in [0,1]")
      .whenAbsent(earlier -> ObjectiveSpec.DEFAULT_GBCE_T), c -> c.training().objective().gbceT());
  public static final ConfigKey<Integer> CE_CHUNK = bind(ConfigKey.integer("train.ce_chunk",
          ObjectiveSpec.DEFAULT_CE_CHUNK, "`ce` only: items per chunk of logits (memory: slots × chunk floats)")
      .require(v -> v >= 1, ">= 1")
      .whenAbsent(earlier -> ObjectiveSpec.DEFAULT_CE_CHUNK), c -> c.training().objective().ceChunk());

  public static final ConfigKey<String> THRESHOLDS = bind(ConfigKey.of("eval.thresholds", "rule",
      RunKeys::parseThresholds, t -> t, "pareto",
      "head/tail rule of the test report (`pareto`, `paper-beauty`, `9/4`, ...)"), c -> c.eval().thresholds());
  public static final ConfigKey<Long> EVAL_SEED = bind(ConfigKey.longInteger("eval.seed", 42,
      "seed of the sampled-100 negatives (shared by all runs on a dataset)"), c -> c.eval().seed());
  public static final ConfigKey<EvalProtocol> VALID_PROTOCOL = bind(ConfigKey.of("eval.valid_protocol",
          "sampled100, full, pop100", EvalProtocol::parse, EvalProtocol::label, EvalProtocol.SAMPLED100,
          "protocol of the per-epoch validation that drives early stopping; `full` and `pop100` are beyond the paper")
      // runs written before eval.valid_protocol existed validated with sampled100
      .whenAbsent(earlier -> EvalProtocol.SAMPLED100), c -> c.eval().validProtocol());

  /** Every key, in {@code config.json} order. */
  public static final List<Bound<?>> ALL = Collections.unmodifiableList(new ArrayList<>(BOUND));

  /** The prefix of the method options (declared by each method, {@link io.llmesr.model.ModelFactory#options()}). */
  public static final String METHOD_PREFIX = "method.";

  /** {@code train.negatives}: {@code auto} → {@link ObjectiveSpec#AUTO}, else an integer >= 1. */
  private static int parseNegatives(String v) {
    if (v.trim().equalsIgnoreCase("auto")) return ObjectiveSpec.AUTO;
    int k;
    try {
      k = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is neither an integer nor auto");
    }
    if (k < 1) throw new IllegalArgumentException("must be >= 1 (or auto), got " + k);
    return k;
  }

  /**
   * Refuses objective keys given explicitly ({@code --set}) for a loss they do not apply to, naming the key and the
   * loss: {@code train.negatives} and {@code train.sampler} with {@code ce}, {@code train.gbce_t} without {@code gbce},
   * {@code train.ce_chunk} without {@code ce}.
   */
  static void refuseInapplicable(java.util.Collection<String> given, LossKind loss) {
    for (String raw : given) {
      String key = raw.trim();
      boolean applies;
      if (key.equals(NEGATIVES.name()) || key.equals(SAMPLER.name())) {
        applies = loss.sampled();
      } else if (key.equals(GBCE_T.name())) {
        applies = loss == LossKind.GBCE;
      } else if (key.equals(CE_CHUNK.name())) {
        applies = loss == LossKind.CE;
      } else {
        applies = true;
      }
      if (!applies) {
        throw new IllegalArgumentException("configuration key '" + key + "' does not apply to train.loss="
            + loss.id() + (key.equals(GBCE_T.name()) ? " (it is gbce's calibration)"
            : key.equals(CE_CHUNK.name()) ? " (it chunks the full softmax of train.loss=ce)"
            : " (the full softmax scores every item: there are no sampled negatives)"));
      }
    }
  }

  /** {@code train.loss_norm}: {@code batch} → false, {@code epoch} → true. */
  private static boolean parseLossNorm(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "batch" -> false;
      case "epoch" -> true;
      default -> throw new IllegalArgumentException("expected batch or epoch, got '" + v + "'");
    };
  }

  private static String parseThresholds(String v) {
    GroupThresholds.parse(v);
    return v;
  }
}
