package io.llmesr.model.melt;

import ai.djl.ndarray.NDArray;
import io.llmesr.model.Forward;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;

/**
 * One of MELT's two branch maps, {@code W_U} (user branch) or {@code W_I} (item branch): a trainable affine map
 * {@code x ↦ W·x + b} from d to d (parameters {@code PREFIX.weight} d×d, xavier-normal, and {@code PREFIX.bias},
 * U(±1/√d), as every linear layer here, docs/model.md §3.9), and the reconstruction loss both branches use.
 */
final class BranchMap {
  private final NDArray weight;
  private final NDArray bias;

  /** Registers {@code prefix.weight} and {@code prefix.bias} in {@code store}. */
  BranchMap(ParameterStore store, String prefix, int d) {
    this.weight = store.xavier(prefix + ".weight", d, d);
    this.bias = store.linearBias(prefix + ".bias", d, d);
  }

  /** {@code x·Wᵀ + b} over the last axis (rows of {@code x} are vectors). */
  NDArray apply(NDArray x) {
    return Ops.linear(x, weight, bias);
  }

  /**
   * The weighted reconstruction error of MELT's branches: {@code mean_{r,j} w_r · (pred[r,j] − target[r,j])²}, the
   * mean over all R×d elements.
   *
   * @param pred    R×d
   * @param target  R×d
   * @param weights R curriculum weights ({@link Curriculum})
   */
  static NDArray weightedSquaredError(NDArray pred, NDArray target, float[] weights, Forward fwd) {
    NDArray w = fwd.manager().create(weights, new ai.djl.ndarray.types.Shape(weights.length, 1));
    return pred.sub(target).square().mul(w).mean();
  }
}
