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
 * Method {@code rlmrec-con}, the baseline "RLMRec-Con" of the LLM-ESR paper's comparison: RLMRec (Ren et al., WWW
 * 2024, "Representation Learning with Large Language Models for Recommendation"), contrastive variant, on a sequential
 * backbone. The model is the plain backbone (SASRec, BERT4Rec or GRU4Rec, {@link PlainModelFactory}: same id table,
 * encoder and parameter names), trained with
 * <pre>
 *   L = L_rec + beta · InfoNCE( e_j , f(s_j) )   over the distinct items j of the batch
 * </pre>
 * ({@link ContrastiveAlignment}): {@code e_j} the id embedding, {@code s_j} the frozen LLM item embedding
 * ({@code embeddings/items.f32}, the table LLM-ESR reads), {@code f} a trainable MLP D → (D+d)/2 → d, cosine
 * similarity with temperature {@code tau}. Evaluation and serving score with the id table only, as {@code plain}.
 *
 * <p>Parameters: the plain model's, then {@code rlmrec.mlp0.weight}, {@code rlmrec.mlp0.bias},
 * {@code rlmrec.mlp1.weight}, {@code rlmrec.mlp1.bias} (persisted in checkpoints); the LLM table is frozen
 * ({@link FrozenItemTable}: no gradient, not in checkpoints, re-read from the dataset, its SHA-256 in the run's
 * provenance through {@link #inputFiles}). The LLM table is read for inference too (it gives the MLP's input width).
 *
 * <p>Options: {@code method.beta} (weight, default 0.1), {@code method.tau} (temperature, default 0.2),
 * {@code method.fold_padding} as for {@code plain}.
 *
 * <p>Note: choices the papers leave open for sequential backbones.
 * <ul>
 *   <li>The MLP is on the LLM side (maps the semantic representation into the model's space), as RLMRec's
 *       contrastive variant does; its shape {@code D → (D+d)/2 → d} with LeakyReLU is RLMRec's code.</li>
 *   <li>Negatives are the other distinct items of the batch (in-batch, as RLMRec), each item once.</li>
 *   <li>Only item representations are aligned: RLMRec also aligns user profiles, which the LLM-ESR datasets do not
 *       have (no LLM user embeddings).</li>
 *   <li>Defaults {@code beta = 0.1}, {@code tau = 0.2} are this toolkit's choice: neither paper gives values for
 *       the sequential setting; tune them per dataset.</li>
 * </ul>
 */
public final class RlmRecConModelFactory implements ModelFactory {
  /** The method name. */
  public static final String METHOD = "rlmrec-con";

  /** {@code method.beta}. */
  public static final ConfigKey<Double> BETA = ConfigKey.real("method.beta", 0.1,
          "weight of the contrastive alignment term (0 = plain training)")
      .require(b -> b >= 0 && !Double.isInfinite(b), ">= 0 and finite");
  /** {@code method.tau}. */
  public static final ConfigKey<Double> TAU = ConfigKey.real("method.tau", 0.2,
          "temperature of the InfoNCE over cosine similarities")
      .require(t -> t > 0 && !Double.isInfinite(t), "> 0 and finite");

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(BETA, TAU, PlainModelFactory.FOLD);
  }

  @Override
  public SequenceModel create(Context context) {
    MethodOptions o = resolveOptions(context.options()).requireKnown();
    LlmEsrTables tables = LlmEsrTablesReader.llmItems(METHOD, context.datasetDir(), context.spec().numItems());
    return build(context.spec(), new ParameterStore(context.manager(), context.seed()), o.get(PlainModelFactory.FOLD),
        tables.llmItems(), tables.llmDim(), o.get(BETA), o.get(TAU));
  }

  /**
   * Builds the model into {@code store}: the plain model's parameters (id table, encoder), then the frozen LLM table
   * and the MLP.
   *
   * @param llmItems {@code (N+1)×D} row-major, row 0 zeros
   */
  public static SequenceRecommender build(ModelSpec spec, ParameterStore store, boolean windowed, float[] llmItems,
                                          int llmDim, double beta, double tau) {
    return PlainWithAlignment.build(spec, store, windowed, llmItems, llmDim,
        llm -> new ContrastiveAlignment(store, llm, spec.hiddenSize(), beta, tau));
  }

  /** The LLM item table, for the run's provenance (SHA-256). */
  @Override
  public Map<String, Path> inputFiles(Context context) {
    return Map.of("llm_item_table", EmbeddingLayout.items(context.datasetDir()));
  }
}
