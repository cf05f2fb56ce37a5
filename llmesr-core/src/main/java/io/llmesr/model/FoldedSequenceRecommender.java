package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.llmesr.FoldedPaddingEncoder;
import java.util.List;

/**
 * A plain (one-view) transformer recommender that computes only the window of slots holding real items, with the
 * padded slots left of the window folded into one attention key ({@link FoldedPaddingEncoder}, written for LLM-ESR:
 * see its Javadoc for why this is the same function as attending over all L slots). Every padded slot's hidden state
 * is the final LayerNorm's β; those rows are prepended so {@link #hiddenStates} keeps the B×T shape.
 *
 * <p>Same parameters and names as the literal {@link TransformerEncoder} (checkpoints are interchangeable). Without
 * dropout the outputs equal the literal computation up to float rounding ({@code FoldedPaddingTest}); with dropout
 * the folded column's dropout is drawn as one Binomial per query — equal in distribution, not in value.
 * With attention masks the padded keys are masked, so the window is simply trimmed (exact).
 */
public final class FoldedSequenceRecommender extends SequenceRecommender {
  private final ItemRepresentation items;
  private final FoldedPaddingEncoder folded;

  public FoldedSequenceRecommender(ModelSpec spec, ParameterStore store, ItemRepresentation items,
                                   FoldedPaddingEncoder encoder) {
    super(spec, store, items, encoder, StreamMixer.IDENTITY, List.of());
    if (items.views() != 1) throw new IllegalArgumentException("folding here supports one view");
    this.items = items;
    this.folded = encoder;
  }

  @Override
  public NDArray hiddenStates(BatchArrays batch, Forward fwd) {
    int t = batch.length();
    int window = windowLength(batch.batch());
    if (window >= t) return super.hiddenStates(batch, fwd);
    NDArray states = windowStates(batch, window, fwd);
    long b = states.getShape().get(0);
    long width = states.getShape().get(2);
    NDArray pad = fwd.manager().zeros(new Shape(b, t - window, width)).add(folded.paddingRow().reshape(1, 1, width));
    return NDArrays.concat(new NDList(pad, states), 1);
  }

  @Override
  public NDArray encode(BatchArrays batch, Forward fwd) {
    int window = windowLength(batch.batch());
    if (window >= batch.length()) return super.encode(batch, fwd);
    return lastSlot(windowStates(batch, window, fwd));
  }

  private NDArray windowStates(BatchArrays batch, int window, Forward fwd) {
    BatchArrays w = new BatchArrays(trim(batch.batch(), window), fwd.manager());
    int outside = spec().masking() == Masking.NONE ? batch.length() - window : 0;
    NDArray x = folded.embedInput(items.inputViews(w, fwd).get(0), w, fwd);
    return folded.encode(x, w, fwd, outside);
  }

  /** Trailing slots that hold every real item of the batch, rounded up to a multiple of 8, in [1, T]. */
  static int windowLength(SequenceBatch b) {
    int t = b.length();
    int first = t;
    int[] ids = b.items();
    for (int r = 0; r < b.size() && first > 0; r++) {
      for (int s = 0; s < first; s++) {
        if (ids[r * t + s] != 0) {
          first = s;
          break;
        }
      }
    }
    int m = ModelSpec.LENGTH_MULTIPLE;
    return Math.min(t, ((Math.max(1, t - first) + m - 1) / m) * m);
  }

  /** The last {@code window} slots of every row. */
  static SequenceBatch trim(SequenceBatch b, int window) {
    int t = b.length();
    int[] ids = new int[b.size() * window];
    int[] pos = new int[b.size() * window];
    for (int r = 0; r < b.size(); r++) {
      System.arraycopy(b.items(), r * t + t - window, ids, r * window, window);
      System.arraycopy(b.positions(), r * t + t - window, pos, r * window, window);
    }
    return new SequenceBatch(b.size(), window, ids, pos, b.users());
  }
}
