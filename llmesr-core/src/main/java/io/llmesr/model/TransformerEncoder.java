package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The SASRec / BERT4Rec encoder exactly as docs/model.md §3.5 (one instance shared by all streams).
 *
 * <p>Input step ({@link #embedInput}, docs/model.md §3.3): {@code X = Dropout_p(view * sqrt(d) + pos_emb[positions])},
 * with a learned {@code (L+100)×d} position table (row 0 = padding position; xavier-normal like every ≥2-D parameter).
 *
 * <p>Encoding ({@link #encode}): {@code x = x ⊙ m}; then {@code numBlocks} {@link TransformerBlock}s, each ending with
 * {@code x ⊙ m}; then the final {@code LayerNorm(eps 1e-8)}. {@code m} = 1 on real slots, 0 on padding.
 */
public final class TransformerEncoder implements SequenceEncoder {
  /** LayerNorm epsilon used by every LayerNorm of the backbone (docs/model.md §3.5). */
  public static final float LN_EPS = 1e-8f;

  private final ModelSpec spec;
  private final NDArray posEmb;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final NDArray lastLnGamma;
  private final NDArray lastLnBeta;
  private final float inputScale;

  public TransformerEncoder(ParameterStore store, ModelSpec spec) {
    this(store, spec, "");
  }

  /**
   * An encoder whose parameter names start with {@code namePrefix} (e.g. {@code "sem."}), so that a model can hold
   * more than one (LLM-ESR's "w/o Share" ablation: one encoder per view). The empty prefix gives the standard names.
   */
  public TransformerEncoder(ParameterStore store, ModelSpec spec, String namePrefix) {
    this.spec = spec;
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
    NDArray keep = batch.keep();
    NDArray mask = batch.attentionMask(spec.masking());
    NDArray x = input.mul(keep);
    for (TransformerBlock block : blocks) {
      x = block.forward(x, keep, mask, fwd);
    }
    return Ops.layerNorm(x, lastLnGamma, lastLnBeta, LN_EPS);
  }
}
