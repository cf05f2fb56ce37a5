package io.llmesr.model.melt;

import io.llmesr.config.ConfigKey;
import io.llmesr.config.MethodOptions;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceEncoder;
import io.llmesr.prepare.Dataset;
import java.util.List;

/**
 * Method {@code melt}, the baseline "MELT" of the LLM-ESR paper's comparison (Kim et al., SIGIR 2023, "MELT: Mutual
 * Enhancement of Long-Tailed User and Item for Sequential Recommendation"): the plain backbone (SASRec, BERT4Rec or
 * GRU4Rec; same id table, encoder and parameter names as {@code plain}) trained jointly with MELT's user and item
 * branches ({@link MeltModel}, {@link UserBranch}, {@link ItemBranch}): {@code W_I}'s reconstructions become the tail
 * items' embeddings at the start of every epoch, and at inference {@code W_U} enhances tail users.
 *
 * <p>Parameters: the plain model's, then {@code melt.w_u.weight}, {@code melt.w_u.bias}, {@code melt.tail_user_below}
 * (frozen, persisted), {@code melt.w_i.weight}, {@code melt.w_i.bias}; the enhanced tail-item embeddings live in the
 * id table. No input besides the dataset.
 *
 * <p>Options: {@code method.lambda_u} (λ_U, default 0.1), {@code method.lambda_i} (λ_I, default 0.4),
 * {@code method.e_max} (curriculum length, default 180), {@code method.thresholds} (head/tail rule, default
 * {@code pareto}), {@code method.fold_padding} as for {@code plain}.
 *
 * <p>Note: choices the paper leaves open or that we settled differently.
 * <ul>
 *   <li>Defaults λ_U = 0.1, λ_I = 0.4, e_max = 180 are the authors' published setting for MELT+SASRec on Amazon
 *       Beauty (their README); tune them per dataset and backbone.</li>
 *   <li>The backbone is trained jointly with the branches from scratch; the release starts from a pretrained SASRec.
 *       Warm-starting would be a separate run.</li>
 *   <li>Head and tail are the evaluation's groups ({@link GroupThresholds}), by default the same 20/80 rule as
 *       {@code eval.thresholds}; set {@code method.thresholds} to the run's {@code eval.thresholds} when that is not
 *       the default, so that MELT's tail is the report's tail.</li>
 *   <li>BERT4Rec and GRU4Rec: the branches use each backbone's user representation of a prediction input (BERT4Rec
 *       with its mask token appended); the release has SASRec and FMLP-Rec only.</li>
 * </ul>
 */
public final class MeltModelFactory implements ModelFactory {
  /** The method name. */
  public static final String METHOD = "melt";

  /** {@code method.lambda_u}: λ_U. */
  public static final ConfigKey<Double> LAMBDA_U = ConfigKey.real("method.lambda_u", 0.1,
          "weight λ_U of the user branch's reconstruction term (authors' Beauty setting 0.1; 0 = off)")
      .require(v -> v >= 0 && !Double.isInfinite(v), ">= 0 and finite");
  /** {@code method.lambda_i}: λ_I. */
  public static final ConfigKey<Double> LAMBDA_I = ConfigKey.real("method.lambda_i", 0.4,
          "weight λ_I of the item branch's reconstruction term (authors' Beauty setting 0.4; 0 = off)")
      .require(v -> v >= 0 && !Double.isInfinite(v), ">= 0 and finite");
  /** {@code method.e_max}: curriculum length. */
  public static final ConfigKey<Integer> E_MAX = ConfigKey.integer("method.e_max", 180,
          "epochs over which the curriculum weights move from the most popular heads to those nearest the tail "
              + "(authors' Beauty setting 180)")
      .require(v -> v >= 1, ">= 1");
  /** {@code method.thresholds}: the head/tail rule of the branches. */
  public static final ConfigKey<String> THRESHOLDS = ConfigKey.of("method.thresholds", "rule",
      MeltModelFactory::parseThresholds, t -> t, "pareto",
      "head/tail rule of the branches, as `eval.thresholds` (`pareto`, `paper-beauty`, `9/4`, ...)");

  private static String parseThresholds(String v) {
    GroupThresholds.parse(v);
    return v;
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(LAMBDA_U, LAMBDA_I, E_MAX, THRESHOLDS, PlainModelFactory.FOLD);
  }

  @Override
  public MeltModel create(Context context) {
    MethodOptions o = resolveOptions(context.options()).requireKnown();
    ModelSpec spec = context.spec();
    MeltGroups groups = context.dataset().map(ds -> groups(ds, o.get(THRESHOLDS), spec.maxLen())).orElse(null);
    return build(spec, new ParameterStore(context.manager(), context.seed()), o.get(PlainModelFactory.FOLD), groups,
        o.get(LAMBDA_U), o.get(LAMBDA_I), o.get(E_MAX));
  }

  /** The branches' groups and contexts of {@code ds} under the rule {@code thresholds}, inputs cut to L. */
  static MeltGroups groups(Dataset ds, String thresholds, int maxLen) {
    return MeltGroups.of(ds, GroupThresholds.parse(thresholds).resolve(ds, maxLen), maxLen);
  }

  /**
   * Builds the model into {@code store}: the plain model's parameters (id table, encoder), then MELT's.
   *
   * @param groups the training data's groups, or null to load a run for inference (the checkpoint then sets the
   *               tail-user threshold)
   */
  static MeltModel build(ModelSpec spec, ParameterStore store, boolean windowed, MeltGroups groups, double lambdaU,
                         double lambdaI, int eMax) {
    IdEmbedding ids = new IdEmbedding(store, spec);
    SequenceEncoder encoder = PlainModelFactory.encoderFor(spec, store, windowed);
    Curriculum curriculum = new Curriculum(eMax);
    UserBranch user = new UserBranch(store, spec.hiddenSize(), lambdaU, groups, curriculum);
    ItemBranch item = new ItemBranch(store, spec.hiddenSize(), lambdaI, user, groups, curriculum);
    return new MeltModel(spec, store, ids, encoder, user, item, groups);
  }
}
