package io.llmesr.model.rlmrec;

import io.llmesr.model.AuxiliaryLoss;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import io.llmesr.model.llmesr.FrozenItemTable;
import java.util.List;
import java.util.function.Function;

/**
 * The model of both RLMRec variants: the plain backbone ({@link PlainModelFactory}: id table, then encoder, same
 * names), then the frozen LLM item table, then one alignment term that reads it (and registers its MLP).
 */
final class PlainWithAlignment {
  private PlainWithAlignment() { }

  /**
   * @param llmItems {@code (N+1)×D} row-major, row 0 zeros
   * @param term     the alignment term given the frozen table
   */
  static SequenceRecommender build(ModelSpec spec, ParameterStore store, boolean windowed, float[] llmItems,
                                   int llmDim, Function<FrozenItemTable, AuxiliaryLoss> term) {
    IdEmbedding items = new IdEmbedding(store, spec);
    var encoder = PlainModelFactory.encoderFor(spec, store, windowed);
    FrozenItemTable llm = new FrozenItemTable(store, llmItems, llmDim);
    if (llm.rows() != spec.itemRows()) {
      throw new IllegalArgumentException("LLM item table has " + (llm.rows() - 2) + " items, the model "
          + spec.numItems());
    }
    return new SequenceRecommender(spec, store, items, encoder, StreamMixer.IDENTITY, List.of(term.apply(llm)));
  }
}
