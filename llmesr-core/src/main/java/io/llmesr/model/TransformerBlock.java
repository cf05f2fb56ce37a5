package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * One pre-LN block of the LLM-ESR SASRec/BERT4Rec backbone (docs/model.md §3.5), with its
 * unusual residual:
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
 * {@code nn.MultiheadAttention} layout, xavier-normal over the whole matrix), biases 0. The paper preset has no
 * mask; {@code mask} is an additive float array (see {@link BatchArrays#attentionMask}) or null.
 *
 * <p><b>Folded padding.</b> A block may run on the window of a left-padded batch that holds its real items, with
 * the {@code P} padded slots left of the window <em>folded</em> into one attention key ({@link Window}). Why this is
 * exact: the paper's encoder has no attention mask, so every query attends to all L slots, padding included; but at
 * the input of every block the padded rows are exactly zero. A zero row's key is the key bias {@code b_k} and its
 * value the value bias {@code b_v}, whatever the position, so the P padded keys are P identical keys: for each query
 * {@code q}
 * <pre>
 *   Σ_{j ∈ pad} exp(q·b_k/√d_h) · b_v  =  exp(q·b_k/√d_h + ln P) · b_v
 * </pre>
 * i.e. one extra key column with logit {@code q·b_k/√d_h + ln P} and value {@code b_v} gives the same softmax and
 * the same output. With attention masks (padding or causal) the padded keys would be masked, so they are simply
 * dropped ({@code folded = 0}). {@code folded = 0} on the whole batch is the literal all-slot computation.
 *
 * <p>Dropout under folding: the paper drops each of the P padded attention weights independently (p = 0.5). Their
 * sum then carries the factor {@code S / (1-p)} with {@code S ~ Binomial(P, 1-p)}; the folded column is multiplied by
 * {@code S / (P (1-p))} with S drawn per (row, head, query) in Java from a stream seeded by the engine's generator
 * (so a seeded step is reproducible). Note: the distribution of the output is the paper's; the individual dropout
 * draws differ, as they would between any two engines.
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
   * @param x      B×T×d block input (padded slots already zero)
   * @param keep   B×T×1, 1 on real slots
   * @param mask   additive attention mask (B×1×T or B×T×T) or null
   * @param folded number P of padded slots left of the window, folded into one key (0: none; must be 0 with masks)
   */
  public NDArray forward(NDArray x, NDArray keep, NDArray mask, int folded, Forward fwd) {
    NDArray q = Ops.layerNorm(x, attnLnGamma, attnLnBeta, TransformerEncoder.LN_EPS);
    NDArray a = attention(q, x, mask, folded, fwd);
    NDArray h = Ops.layerNorm(q.add(a), ffnLnGamma, ffnLnBeta, TransformerEncoder.LN_EPS);
    NDArray f = Ops.dropout(Ops.linear(h, conv1Weight, conv1Bias).getNDArrayInternal().relu(), dropout, fwd.training());
    f = Ops.dropout(Ops.linear(f, conv2Weight, conv2Bias), dropout, fwd.training());
    return h.add(f).mul(keep);
  }

  /** Multi-head attention with query {@code q} and keys/values {@code kv}, plus the folded key when P > 0. */
  NDArray attention(NDArray q, NDArray kv, NDArray mask, int folded, Forward fwd) {
    int dh = d / heads;
    NDManager m = fwd.manager();
    NDArray wq = inProjWeight.get(new NDIndex("0:" + d));
    NDArray bq = inProjBias.get(new NDIndex("0:" + d));
    NDArray wkv = inProjWeight.get(new NDIndex(d + ":"));
    NDArray bkv = inProjBias.get(new NDIndex(d + ":"));
    NDArray qp = Ops.linear(q, wq, bq).mul(fwd.scalar((float) (1.0 / Math.sqrt(dh))));
    NDList kvp = Ops.linear(kv, wkv, bkv).split(2, 2);
    NDArray k = kvp.get(0);
    NDArray v = kvp.get(1);
    long b = q.getShape().get(0);
    long t = q.getShape().get(1);
    // heads as an explicit axis (B×h×T×dh); for h = 1 this is a reshape only
    qp = qp.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
    NDArray kt = k.reshape(b, t, heads, dh).transpose(0, 2, 3, 1);
    v = v.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
    // The T×T arrays dominate memory. Each is closed as soon as the next one exists: closing drops only this
    // handle's reference; autograd keeps what the backward pass needs (all of these are op results, never arrays
    // wrapping Java buffers, which must stay open until the step ends — see Forward).
    NDArray scores = qp.matMul(kt);                                             // B×h×T×T
    if (mask != null) scores = Ops.replace(scores, scores.add(mask.expandDims(1)));
    NDArray ctx;
    if (folded == 0) {
      NDArray probs = Ops.replace(scores, scores.softmax(-1));
      NDArray dropped = Ops.replace(probs, Ops.dropout(probs, dropout, fwd.training()));
      ctx = Ops.replace(dropped, dropped.matMul(v));
    } else {
      NDArray bk = bkv.get(new NDIndex("0:" + d)).reshape(1, heads, dh, 1);     // key of a zero row, per head
      NDArray bv = bkv.get(new NDIndex(d + ":")).reshape(1, heads, 1, dh);      // value of a zero row
      NDArray foldedLogit = qp.matMul(bk).add(fwd.scalar((float) Math.log(folded)));   // B×h×T×1
      NDArray w = Ops.replace(scores, scores.concat(foldedLogit, -1));
      w = Ops.replace(w, w.softmax(-1));                                         // B×h×T×(T+1)
      NDArray foldedWeight = w.get(new NDIndex("..., " + t + ":"));             // B×h×T×1
      NDArray window = Ops.replace(w, w.get(new NDIndex("..., 0:" + t)));
      window = Ops.replace(window, Ops.dropout(window, dropout, fwd.training()));
      if (fwd.training() && dropout > 0f) foldedWeight = foldedWeight.mul(binomialScale(m, b, heads, t, folded, dropout));
      ctx = Ops.replace(window, window.matMul(v)).add(foldedWeight.mul(bv));
    }
    ctx = ctx.transpose(0, 2, 1, 3).reshape(b, t, d);
    return Ops.linear(ctx, outProjWeight, outProjBias);
  }

  /**
   * {@code S / (P (1-p))} with {@code S ~ Binomial(P, 1-p)}, shape B×h×T×1: the surviving share of P independently
   * dropped attention weights, rescaled as inverted dropout does. The stream is seeded from the engine's generator.
   */
  static NDArray binomialScale(NDManager m, long b, int heads, long t, int folded, float dropout) {
    long seed;
    try (NDArray s = m.randomInteger(0, Long.MAX_VALUE, new Shape(1), DataType.INT64)) {
      seed = s.toLongArray()[0];
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double keepProb = 1.0 - dropout;
    float norm = (float) (1.0 / (folded * keepProb));
    float[] scale = new float[(int) (b * heads * t)];
    boolean fair = dropout == 0.5f;
    for (int i = 0; i < scale.length; i++) {
      int kept = 0;
      if (fair) {
        int left = folded;
        while (left >= 64) {
          kept += Long.bitCount(rng.nextLong());
          left -= 64;
        }
        if (left > 0) kept += Long.bitCount(rng.nextLong() & ((1L << left) - 1));
      } else {
        for (int j = 0; j < folded; j++) if (rng.nextDouble() < keepProb) kept++;
      }
      scale[i] = kept * norm;
    }
    return m.create(scale, new Shape(b, heads, t, 1));
  }
}
