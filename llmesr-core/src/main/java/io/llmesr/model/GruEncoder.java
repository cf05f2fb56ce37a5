package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GRU4Rec's encoder (docs/model.md §3.5): one GRU layer, input d, hidden d, <b>no biases</b>, zero initial state,
 * batch-first, run over all T slots including the left padding (no packing). PyTorch gate order r, z, n:
 * <pre>
 *   r = σ(W_ir x + W_hr h),  z = σ(W_iz x + W_hz h),  n = tanh(W_in x + r ⊙ (W_hn h)),  h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * {@code W_ih = [W_ir; W_iz; W_in]} and {@code W_hh} are 3d×d, each xavier-normal over the whole matrix
 * (docs/model.md §3.9). No positions, no scaling, no dropout (docs/model.md §3.3).
 *
 * <p>With masking on, padded input vectors are zeroed: with zero state and zero input a bias-free GRU stays exactly at
 * zero (r = z = ½, n = 0, h' = 0), so any amount of left padding is a no-op and dynamic length is exact. The rows of a
 * batch are then run in groups of equal window (their real length rounded up to {@value #WINDOW_STEP}) and put back
 * left-padded with zeros: the same outputs, but backpropagation never crosses a long zero region. It must not: at
 * the zero state the backward Jacobian is {@code ½I + ¼W_hnᵀ}, which grows gradients once W_hn's spectral radius
 * passes 2, and across ~190 padded steps of a batch whose longest row is 200 they overflowed float32; the infinite
 * input gradients times the zero padding mask gave NaN in the item table's padding row (seen on Beauty, epoch 12).
 *
 * <p>Note: the paper's code (no masks) runs the GRU over row 0's trained vector instead, where h does not sit at
 * that fixed point; the {@code paper} preset does exactly that and is unaffected by this grouping.
 */
public final class GruEncoder implements SequenceEncoder {
  /** Granularity of the per-row windows of the masked path (as dynamic length's rounding). */
  static final int WINDOW_STEP = 8;

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
    if (!spec.masking().masksPadding()) return run(input, batch.manager(), fwd.training());
    int b = batch.size();
    int t = batch.length();
    int[] ids = batch.batch().items();
    // rows grouped by their own window: real length rounded up to WINDOW_STEP (left padding: real slots at the end)
    Map<Integer, List<Integer>> groups = new TreeMap<>();
    for (int r = 0; r < b; r++) {
      int len = 0;
      for (int s = 0; s < t; s++) if (ids[r * t + s] != 0) len++;
      int w = Math.min(t, Math.max(WINDOW_STEP, (len + WINDOW_STEP - 1) / WINDOW_STEP * WINDOW_STEP));
      groups.computeIfAbsent(w, k -> new ArrayList<>()).add(r);
    }
    if (groups.size() == 1 && groups.containsKey(t)) return run(input, batch.manager(), fwd.training());
    NDManager m = batch.manager();
    NDList parts = new NDList();
    long[] position = new long[b];
    int next = 0;
    for (Map.Entry<Integer, List<Integer>> g : groups.entrySet()) {
      int w = g.getKey();
      List<Integer> rows = g.getValue();
      long[] idx = new long[rows.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = rows.get(i);
        position[rows.get(i)] = next++;
      }
      NDArray x = selectRows(input, idx, m).get(":, " + (t - w) + ":, :");
      NDArray out = run(x, m, fwd.training());
      if (w < t) out = m.zeros(new Shape(idx.length, t - w, spec.hiddenSize())).concat(out, 1);
      parts.add(out);
    }
    return selectRows(NDArrays.concat(parts, 0), position, m);
  }

  private NDArray run(NDArray input, NDManager manager, boolean training) {
    NDArray h0 = manager.zeros(new Shape(1, input.getShape().get(0), spec.hiddenSize()));
    return Ops.gruNoBias(input, h0, wIh, wHh, training);
  }

  /** Rows {@code idx} of a B×T×d array, by an embedding lookup over its flattened rows (dense gradient). */
  private static NDArray selectRows(NDArray x, long[] idx, NDManager m) {
    Shape s = x.getShape();
    NDArray flat = x.reshape(s.get(0), s.get(1) * s.get(2));
    return Ops.embedding(m.create(idx), flat).reshape(idx.length, s.get(1), s.get(2));
  }
}
