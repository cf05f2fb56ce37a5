package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named tensors of one model, owned by one {@link NDManager} (the "model manager"). Components register their
 * parameters here at construction; the optimiser updates the trainable ones; checkpoints save the persisted ones.
 *
 * <ul>
 *   <li><b>trainable</b> parameters get gradients (dense: DJL's sparse embedding gradients are not used) and an
 *       optimiser state;</li>
 *   <li><b>frozen</b> tensors (e.g. LLM-ESR's 1536-d LLM item table, docs/model.md §3.1) get no gradient and no
 *       optimiser state;</li>
 *   <li><b>persisted</b> tensors are written to checkpoints; a frozen table that is re-read from its own file (with a
 *       SHA-256 in the provenance) is registered with {@code persisted = false}.</li>
 * </ul>
 * Names are unique, stable and dot-separated (e.g. {@code encoder.block0.attn.in_proj.weight}); they key both the
 * checkpoint and the per-parameter initialisation stream ({@link Init#streamFor}).
 */
public final class ParameterStore implements AutoCloseable {
  /** One registered tensor. */
  public record Param(String name, NDArray array, boolean trainable, boolean persisted) { }

  private final NDManager manager;
  private final long seed;
  private final Map<String, Param> params = new LinkedHashMap<>();

  /**
   * @param manager the model manager (this store closes it)
   * @param seed    root seed for the initialisers
   */
  public ParameterStore(NDManager manager, long seed) {
    this.manager = manager;
    this.seed = seed;
  }

  /**
   * Overwrites every persisted parameter with the checkpoint's values, in place (gradients and optimiser references
   * stay valid). The checkpoint must hold exactly the persisted parameters, with the same shapes.
   *
   * @throws IllegalStateException naming the first mismatching tensor
   */
  public void load(Map<String, TensorFile.Tensor> saved) {
    for (String name : saved.keySet()) {
      Param p = params.get(name);
      if (p == null || !p.persisted()) {
        throw new IllegalStateException("checkpoint tensor '" + name + "' is not a persisted parameter of this model");
      }
    }
    for (Param p : params.values()) {
      if (!p.persisted()) continue;
      TensorFile.Tensor t = saved.get(p.name());
      if (t == null) throw new IllegalStateException("parameter '" + p.name() + "' is missing from the checkpoint");
      Shape shape = new Shape(t.shape());
      if (!shape.equals(p.array().getShape())) {
        throw new IllegalStateException("checkpoint tensor '" + p.name() + "' has shape " + shape + ", the model needs "
            + p.array().getShape());
      }
      try (NDArray tmp = manager.create(t.values(), shape)) {
        // x - x + v == v exactly for finite x; parameters are finite
        p.array().subi(p.array()).addi(tmp);
      }
    }
  }

  /** Values and shapes of the persisted parameters (what a checkpoint holds), in registration order. */
  public Map<String, TensorFile.Tensor> snapshot() {
    Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
    for (Param p : params.values()) {
      if (p.persisted()) out.put(p.name(), new TensorFile.Tensor(p.array().getShape().getShape(), p.array().toFloatArray()));
    }
    return out;
  }

  public NDManager manager() {
    return manager;
  }

  /** The root seed the initialisers derive from. */
  public long seed() {
    return seed;
  }

  /** Registers a trainable parameter with the given initial values (row-major). */
  public NDArray trainable(String name, float[] values, Shape shape) {
    return add(name, values, shape, true, true);
  }

  /** Registers a frozen tensor (no gradient, no optimiser state). */
  public NDArray frozen(String name, float[] values, Shape shape, boolean persisted) {
    return add(name, values, shape, false, persisted);
  }

  /** Registers an already-created frozen array (it joins the model manager). */
  public NDArray frozen(String name, NDArray array, boolean persisted) {
    array.attach(manager);
    register(new Param(name, array, false, persisted));
    return array;
  }

  /** Xavier-normal trainable matrix rows×cols (docs/model.md §3.9). */
  public NDArray xavier(String name, int rows, int cols) {
    return trainable(name, Init.xavierNormal(rows, cols, Init.streamFor(seed, name)), new Shape(rows, cols));
  }

  /** Trainable bias U(±1/sqrt(fanIn)) (PyTorch Linear/Conv default, docs/model.md §3.9). */
  public NDArray linearBias(String name, int size, int fanIn) {
    return trainable(name, Init.uniform(size, 1.0 / Math.sqrt(fanIn), Init.streamFor(seed, name)), new Shape(size));
  }

  /** Trainable constant vector (LayerNorm γ = 1 / β = 0, MHA biases 0). */
  public NDArray constant(String name, int size, float value) {
    return trainable(name, Init.constant(size, value), new Shape(size));
  }

  private NDArray add(String name, float[] values, Shape shape, boolean trainable, boolean persisted) {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + shape);
    }
    NDArray a = manager.create(values, shape);
    a.setName(name);
    if (trainable) a.setRequiresGradient(true);
    register(new Param(name, a, trainable, persisted));
    return a;
  }

  private void register(Param p) {
    if (params.containsKey(p.name())) throw new IllegalArgumentException("duplicate parameter " + p.name());
    params.put(p.name(), p);
  }

  /** The parameter called {@code name}. */
  public Param get(String name) {
    Param p = params.get(name);
    if (p == null) throw new IllegalArgumentException("no parameter " + name);
    return p;
  }

  /** All parameters in registration order. */
  public List<Param> all() {
    return Collections.unmodifiableList(new ArrayList<>(params.values()));
  }

  /** Trainable parameters in registration order. */
  public List<Param> trainableParams() {
    List<Param> out = new ArrayList<>();
    for (Param p : params.values()) if (p.trainable()) out.add(p);
    return out;
  }

  /** Persisted parameters in registration order (what a checkpoint holds). */
  public List<Param> persistedParams() {
    List<Param> out = new ArrayList<>();
    for (Param p : params.values()) if (p.persisted()) out.add(p);
    return out;
  }

  /** Number of trainable scalars. */
  public long trainableCount() {
    long n = 0;
    for (Param p : params.values()) if (p.trainable()) n += p.array().getShape().size();
    return n;
  }

  @Override
  public void close() {
    manager.close();
  }
}
