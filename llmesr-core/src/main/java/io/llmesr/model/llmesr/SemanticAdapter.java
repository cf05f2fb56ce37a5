package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;

/**
 * The semantic view's adapter (docs/model.md §3.2): {@code Linear(D → D/2, bias) → Linear(D/2 → d, bias)} with no
 * activation, dropout or normalisation between or after; or, under the {@code one-layer-adapter} ablation, a single
 * {@code Linear(D → d, bias)}. Weights xavier-normal, biases U(±1/sqrt(fan_in)) (docs/model.md §3.9).
 *
 * <p>Parameter names: {@code adapter.0.weight} ((D/2)×D), {@code adapter.0.bias}, {@code adapter.1.weight}
 * (d×(D/2)), {@code adapter.1.bias}; one-layer: {@code adapter.0.weight} (d×D), {@code adapter.0.bias}.
 *
 * <p>Note: with no non-linearity the two layers are one affine map, {@code y = W2(W1 x + b1) + b2 = (W2 W1) x +
 * (W2 b1 + b2)}. {@link #apply} evaluates it in that collapsed form: the product {@code W2 W1} (d×D) costs
 * {@code d·D/2·D} once per call instead of {@code R·D·D/2} for R rows, and autograd through the product gives the
 * same gradients for W1, b1, W2, b2 as the layer-by-layer form (up to float rounding). The parametrisation — and so
 * the optimisation dynamics that the "1-layer adapter" ablation measures — is unchanged. {@link #applyLayerwise}
 * is the literal form (tests compare the two).
 */
final class SemanticAdapter {
  private final NDArray w1;
  private final NDArray b1;
  private final NDArray w2;
  private final NDArray b2;
  private final int inDim;
  private final int outDim;

  /**
   * @param store    where to register the parameters
   * @param inDim    D (LLM embedding width)
   * @param outDim   d (hidden size)
   * @param twoLayer the paper's two-layer adapter; false for the one-layer ablation
   */
  public SemanticAdapter(ParameterStore store, int inDim, int outDim, boolean twoLayer) {
    this.inDim = inDim;
    this.outDim = outDim;
    if (twoLayer) {
      int mid = inDim / 2;
      if (mid < 1) throw new IllegalArgumentException("LLM dimension " + inDim + " too small for a two-layer adapter");
      w1 = store.xavier("adapter.0.weight", mid, inDim);
      b1 = store.linearBias("adapter.0.bias", mid, inDim);
      w2 = store.xavier("adapter.1.weight", outDim, mid);
      b2 = store.linearBias("adapter.1.bias", outDim, mid);
    } else {
      w1 = store.xavier("adapter.0.weight", outDim, inDim);
      b1 = store.linearBias("adapter.0.bias", outDim, inDim);
      w2 = null;
      b2 = null;
    }
  }

  /** Whether this is the paper's two-layer adapter. */
  public boolean twoLayer() {
    return w2 != null;
  }

  public int inDim() {
    return inDim;
  }

  public int outDim() {
    return outDim;
  }

  /**
   * {@code x} (R×D, or any leading shape × D) → (… × d), as one collapsed affine map (see class note). The result
   * lands in {@code x}'s manager.
   */
  public NDArray apply(NDArray x) {
    if (w2 == null) return Ops.linear(x, w1, b1);
    NDArray w = w2.matMul(w1);                                   // d×D
    NDArray b = w2.matMul(b1.expandDims(1)).squeeze(1).add(b2);  // d
    // results of ops on parameters join the model manager: hand them to the batch's (docs/engine.md, pitfall 1)
    w.attach(x.getManager());
    b.attach(x.getManager());
    return Ops.linear(x, w, b);
  }

  /** The literal layer-by-layer evaluation {@code Linear2(Linear1(x))}. */
  public NDArray applyLayerwise(NDArray x) {
    NDArray h = Ops.linear(x, w1, b1);
    return w2 == null ? h : Ops.linear(h, w2, b2);
  }
}
