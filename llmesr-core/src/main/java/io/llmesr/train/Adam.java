package io.llmesr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.llmesr.model.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba) as PyTorch's {@code torch.optim.Adam} without weight decay or amsgrad (docs/model.md §4.1: lr
 * 1e-3, betas 0.9/0.999, eps 1e-8, constant learning rate), with state we own so that a checkpoint can hold it
 * (DJL's own Adam keeps no saveable state):
 * <pre>
 *   t += 1
 *   m = β1·m + (1−β1)·g
 *   v = β2·v + (1−β2)·g²
 *   θ = θ − (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + ε)
 * </pre>
 * Moments are float32 arrays in the optimiser's own manager, updated in place; the step count is a long. Gradients
 * are dense and are zeroed after each update (docs/engine.md, pitfall 3: they accumulate otherwise).
 */
public final class Adam implements AutoCloseable {
  /** Hyper-parameters. */
  public record Settings(double lr, double beta1, double beta2, double eps) {
    public Settings {
      if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
        throw new IllegalArgumentException("bad Adam settings lr=" + lr + " betas=" + beta1 + "/" + beta2 + " eps=" + eps);
      }
    }

    /** docs/model.md §4.1. */
    public static Settings paper() {
      return new Settings(1e-3, 0.9, 0.999, 1e-8);
    }
  }

  private final Settings settings;
  private final List<ParameterStore.Param> params;
  private final NDManager manager;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private long step;

  /** Creates zero moments for every trainable parameter of {@code store}. */
  public Adam(ParameterStore store, Settings settings) {
    this(store, settings, null);
  }

  /** Creates the optimiser with restored state (moments keyed by parameter name), or zero state when null. */
  public Adam(ParameterStore store, Settings settings, State restored) {
    this.settings = settings;
    this.params = store.trainableParams();
    this.manager = store.manager().newSubManager();
    for (ParameterStore.Param p : params) {
      if (restored == null) {
        m.add(manager.zeros(p.array().getShape()));
        v.add(manager.zeros(p.array().getShape()));
      } else {
        m.add(moment(restored.firstMoments(), p));
        v.add(moment(restored.secondMoments(), p));
      }
    }
    if (restored != null) {
      if (restored.firstMoments().size() != params.size() || restored.secondMoments().size() != params.size()) {
        throw new IllegalStateException("optimiser state has " + restored.firstMoments().size() + " moments, model has "
            + params.size() + " trainable parameters");
      }
      this.step = restored.step();
    }
  }

  /** Saved optimiser state: the step count and both moments per trainable parameter name. */
  public record State(long step, java.util.Map<String, io.llmesr.model.TensorFile.Tensor> firstMoments,
                      java.util.Map<String, io.llmesr.model.TensorFile.Tensor> secondMoments) { }

  /** A copy of the current state (host memory). */
  public State snapshot() {
    java.util.Map<String, io.llmesr.model.TensorFile.Tensor> fm = new java.util.LinkedHashMap<>();
    java.util.Map<String, io.llmesr.model.TensorFile.Tensor> sm = new java.util.LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      String name = params.get(i).name();
      long[] shape = params.get(i).array().getShape().getShape();
      fm.put(name, new io.llmesr.model.TensorFile.Tensor(shape, m.get(i).toFloatArray()));
      sm.put(name, new io.llmesr.model.TensorFile.Tensor(shape, v.get(i).toFloatArray()));
    }
    return new State(step, fm, sm);
  }

  private NDArray moment(java.util.Map<String, io.llmesr.model.TensorFile.Tensor> saved, ParameterStore.Param p) {
    io.llmesr.model.TensorFile.Tensor t = saved.get(p.name());
    if (t == null) throw new IllegalStateException("optimiser state has no moment for parameter '" + p.name() + "'");
    ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(t.shape());
    if (!shape.equals(p.array().getShape())) {
      throw new IllegalStateException("optimiser moment of '" + p.name() + "' has shape " + shape + ", parameter has "
          + p.array().getShape());
    }
    return manager.create(t.values(), shape);
  }

  /** Number of updates done so far. */
  public long step() {
    return step;
  }

  public Settings settings() {
    return settings;
  }

  /** The trainable parameters this optimiser updates, in order. */
  public List<ParameterStore.Param> params() {
    return params;
  }

  /**
   * One update of every trainable parameter from its accumulated gradient; then zeroes the gradients.
   *
   * <p>On PyTorch this is one fused native call per parameter (DJL's {@code adamUpdate} kernel, which computes
   * {@code θ -= a·m / (sqrt(v) + e)} after updating m and v in place) with {@code a = lr·sqrt(1−β2^t)/(1−β1^t)} and
   * {@code e = ε·sqrt(1−β2^t)}: algebraically the PyTorch formula above, rounded differently.
   */
  public void update() {
    step++;
    double b1 = settings.beta1();
    double b2 = settings.beta2();
    double bc1 = 1 - Math.pow(b1, step);
    double bc2 = 1 - Math.pow(b2, step);
    float stepSize = (float) (settings.lr() / bc1);
    float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
    float fusedRate = (float) (settings.lr() * Math.sqrt(bc2) / bc1);
    float fusedEps = (float) (settings.eps() * Math.sqrt(bc2));
    for (int i = 0; i < params.size(); i++) {
      NDArray p = params.get(i).array();
      try (NDScope scope = new NDScope()) {
        NDArray g = p.getGradient();
        if (p instanceof PtNDArray) {
          JniUtils.adamUpdate((PtNDArray) p, (PtNDArray) g, (PtNDArray) m.get(i), (PtNDArray) v.get(i),
              (float) settings.lr(), fusedRate, 0f, 1f, -1f, (float) b1, (float) b2, fusedEps, false);
        } else {
          m.get(i).muli((float) b1).addi(g.mul((float) (1 - b1)));
          v.get(i).muli((float) b2).addi(g.square().muli((float) (1 - b2)));
          NDArray denom = v.get(i).sqrt().muli(invSqrtBc2).addi((float) settings.eps());
          p.subi(m.get(i).mul(stepSize).divi(denom));
        }
        zero(p, g);
      }
    }
  }

  /** Zeroes gradients without updating (e.g. after a batch that contributed nothing). */
  public void zeroGradients() {
    for (ParameterStore.Param p : params) {
      try (NDScope scope = new NDScope()) {
        zero(p.array(), p.array().getGradient());
      }
    }
  }

  private static void zero(NDArray param, NDArray grad) {
    if (param instanceof PtNDArray) {
      JniUtils.zeroGrad((PtNDArray) param);
    } else {
      grad.subi(grad);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
