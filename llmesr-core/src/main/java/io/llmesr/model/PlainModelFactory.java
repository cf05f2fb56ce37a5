package io.llmesr.model;

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

  /** Option key: fold the padding (see the class comment). */
  public static final String FOLD_PADDING = "fold_padding";

  @Override
  public SequenceModel create(Context context) {
    boolean fold = true;
    for (java.util.Map.Entry<String, String> e : context.options().entrySet()) {
      if (!e.getKey().equals(FOLD_PADDING)) {
        throw new IllegalArgumentException("method plain has no option '" + e.getKey() + "' (known: method."
            + FOLD_PADDING + ")");
      }
      String v = e.getValue().trim().toLowerCase(java.util.Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException("method." + FOLD_PADDING + ": '" + e.getValue() + "' is not true/false");
      }
      fold = Boolean.parseBoolean(v);
    }
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
    ItemRepresentation items = new IdEmbedding(store, spec);
    return new SequenceRecommender(spec, store, items, encoderFor(spec, store, windowed), StreamMixer.IDENTITY,
        List.of());
  }

  /** The backbone's encoder: transformer for SASRec/BERT4Rec, GRU for GRU4Rec. */
  public static SequenceEncoder encoderFor(ModelSpec spec, ParameterStore store, boolean windowed) {
    return spec.backbone().isTransformer() ? new TransformerEncoder(store, spec, "", windowed)
        : new GruEncoder(store, spec);
  }
}
