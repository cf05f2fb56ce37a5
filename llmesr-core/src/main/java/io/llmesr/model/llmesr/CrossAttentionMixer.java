package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.Masking;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.StreamMixer;

/**
 * LLM-ESR's two-way cross-attention between the views (docs/model.md §3.4), placed between the encoder's input step
 * and its blocks. With streams {@code [X_id, X_sem]}:
 * <pre>
 *   C_id  = CA_llm2id(query = X_sem, key/value = X_id)     → the collaborative stream fed to the encoder
 *   C_sem = CA_id2llm(query = X_id,  key/value = X_sem)    → the semantic stream fed to the encoder
 * </pre>
 * The attended streams replace the inputs (no residual). Two separate modules ({@code cross_att.llm2id},
 * {@code cross_att.id2llm}), each with {@code heads} heads (paper: 2 of 32).
 *
 * <p>When the encoder masks padding ({@link Masking#masksPadding()}), the attended streams are multiplied by the
 * keep mask so that padded slots stay zero: cross-attention does not mask padded query rows, and the GRU encoder
 * relies on zero padded inputs for dynamic length to be exact. In the paper preset (no masks) nothing is zeroed
 * here (the transformer encoder zeroes padded slots itself, docs/model.md §3.5 step 1).
 */
final class CrossAttentionMixer implements StreamMixer {
  private final CrossAttention llm2id;
  private final CrossAttention id2llm;
  private final boolean zeroPadding;

  public CrossAttentionMixer(ParameterStore store, int d, int heads, Masking masking) {
    this.llm2id = new CrossAttention(store, "cross_att.llm2id", d, heads);
    this.id2llm = new CrossAttention(store, "cross_att.id2llm", d, heads);
    this.zeroPadding = masking.masksPadding();
  }

  @Override
  public NDList mix(NDList streams, BatchArrays batch, Forward fwd) {
    if (streams.size() != 2) throw new IllegalStateException("cross-attention needs 2 streams, got " + streams.size());
    NDArray xId = streams.get(0);
    NDArray xSem = streams.get(1);
    NDArray mask = batch.attentionMask(Masking.PADDING).expandDims(1);   // B×1×1×T, −1e9 on padded keys
    NDArray cId = llm2id.apply(xSem, xId, mask);
    NDArray cSem = id2llm.apply(xId, xSem, mask);
    if (zeroPadding) {
      cId = cId.mul(batch.keep());
      cSem = cSem.mul(batch.keep());
    }
    return new NDList(cId, cSem);
  }
}
