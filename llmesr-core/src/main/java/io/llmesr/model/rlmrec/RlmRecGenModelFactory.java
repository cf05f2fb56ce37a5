package io.llmesr.model.rlmrec;

import io.llmesr.config.ConfigKey;
import io.llmesr.config.MethodOptions;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.llmesr.FrozenItemTable;
import io.llmesr.model.llmesr.LlmEsrTables;
import io.llmesr.model.llmesr.LlmEsrTablesReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Method {@code rlmrec-gen}, the baseline "RLMRec-Gen" of the LLM-ESR paper's comparison: RLMRec (Ren et al., WWW
 * 2024, "Representation Learning with Large Language Models for Recommendation"), generative variant (§3.4,
 * mask-reconstruction), on a sequential backbone. The model is the plain backbone (SASRec, BERT4Rec or GRU4Rec,
 * {@link PlainModelFactory}: same id table, encoder and parameter names), trained with
 * <pre>
 *   L = L_rec + beta · mean_{masked slots (b,t)} ( 1 − cos( g(h_bt), s_{item(b,t)} ) )
 * </pre>
 * ({@link GenerativeAlignment}): each input slot is masked with probability {@code r} (its input replaced by the mask
 * token), {@code h_bt} is the model's hidden state at the masked slot, {@code g} a trainable MLP d → (D+d)/2 → D
 * ({@link RlmRecMlp}, shared with {@code rlmrec-con}), {@code s_j} the frozen LLM item embedding
 * ({@code embeddings/items.f32}, the table LLM-ESR reads). Evaluation and serving score with the id table only, as
 * {@code plain}.
 *
 * <p>Parameters: the plain model's, then {@code rlmrec.mlp0.weight} (H×d), {@code rlmrec.mlp0.bias},
 * {@code rlmrec.mlp1.weight} (D×H), {@code rlmrec.mlp1.bias} (persisted in checkpoints); the LLM table is frozen
 * ({@link FrozenItemTable}: no gradient, not in checkpoints, re-read from the dataset, its SHA-256 in the run's
 * provenance through {@link #inputFiles}). The LLM table is read for inference too (it gives the MLP's output width).
 *
 * <p>Options: {@code method.beta} (weight, default 0.1), {@code method.mask_ratio} (r, default 0.15),
 * {@code method.fold_padding} as for {@code plain}.
 *
 * <p>Note: the defaults are RLMRec's published setting for its Amazon dataset (mask ratio 0.15, reconstruction weight
 * 0.1); neither paper gives values for the sequential setting: tune them per dataset. The adaptation to sequences
 * (what is masked, what reconstructs) is described in {@link GenerativeAlignment}.
 */
public final class RlmRecGenModelFactory implements ModelFactory {
  /** The method name. */
  public static final String METHOD = "rlmrec-gen";

  /** {@code method.beta}. */
  public static final ConfigKey<Double> BETA = ConfigKey.real("method.beta", 0.1,
          "weight of the generative alignment (masked reconstruction) term (0 = plain training)")
      .require(b -> b >= 0 && !Double.isInfinite(b), ">= 0 and finite");
  /** {@code method.mask_ratio}. */
  public static final ConfigKey<Double> MASK_RATIO = ConfigKey.real("method.mask_ratio", 0.15,
          "probability that an input slot is masked and its item's LLM embedding reconstructed")
      .require(r -> r > 0 && r <= 1, "in (0,1]");

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(BETA, MASK_RATIO, PlainModelFactory.FOLD);
  }

  @Override
  public SequenceModel create(Context context) {
    MethodOptions o = resolveOptions(context.options()).requireKnown();
    LlmEsrTables tables = LlmEsrTablesReader.llmItems(METHOD, context.datasetDir(), context.spec().numItems());
    return build(context.spec(), new ParameterStore(context.manager(), context.seed()), o.get(PlainModelFactory.FOLD),
        tables.llmItems(), tables.llmDim(), o.get(BETA), o.get(MASK_RATIO));
  }

  /**
   * Builds the model into {@code store}: the plain model's parameters (id table, encoder), then the frozen LLM table
   * and the MLP.
   *
   * @param llmItems {@code (N+1)×D} row-major, row 0 zeros
   */
  public static SequenceRecommender build(ModelSpec spec, ParameterStore store, boolean windowed, float[] llmItems,
                                          int llmDim, double beta, double maskRatio) {
    return PlainWithAlignment.build(spec, store, windowed, llmItems, llmDim,
        llm -> new GenerativeAlignment(store, llm, spec.hiddenSize(), beta, maskRatio));
  }

  /** The LLM item table, for the run's provenance (SHA-256). */
  @Override
  public Map<String, Path> inputFiles(Context context) {
    return Map.of("llm_item_table", EmbeddingLayout.items(context.datasetDir()));
  }
}
