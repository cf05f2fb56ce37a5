package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceEncoder;
import io.llmesr.model.TransformerEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SASRec/BERT4Rec encoder of docs/model.md §3.5 ({@link TransformerEncoder}: same parameters, same names, same
 * function), evaluated on the window of a left-padded batch that holds its real items, with the padded slots left of
 * the window <em>folded</em> into one attention key.
 *
 * <p>Why this is exact. The paper's encoder has no attention mask, so every query attends to all L = 200 slots,
 * padding included; at Beauty's median length of 6 nearly all the work is spent on padding. But at the input of
 * every block the padded rows are exactly zero (step 1 and step 2f zero them). A zero row's key is the key bias
 * {@code b_k} and its value the value bias {@code b_v}, whatever the position. So the P padded keys outside the
 * window are P identical keys: for each query {@code q}
 * <pre>
 *   Σ_{j ∈ pad} exp(q·b_k/√d_h) · b_v  =  exp(q·b_k/√d_h + ln P) · b_v
 * </pre>
 * i.e. one extra key column with logit {@code q·b_k/√d_h + ln P} and value {@code b_v} gives the same softmax
 * and the same output. Outputs at padded query rows are zeroed after every block and are never used (the final
 * LayerNorm maps a zero row to its β, which {@link #paddingRow()} supplies), so they are not computed at all.
 *
 * <p>Dropout. The paper drops each of the P padded attention weights independently (p = 0.5). Their sum then
 * carries the factor {@code S / (1-p)} with {@code S ~ Binomial(P, 1-p)}; the folded column is multiplied by
 * {@code S / (P (1-p))} with S drawn per (row, head, query) in Java from a stream seeded by the engine's generator
 * (so a seeded step is reproducible). The distribution of the output is the paper's; the individual dropout draws
 * differ, as they would between any two engines.
 *
 * <p>With attention masks (padding or causal) the folded keys would be masked, so they are simply dropped
 * ({@code folded = 0}): plain trimming is exact there.
 */
public final class FoldedPaddingEncoder implements SequenceEncoder {
  private final TransformerEncoder base;
  private final ModelSpec spec;
  private final List<Block> blocks = new ArrayList<>();
  private final NDArray lastLnGamma;
  private final NDArray lastLnBeta;

  /** One block's parameters, looked up by the names {@link TransformerEncoder} registered. */
  private record Block(NDArray attnLnGamma, NDArray attnLnBeta, NDArray inProjWeight, NDArray inProjBias,
                       NDArray outProjWeight, NDArray outProjBias, NDArray ffnLnGamma, NDArray ffnLnBeta,
                       NDArray conv1Weight, NDArray conv1Bias, NDArray conv2Weight, NDArray conv2Bias) { }

  /**
   * Registers a {@link TransformerEncoder} (parameters named with {@code namePrefix}) and reads its parameters back
   * by name.
   */
  public FoldedPaddingEncoder(ParameterStore store, ModelSpec spec, String namePrefix) {
    if (!spec.backbone().isTransformer()) throw new IllegalArgumentException("folding applies to transformer encoders");
    this.spec = spec;
    this.base = new TransformerEncoder(store, spec, namePrefix);
    for (int i = 0; i < spec.numBlocks(); i++) {
      String p = namePrefix + "encoder.block" + i;
      blocks.add(new Block(arr(store, p + ".attn_ln.weight"), arr(store, p + ".attn_ln.bias"),
          arr(store, p + ".attn.in_proj.weight"), arr(store, p + ".attn.in_proj.bias"),
          arr(store, p + ".attn.out_proj.weight"), arr(store, p + ".attn.out_proj.bias"),
          arr(store, p + ".ffn_ln.weight"), arr(store, p + ".ffn_ln.bias"),
          arr(store, p + ".ffn.conv1.weight"), arr(store, p + ".ffn.conv1.bias"),
          arr(store, p + ".ffn.conv2.weight"), arr(store, p + ".ffn.conv2.bias")));
    }
    this.lastLnGamma = arr(store, namePrefix + "encoder.last_ln.weight");
    this.lastLnBeta = arr(store, namePrefix + "encoder.last_ln.bias");
  }

  private static NDArray arr(ParameterStore store, String name) {
    return store.get(name).array();
  }

  /** The standard encoder holding the parameters (for its input step and for comparison). */
  public TransformerEncoder base() {
    return base;
  }

  @Override
  public NDArray embedInput(NDArray view, BatchArrays batch, Forward fwd) {
    return base.embedInput(view, batch, fwd);
  }

  /** Without folding: exactly {@link TransformerEncoder#encode}. */
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
  public NDArray encode(NDArray input, BatchArrays batch, Forward fwd, int folded) {
    if (folded < 0) throw new IllegalArgumentException("folded padding must be >= 0");
    if (folded > 0 && spec.masking() != Masking.NONE) {
      throw new IllegalArgumentException("with attention masks padded keys are masked: trim instead of folding");
    }
    NDArray keep = batch.keep();
    NDArray mask = batch.attentionMask(spec.masking());
    NDArray x = input.mul(keep);
    for (Block block : blocks) x = forward(block, x, keep, mask, folded, fwd);
    return Ops.layerNorm(x, lastLnGamma, lastLnBeta, TransformerEncoder.LN_EPS);
  }

  /** The hidden state of every padded slot: {@code LayerNorm_last(0) = β_last} (d). */
  public NDArray paddingRow() {
    return lastLnBeta;
  }

  private NDArray forward(Block p, NDArray x, NDArray keep, NDArray mask, int folded, Forward fwd) {
    NDArray q = Ops.layerNorm(x, p.attnLnGamma(), p.attnLnBeta(), TransformerEncoder.LN_EPS);
    NDArray a = attention(p, q, x, mask, folded, fwd);
    NDArray h = Ops.layerNorm(q.add(a), p.ffnLnGamma(), p.ffnLnBeta(), TransformerEncoder.LN_EPS);
    float drop = spec.dropout();
    NDArray f = Ops.dropout(Ops.linear(h, p.conv1Weight(), p.conv1Bias()).getNDArrayInternal().relu(), drop,
        fwd.training());
    f = Ops.dropout(Ops.linear(f, p.conv2Weight(), p.conv2Bias()), drop, fwd.training());
    return h.add(f).mul(keep);
  }

  private NDArray attention(Block p, NDArray q, NDArray kv, NDArray mask, int folded, Forward fwd) {
    int d = spec.hiddenSize();
    int heads = spec.numHeads();
    int dh = d / heads;
    NDManager m = fwd.manager();
    NDArray wq = p.inProjWeight().get(new NDIndex("0:" + d));
    NDArray bq = p.inProjBias().get(new NDIndex("0:" + d));
    NDArray wkv = p.inProjWeight().get(new NDIndex(d + ":"));
    NDArray bkv = p.inProjBias().get(new NDIndex(d + ":"));
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
    if (mask != null) scores = replace(scores, scores.add(mask.expandDims(1)));
    NDArray ctx;
    if (folded == 0) {
      NDArray probs = replace(scores, scores.softmax(-1));
      NDArray dropped = replace(probs, Ops.dropout(probs, spec.dropout(), fwd.training()));
      ctx = replace(dropped, dropped.matMul(v));
    } else {
      NDArray bk = bkv.get(new NDIndex("0:" + d)).reshape(1, heads, dh, 1);     // key of a zero row, per head
      NDArray bv = bkv.get(new NDIndex(d + ":")).reshape(1, heads, 1, dh);      // value of a zero row
      NDArray foldedLogit = qp.matMul(bk).add(fwd.scalar((float) Math.log(folded)));   // B×h×T×1
      NDArray w = replace(scores, scores.concat(foldedLogit, -1));
      w = replace(w, w.softmax(-1));                                             // B×h×T×(T+1)
      NDArray foldedWeight = w.get(new NDIndex("..., " + t + ":"));             // B×h×T×1
      NDArray window = replace(w, w.get(new NDIndex("..., 0:" + t)));
      window = replace(window, Ops.dropout(window, spec.dropout(), fwd.training()));
      if (fwd.training() && spec.dropout() > 0f) {
        foldedWeight = foldedWeight.mul(binomialScale(m, b, heads, t, folded, spec.dropout()));
      }
      ctx = replace(window, window.matMul(v)).add(foldedWeight.mul(bv));
    }
    ctx = ctx.transpose(0, 2, 1, 3).reshape(b, t, d);
    return Ops.linear(ctx, p.outProjWeight(), p.outProjBias());
  }

  /** Closes {@code old} (unless it is {@code next} itself) and returns {@code next}. */
  static NDArray replace(NDArray old, NDArray next) {
    if (old != next) old.close();
    return next;
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

  /** Concatenates {@code P} padding rows ({@link #paddingRow()} per stream) before window states. */
  static NDArray prependPadding(NDArray window, NDArray paddingRows, int folded, NDManager m) {
    if (folded == 0) return window;
    long b = window.getShape().get(0);
    long width = window.getShape().get(2);
    NDArray pad = m.zeros(new Shape(b, folded, width)).add(paddingRows.reshape(1, 1, width));
    return NDArrays.concat(new NDList(pad, window), 1);
  }
}
