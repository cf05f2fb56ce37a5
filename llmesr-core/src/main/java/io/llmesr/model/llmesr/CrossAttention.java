package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;

/**
 * One cross-attention module of LLM-ESR (docs/model.md §3.4, {@code Multi_CrossAttention}):
 * <pre>
 *   Q = x·Wq,  K = y·Wk,  V = y·Wv                  (d→d, no bias)
 *   per head h (d_h = d / heads):  A_h = softmax(Q_h K_hᵀ / sqrt(d_h) + mask)
 *   out = concat_h(A_h V_h) · Woᵀ + bo              (d→d, with bias)
 * </pre>
 * {@code x} is the query stream, {@code y} the key/value stream. The mask is additive, −1e9 on key positions whose
 * item is padding (key-padding only: no causal mask, padded query rows are not masked). No dropout, no residual, no
 * LayerNorm: the output <em>replaces</em> the stream it is fed as.
 *
 * <p>The paper computes {@code masked_fill(S, −1e9)} before dividing by {@code sqrt(d_h)}; adding −1e9 after the
 * division gives the same weights in float32 (masked logits underflow to weight 0; a row whose keys are all padding
 * gets uniform weights either way).
 *
 * <p>Parameters ({@code prefix} e.g. {@code cross_att.llm2id}): {@code .query.weight}, {@code .key.weight},
 * {@code .value.weight}, {@code .out.weight} (d×d, xavier-normal), {@code .out.bias} (U(±1/sqrt(d))).
 */
final class CrossAttention {
  private final NDArray wq;
  private final NDArray wk;
  private final NDArray wv;
  private final NDArray wo;
  private final NDArray bo;
  private final int d;
  private final int heads;

  public CrossAttention(ParameterStore store, String prefix, int d, int heads) {
    if (heads < 1 || d % heads != 0) throw new IllegalArgumentException(heads + " heads do not divide d=" + d);
    this.d = d;
    this.heads = heads;
    wq = store.xavier(prefix + ".query.weight", d, d);
    wk = store.xavier(prefix + ".key.weight", d, d);
    wv = store.xavier(prefix + ".value.weight", d, d);
    wo = store.xavier(prefix + ".out.weight", d, d);
    bo = store.linearBias(prefix + ".out.bias", d, d);
  }

  /**
   * @param x       query stream B×T×d
   * @param y       key/value stream B×Tk×d
   * @param keyMask additive key mask broadcastable to B×1×T×Tk (e.g. B×1×1×Tk), or null for none
   * @return B×T×d, in {@code x}'s manager
   */
  public NDArray apply(NDArray x, NDArray y, NDArray keyMask) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long tk = y.getShape().get(1);
    int dh = d / heads;
    // a scalar array in the batch manager, not mul(Number): DJL frees a Number operand right after the op, while
    // autograd still holds it for the backward pass (see Forward)
    NDArray scale = x.getManager().create((float) (1.0 / Math.sqrt(dh)));
    NDArray q = Ops.linear(x, wq, null).mul(scale)
        .reshape(b, t, heads, dh).transpose(0, 2, 1, 3);          // B×h×T×dh
    NDArray k = Ops.linear(y, wk, null).reshape(b, tk, heads, dh).transpose(0, 2, 3, 1);   // B×h×dh×Tk
    NDArray v = Ops.linear(y, wv, null).reshape(b, tk, heads, dh).transpose(0, 2, 1, 3);   // B×h×Tk×dh
    // the B×h×T×Tk arrays are closed as soon as the next exists (autograd keeps what backward needs)
    NDArray scores = q.matMul(k);                                                          // B×h×T×Tk
    if (keyMask != null) scores = Ops.replace(scores, scores.add(keyMask));
    NDArray probs = Ops.replace(scores, scores.softmax(-1));
    NDArray ctx = Ops.replace(probs, probs.matMul(v)).transpose(0, 2, 1, 3).reshape(b, t, d);
    return Ops.linear(ctx, wo, bo);
  }
}
