package io.llmesr.model;

import io.llmesr.config.ConfigKey;
import java.util.List;

/**
 * Method {@code plain}: a backbone with one trainable id table ({@link IdEmbedding}) and no auxiliary loss — the
 * paper's SASRec / BERT4Rec / GRU4Rec baselines (docs/model.md §1).
 *
 * <p>Option {@code method.fold_padding} ({@code true} by default; transformers only): compute only the window of
 * real items, padded slots folded into one attention key ({@link Window}, {@link TransformerBlock}) — the same function
 * as the literal computation over all L slots (dropout equal in distribution), as the LLM-ESR model does, so plain
 * baselines and LLM-ESR run the same encoder arithmetic. {@code false} runs every slot literally.
 */
public final class PlainModelFactory implements ModelFactory {
  @Override
  public String method() {
    return "plain";
  }

  /** Option name: fold the padding (see the class comment). */
  public static final String FOLD_PADDING = "fold_padding";

  /** Option {@code method.fold_padding}, declared once (see the class comment). */
  public static final ConfigKey<Boolean> FOLD = ConfigKey.bool("method." + FOLD_PADDING, true,
      "SASRec/BERT4Rec: compute only the window of real items, padding folded into one attention key; false = "
          + "literal computation over all L slots");

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(FOLD);
  }

  @Override
  public SequenceModel create(Context context) {
    boolean fold = resolveOptions(context.options()).requireKnown().get(FOLD);
    ParameterStore store = new ParameterStore(context.manager(), context.seed());
    return build(context.spec(), store, fold);
  }

  /** Builds a plain model into {@code store} that computes all slots literally (for tests and benchmarks). */
  public static SequenceRecommender build(ModelSpec spec, ParameterStore store) {
    return build(spec, store, false);
  }

  /**
   * Builds a plain model into {@code store} (registration order: item table, then encoder); {@code windowed}: the
   * transformer computes the window of real items ({@link Window}), else all slots literally.
   */
  public static SequenceRecommender build(ModelSpec spec, ParameterStore store, boolean windowed) {
    return build(spec, store, windowed, null);
  }

  /**
   * As {@link #build(ModelSpec, ParameterStore, boolean)} with the id table's initial values ({@code (N+2)×d},
   * row-major; {@code null} = xavier-normal): the same model and parameter names, only the initialisation differs
   * (e.g. method {@code llminit}).
   */
  public static SequenceRecommender build(ModelSpec spec, ParameterStore store, boolean windowed, float[] itemInit) {
    ItemRepresentation items = itemInit == null ? new IdEmbedding(store, spec) : new IdEmbedding(store, spec, itemInit);
    return new SequenceRecommender(spec, store, items, encoderFor(spec, store, windowed), StreamMixer.IDENTITY,
        List.of());
  }

  /** The backbone's encoder: transformer for SASRec/BERT4Rec, GRU for GRU4Rec. */
  public static SequenceEncoder encoderFor(ModelSpec spec, ParameterStore store, boolean windowed) {
    return spec.backbone().isTransformer() ? new TransformerEncoder(store, spec, "", windowed)
        : new GruEncoder(store, spec);
  }
}
