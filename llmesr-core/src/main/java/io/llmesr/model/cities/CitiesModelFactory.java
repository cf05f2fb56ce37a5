package io.llmesr.model.cities;

import io.llmesr.config.ConfigKey;
import io.llmesr.config.MethodOptions;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
import java.util.List;

/**
 * Method {@code cities}, the baseline "CITIES" of the LLM-ESR paper's comparison: Jang, Lee, Cho and Chung,
 * "CITIES: Contextual Inference of Tail-Item Embeddings for Sequential Recommendation", ICDM 2020 (arXiv 2105.10868).
 * Tail items have too few interactions for their embeddings to be learned well; CITIES learns, on the head items, a
 * function that infers an item's embedding from a few of its contexts, and replaces the tail items' embeddings by
 * its output:
 * <ol>
 *   <li><b>Phase 1</b>: the plain backbone (SASRec, BERT4Rec or GRU4Rec, same parameters as {@code plain}) trained for
 *       the run's epochs with the plain loss, validation, early stopping and checkpoints exactly as {@code plain};</li>
 *   <li><b>phase 2</b> ({@link TailEmbeddingInference}): on the best checkpoint, backbone frozen, the embedding-inference
 *       function ({@link EmbeddingInference}: context encoder + self-attention aggregator) trained for
 *       {@code method.infer_epochs} epochs with {@code L = mean_j ||f(C_j) − E[j]||²} over head items j; then the tail
 *       rows of the id table replaced by {@code f(C_j)}, at the input and in scoring (one table serves both).</li>
 * </ol>
 * Head and tail are the evaluation's item groups: item popularity against {@code eval.thresholds} (default the 20/80
 * rule, {@code io.llmesr.eval.GroupThresholds}).
 *
 * <p>Note: how CITIES fits the trainer (the authors' release runs stage 2 as a separate program on a saved, pretrained
 * model). Phase 2 is a {@link io.llmesr.model.FinalPhase}, which the trainer runs once after the last epoch on the
 * best checkpoint and whose result it saves as the best checkpoint, marked {@code final_phase: cities} in its
 * {@code state.json}. The resume checkpoint {@code checkpoints/last} stays the
 * backbone's, so {@code --resume} (also with more epochs) continues phase 1 exactly; a new best epoch is a plain
 * checkpoint again and phase 2 runs on it; a run killed during phase 2 redoes it from the best checkpoint with the
 * same seed and gets the same result. The inference function's own parameters are not kept: the checkpoint holds
 * the plain model's parameters with the inferred rows in the id table, so {@code evaluate}, export and serving treat
 * a {@code cities} run like a {@code plain} one. {@code --checkpoint last} is the backbone before phase 2.
 *
 * <p>Options: {@code method.contexts} (K, default 10), {@code method.context_len} (L_c, default 24),
 * {@code method.infer_epochs} (default 20), {@code method.fold_padding} as for {@code plain}. K = 10 and L_c = 24 are
 * the values of the authors' release ({@code swonj90/CITIES}: at most 10 contexts of 24 items on each side of the
 * item); the paper's own text could not be consulted for them; the epoch count is this toolkit's choice.
 */
public final class CitiesModelFactory implements ModelFactory {
  /** The method name. */
  public static final String METHOD = "cities";

  /** {@code method.contexts}: K. */
  public static final ConfigKey<Integer> CONTEXTS = ConfigKey.integer("method.contexts", 10,
          "K: at most this many contexts (windows preceding an occurrence in a training sequence) per item")
      .require(v -> v >= 1, ">= 1");
  /** {@code method.context_len}: L_c. */
  public static final ConfigKey<Integer> CONTEXT_LEN = ConfigKey.integer("method.context_len", 24,
          "L_c: items per context at most (the last L_c items before the occurrence)")
      .require(v -> v >= 1, ">= 1");
  /** {@code method.infer_epochs}. */
  public static final ConfigKey<Integer> INFER_EPOCHS = ConfigKey.integer("method.infer_epochs", 20,
          "epochs of the embedding-inference function's training on the head items, after the backbone's epochs")
      .require(v -> v >= 1, ">= 1");

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(CONTEXTS, CONTEXT_LEN, INFER_EPOCHS, PlainModelFactory.FOLD);
  }

  @Override
  public SequenceModel create(Context context) {
    MethodOptions o = resolveOptions(context.options()).requireKnown();
    return build(context.spec(), new ParameterStore(context.manager(), context.seed()), o.get(PlainModelFactory.FOLD),
        o.get(CONTEXTS), o.get(CONTEXT_LEN), o.get(INFER_EPOCHS));
  }

  /** Builds the model into {@code store}: the plain model's parameters, and the phase that replaces tail rows. */
  public static SequenceModel build(ModelSpec spec, ParameterStore store, boolean windowed, int contexts,
                                    int contextLen, int inferEpochs) {
    return new CitiesModel(spec, store, windowed, contexts, contextLen, inferEpochs);
  }
}
