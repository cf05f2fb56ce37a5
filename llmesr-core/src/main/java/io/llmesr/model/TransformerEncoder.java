package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The SASRec / BERT4Rec encoder (docs/model.md §3.5), one instance shared by all streams unless
 * an ablation gives each view its own.
 *
 * <p>Input step ({@link #embedInput}): {@code X = Dropout_p(view * sqrt(d) + pos_emb[positions])}, with a learned
 * {@code (L+100)×d} position table (row 0 = padding position; xavier-normal like every ≥2-D parameter).
 *
 * <p>Encoding ({@link #encode}): {@code x = x ⊙ m}; then {@code numBlocks} {@link TransformerBlock}s, each ending with
 * {@code x ⊙ m}; then the final {@code LayerNorm(eps 1e-8)}. {@code m} = 1 on real slots, 0 on padding.
 *
 * <p>Windowed ({@link #windowed()}, the default): models run it on the window of slots that hold real items, the
 * padded slots left of it folded into one attention key ({@link TransformerBlock}); every padded slot's hidden state
 * is then {@code LayerNorm_last(0) = β_last} ({@link #paddingRow()}). Same function as running all L slots (up to
 * float rounding). Not windowed: the literal computation on all L slots, for tests and benchmarks of the folding.
 */
public final class TransformerEncoder implements SequenceEncoder {
  /** LayerNorm epsilon used by every LayerNorm of the backbone. */
  public static final float LN_EPS = 1e-8f;

  private final ModelSpec spec;
  private final boolean windowed;
  private final NDArray posEmb;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final NDArray lastLnGamma;
  private final NDArray lastLnBeta;
  private final float inputScale;

  /** A windowed encoder with the standard parameter names. */
  public TransformerEncoder(ParameterStore store, ModelSpec spec) {
    this(store, spec, "", true);
  }

  /**
   * An encoder whose parameter names start with {@code namePrefix} (e.g. {@code "sem."}), so that a model can hold
   * more than one (LLM-ESR's "w/o Share" ablation: one encoder per view). The empty prefix gives the standard names;
   * the parameters and their names do not depend on {@code windowed}.
   */
  public TransformerEncoder(ParameterStore store, ModelSpec spec, String namePrefix, boolean windowed) {
    this.spec = spec;
    this.windowed = windowed;
    int d = spec.hiddenSize();
    this.posEmb = store.xavier(namePrefix + "pos_emb", spec.positionRows(), d);
    for (int i = 0; i < spec.numBlocks(); i++) {
      blocks.add(new TransformerBlock(store, namePrefix + "encoder.block" + i, spec));
    }
    this.lastLnGamma = store.constant(namePrefix + "encoder.last_ln.weight", d, 1f);
    this.lastLnBeta = store.constant(namePrefix + "encoder.last_ln.bias", d, 0f);
    this.inputScale = (float) Math.sqrt(d);
  }

  @Override
  public NDArray embedInput(NDArray view, BatchArrays batch, Forward fwd) {
    NDArray pos = Ops.embedding(batch.positions(), posEmb);
    NDArray x = view.mul(fwd.scalar(inputScale)).add(pos);
    return Ops.dropout(x, spec.dropout(), fwd.training());
  }

  @Override
  public NDArray encode(NDArray input, BatchArrays batch, Forward fwd) {
    return encode(input, batch, fwd, 0);
  }

  /**
   * Hidden states of a (window) batch whose rows are preceded by {@code folded} further padded slots.
   *
   * @param input  B×T×d encoder input of the window
   * @param batch  the window batch (left-padded, length T)
   * @param folded number P of padded slots left of the window (0: none; must be 0 with attention masks)
   * @return B×T×d hidden states of the window slots
   */
  @Override
  public NDArray encode(NDArray input, BatchArrays batch, Forward fwd, int folded) {
    if (folded < 0) throw new IllegalArgumentException("folded padding must be >= 0");
    if (folded > 0 && spec.masking() != Masking.NONE) {
      throw new IllegalArgumentException("with attention masks padded keys are masked: trim instead of folding");
    }
    NDArray keep = batch.keep();
    NDArray mask = batch.attentionMask(spec.masking());
    NDArray x = input.mul(keep);
    for (TransformerBlock block : blocks) x = block.forward(x, keep, mask, folded, fwd);
    return Ops.layerNorm(x, lastLnGamma, lastLnBeta, LN_EPS);
  }

  @Override
  public boolean windowed() {
    return windowed;
  }

  /** The hidden state of every padded slot: {@code LayerNorm_last(0) = β_last} (d). */
  @Override
  public NDArray paddingRow() {
    return lastLnBeta;
  }
}
