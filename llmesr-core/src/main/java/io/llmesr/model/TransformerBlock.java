package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * One pre-LN block of the LLM-ESR SASRec/BERT4Rec backbone (docs/model.md §3.5 step 2), with its unusual residual:
 * <pre>
 *   q = LN_attn(x)                                   (LayerNorm over d, eps 1e-8)
 *   a = MHA(query = q, key = x, value = x)           (keys/values NOT normalised)
 *   x = q + a                                        (residual on the normalised query)
 *   x = LN_ffn(x)
 *   x = x + Drop(W2·ReLU(Drop(W1·x + b1)) + b2)      (W1, W2 d×d = 1×1 convolutions)
 *   x = x ⊙ m                                        (padded slots zeroed)
 * </pre>
 * MHA: {@code softmax(Q Kᵀ / sqrt(d_head) + mask)}, dropout p on the attention weights (train only), times V, heads
 * concatenated, output projection. Q/K/V projections with bias from one {@code 3d×d} in-projection matrix (PyTorch
 * {@code nn.MultiheadAttention} layout, xavier-normal over the whole matrix), biases 0 (docs/model.md §3.9). The paper
 * preset has no mask; {@code mask} is an additive float array (see {@link BatchArrays#attentionMask}) or null.
 *
 * <p>Note: Drop(ReLU(y)) is computed as ReLU then dropout; the two commute (dropout scales by 1/(1-p) ≥ 0).
 */
public final class TransformerBlock {
  private final int d;
  private final int heads;
  private final float dropout;
  private final NDArray attnLnGamma;
  private final NDArray attnLnBeta;
  private final NDArray inProjWeight;
  private final NDArray inProjBias;
  private final NDArray outProjWeight;
  private final NDArray outProjBias;
  private final NDArray ffnLnGamma;
  private final NDArray ffnLnBeta;
  private final NDArray conv1Weight;
  private final NDArray conv1Bias;
  private final NDArray conv2Weight;
  private final NDArray conv2Bias;

  public TransformerBlock(ParameterStore store, String prefix, ModelSpec spec) {
    this.d = spec.hiddenSize();
    this.heads = spec.numHeads();
    this.dropout = spec.dropout();
    attnLnGamma = store.constant(prefix + ".attn_ln.weight", d, 1f);
    attnLnBeta = store.constant(prefix + ".attn_ln.bias", d, 0f);
    inProjWeight = store.xavier(prefix + ".attn.in_proj.weight", 3 * d, d);
    inProjBias = store.constant(prefix + ".attn.in_proj.bias", 3 * d, 0f);
    outProjWeight = store.xavier(prefix + ".attn.out_proj.weight", d, d);
    outProjBias = store.constant(prefix + ".attn.out_proj.bias", d, 0f);
    ffnLnGamma = store.constant(prefix + ".ffn_ln.weight", d, 1f);
    ffnLnBeta = store.constant(prefix + ".ffn_ln.bias", d, 0f);
    conv1Weight = store.xavier(prefix + ".ffn.conv1.weight", d, d);
    conv1Bias = store.linearBias(prefix + ".ffn.conv1.bias", d, d);
    conv2Weight = store.xavier(prefix + ".ffn.conv2.weight", d, d);
    conv2Bias = store.linearBias(prefix + ".ffn.conv2.bias", d, d);
  }

  /**
   * @param x    B×T×d block input (padded slots already zero)
   * @param keep B×T×1, 1 on real slots
   * @param mask additive attention mask (B×1×T or B×T×T) or null
   */
  public NDArray forward(NDArray x, NDArray keep, NDArray mask, Forward fwd) {
    NDArray q = Ops.layerNorm(x, attnLnGamma, attnLnBeta, TransformerEncoder.LN_EPS);
    NDArray a = attention(q, x, mask, fwd);
    NDArray h = Ops.layerNorm(q.add(a), ffnLnGamma, ffnLnBeta, TransformerEncoder.LN_EPS);
    NDArray f = Ops.dropout(Ops.linear(h, conv1Weight, conv1Bias).getNDArrayInternal().relu(), dropout, fwd.training());
    f = Ops.dropout(Ops.linear(f, conv2Weight, conv2Bias), dropout, fwd.training());
    return h.add(f).mul(keep);
  }

  /** Multi-head attention with query {@code q} and keys/values {@code kv} (docs/model.md §3.5 step 2b). */
  NDArray attention(NDArray q, NDArray kv, NDArray mask, Forward fwd) {
    NDArray wq = inProjWeight.get(new NDIndex("0:" + d));
    NDArray bq = inProjBias.get(new NDIndex("0:" + d));
    NDArray wkv = inProjWeight.get(new NDIndex(d + ":"));
    NDArray bkv = inProjBias.get(new NDIndex(d + ":"));
    int dh = d / heads;
    NDArray qp = Ops.linear(q, wq, bq).mul(fwd.scalar((float) (1.0 / Math.sqrt(dh))));
    NDList kvp = Ops.linear(kv, wkv, bkv).split(2, 2);
    NDArray k = kvp.get(0);
    NDArray v = kvp.get(1);
    long b = q.getShape().get(0);
    long t = q.getShape().get(1);
    long tk = kv.getShape().get(1);
    NDArray scores;
    if (heads == 1) {
      scores = qp.matMul(k.transpose(0, 2, 1));
      if (mask != null) scores = scores.add(mask);
    } else {
      qp = qp.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
      k = k.reshape(b, tk, heads, dh).transpose(0, 2, 3, 1);
      v = v.reshape(b, tk, heads, dh).transpose(0, 2, 1, 3);
      scores = qp.matMul(k);
      if (mask != null) scores = scores.add(mask.expandDims(1));
    }
    NDArray weights = Ops.dropout(scores.softmax(-1), dropout, fwd.training());
    NDArray ctx = weights.matMul(v);
    if (heads != 1) ctx = ctx.transpose(0, 2, 1, 3).reshape(b, t, d);
    return Ops.linear(ctx, outProjWeight, outProjBias);
  }
}
