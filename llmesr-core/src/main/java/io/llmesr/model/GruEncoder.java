package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * GRU4Rec's encoder (spec §3.5): one GRU layer, input d, hidden d, <b>no biases</b>, zero initial state, batch-first,
 * run over all T slots including the left padding (no packing). PyTorch gate order r, z, n:
 * <pre>
 *   r = σ(W_ir x + W_hr h),  z = σ(W_iz x + W_hz h),  n = tanh(W_in x + r ⊙ (W_hn h)),  h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * {@code W_ih = [W_ir; W_iz; W_in]} and {@code W_hh} are 3d×d, each xavier-normal over the whole matrix (spec §3.9).
 * No positions, no scaling, no dropout (spec §3.3).
 *
 * <p>With masking on, padded input vectors are zeroed: with zero state and zero input a bias-free GRU stays exactly at
 * zero (r = z = ½, n = 0, h' = 0), so any amount of left padding is a no-op and dynamic length is exact.
 */
public final class GruEncoder implements SequenceEncoder {
  private final ModelSpec spec;
  private final NDArray wIh;
  private final NDArray wHh;

  public GruEncoder(ParameterStore store, ModelSpec spec) {
    this(store, spec, "");
  }

  /** An encoder whose parameter names start with {@code namePrefix} (see {@link TransformerEncoder}). */
  public GruEncoder(ParameterStore store, ModelSpec spec, String namePrefix) {
    this.spec = spec;
    int d = spec.hiddenSize();
    this.wIh = store.xavier(namePrefix + "encoder.gru.weight_ih_l0", 3 * d, d);
    this.wHh = store.xavier(namePrefix + "encoder.gru.weight_hh_l0", 3 * d, d);
  }

  @Override
  public NDArray embedInput(NDArray view, BatchArrays batch, Forward fwd) {
    return spec.masking().masksPadding() ? view.mul(batch.keep()) : view;
  }

  @Override
  public NDArray encode(NDArray input, BatchArrays batch, Forward fwd) {
    NDArray h0 = batch.manager().zeros(new Shape(1, batch.size(), spec.hiddenSize()));
    return Ops.gruNoBias(input, h0, wIh, wHh, fwd.training());
  }
}
