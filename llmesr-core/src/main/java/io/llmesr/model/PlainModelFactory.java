package io.llmesr.model;

import java.util.List;

/**
 * Method {@code plain}: a backbone with one trainable id table ({@link IdEmbedding}) and no auxiliary loss — the
 * paper's SASRec / BERT4Rec / GRU4Rec baselines (spec §1 "Model classes").
 */
public final class PlainModelFactory implements ModelFactory {
  @Override
  public String method() {
    return "plain";
  }

  @Override
  public SequenceModel create(Context context) {
    if (!context.options().isEmpty()) {
      throw new IllegalArgumentException("method plain takes no options, got " + context.options().keySet());
    }
    return build(context.spec(), new ParameterStore(context.manager(), context.seed()));
  }

  /** Builds a plain model into {@code store} (registration order: item table, then encoder). */
  public static SequenceRecommender build(ModelSpec spec, ParameterStore store) {
    ItemRepresentation items = new IdEmbedding(store, spec);
    return new SequenceRecommender(spec, store, items, encoderFor(spec, store), StreamMixer.IDENTITY, List.of());
  }

  /** The backbone's encoder: transformer for SASRec/BERT4Rec, GRU for GRU4Rec. */
  public static SequenceEncoder encoderFor(ModelSpec spec, ParameterStore store) {
    return spec.backbone().isTransformer() ? new TransformerEncoder(store, spec) : new GruEncoder(store, spec);
  }
}
