package io.llmesr.model.cities;

import io.llmesr.model.FinalPhase;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import java.util.List;
import java.util.Optional;

/**
 * The model of method {@code cities}: the plain backbone (same id table, encoder and parameter names as
 * {@link PlainModelFactory#build(ModelSpec, ParameterStore, boolean)}), trained with the plain loss, plus CITIES'
 * tail-embedding inference as its {@link FinalPhase} ({@link TailEmbeddingInference}).
 */
final class CitiesModel extends SequenceRecommender {
  private final TailEmbeddingInference phase;

  /**
   * @param windowed   fold the padding (transformers), as {@code plain}
   * @param contexts   K, contexts per item at most
   * @param contextLen L_c, items per context at most
   * @param epochs     epochs of the inference function's training
   */
  CitiesModel(ModelSpec spec, ParameterStore store, boolean windowed, int contexts, int contextLen, int epochs) {
    super(spec, store, new IdEmbedding(store, spec), PlainModelFactory.encoderFor(spec, store, windowed),
        StreamMixer.IDENTITY, List.of());
    this.phase = new TailEmbeddingInference(store, spec, contexts, contextLen, epochs);
  }

  @Override
  public Optional<FinalPhase> finalPhase() {
    return Optional.of(phase);
  }

  /** The phase itself (tests). */
  TailEmbeddingInference phase() {
    return phase;
  }
}
