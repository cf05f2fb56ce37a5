package io.llmesr.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Full softmax cross-entropy over the whole catalogue (items 1..N; padding and BERT4Rec's mask token excluded):
 * <pre>
 *   L = (1/n) Σ_slots [ logsumexp_{j=1..N}(h · e_j) − h · e⁺ ]
 * </pre>
 * with {@code e_j} the model's candidate vectors (LLM-ESR: the concatenation {@code [id_j ; Adapter(llm_j)]}). This is
 * BERT4Rec's loss (Sun et al., CIKM 2019, §3.5) and the loss of Klenitskiy &amp; Vasilev, "Turning Dross Into Gold
 * Loss: is BERT4Rec really better than SASRec?", RecSys 2023, applied to any backbone.
 *
 * <p>Computed without ever holding more than {@code chunk} logits per slot, forward and backward. With
 * {@code H} (n×D) the slots' hidden states, {@code E} (N×D) the candidate vectors, {@code P = softmax(H·Eᵀ)} and
 * {@code Y} the one-hot targets, the gradients are {@code ∂L/∂H = (1/n)(P − Y)·E} and {@code ∂L/∂E = (1/n)(P − Y)ᵀ·H}.
 * Both are accumulated chunk by chunk of items on detached copies of H and E (no autograd): a first pass computes
 * each slot's logsumexp, a second pass {@code P_c = exp(H·E_cᵀ − lse)} and adds {@code P_c·E_c} to
 * {@code G_H} and writes {@code P_cᵀ·H} as the chunk's rows of {@code G_E}. The loss returned is then
 * <pre>
 *   S = Σ (H ⊙ G_H)/n + Σ (E ⊙ G_E)/n − Σ_slots (h · e⁺)/n      (G_H, G_E constants; gradient = the CE's gradient)
 *   L = S − detach(S) + value                                    (value = the CE, computed in the first pass)
 * </pre>
 * so one backward pass through the encoder and the item representation gives the exact gradient, and the loss's value
 * is the cross-entropy, like any other objective: auxiliary terms and {@code SequenceModel#lossAndBackward} work
 * unchanged. Cost: four products of n×N×D per batch (two for the logsumexp and softmax passes, two for the gradients),
 * against three for autograd over the full logits; memory n×chunk per pass instead of n×N.
 */
public final class FullSoftmax implements Objective {
  private final int numItems;
  private final int chunk;

  /**
   * @param numItems N, the catalogue scored (ids 1..N)
   * @param chunk    items per chunk of logits ({@code train.ce_chunk})
   */
  public FullSoftmax(int numItems, int chunk) {
    if (numItems < 1) throw new IllegalArgumentException("no items to score");
    if (chunk < 1) throw new IllegalArgumentException("train.ce_chunk must be >= 1, got " + chunk);
    this.numItems = numItems;
    this.chunk = chunk;
  }

  @Override
  public LossKind kind() {
    return LossKind.CE;
  }

  @Override
  public int negativesPerSlot() {
    return 0;
  }

  /** Items per chunk of logits. */
  public int chunk() {
    return chunk;
  }

  @Override
  public NDArray loss(ScoredSlots slots, Candidates items) {
    if (slots.negativesPerSlot() != 0) throw new IllegalArgumentException("full softmax takes no sampled negatives");
    NDManager m = slots.manager();
    if (slots.count() == 0) return slots.scalar(0f);
    NDArray h = slots.hidden();                                 // n×D
    NDArray e = items.range(1, numItems + 1);                   // N×D
    NDArray hd = h.stopGradient();
    NDArray ed = e.stopGradient();
    NDArray w = slots.mask().mul(slots.inverseDenominator()).expandDims(-1);   // n×1, the slots' weights 1/n
    NDArray lse = logSumExpByChunk(hd, ed);                     // n×1
    NDArray hw = hd.mul(w);
    long n = hd.getShape().get(0);
    long d = hd.getShape().get(1);
    NDArray gradH = m.zeros(new Shape(n, d));
    NDList gradE = new NDList();
    for (int from = 0; from < numItems; from += chunk) {
      int to = Math.min(numItems, from + chunk);
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray ec = ed.get(new NDIndex(from + ":" + to));
        NDArray p = hd.matMul(ec.transpose()).sub(lse).exp();   // n×C softmax probabilities
        gradH.addi(p.matMul(ec));
        NDArray ge = p.transpose().matMul(hw);                  // C×D
        NDScope.unregister(ge);
        ge.attach(m);
        gradE.add(ge);
      }
    }
    NDArray gradEAll = NDArrays.concat(gradE, 0);               // N×D
    NDArray pos = slots.positiveLogits(items);                  // n, differentiable
    NDArray value = lse.squeeze(-1).sub(pos.stopGradient()).mul(w.squeeze(-1)).sum();
    NDArray surrogate = h.mul(gradH.mul(w)).sum()
        .add(e.mul(gradEAll).sum())
        .sub(pos.mul(w.squeeze(-1)).sum());
    return surrogate.sub(surrogate.stopGradient()).add(value);
  }

  /** Each row's {@code log Σ_j exp(h · e_j)} over all items, chunk by chunk: n×1 (no autograd: detached inputs). */
  NDArray logSumExpByChunk(NDArray hd, NDArray ed) {
    NDManager m = hd.getManager();
    NDList parts = new NDList();
    for (int from = 0; from < numItems; from += chunk) {
      int to = Math.min(numItems, from + chunk);
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray part = logSumExp(hd.matMul(ed.get(new NDIndex(from + ":" + to)).transpose()));
        NDScope.unregister(part);
        part.attach(m);
        parts.add(part);
      }
    }
    return logSumExp(NDArrays.concat(parts, 1));
  }

  /** {@code log Σ exp(x)} over the last axis, stabilised by the row maximum: R×1. */
  static NDArray logSumExp(NDArray x) {
    NDArray max = x.max(new int[] {-1}, true);
    return x.sub(max).exp().sum(new int[] {-1}, true).log().add(max);
  }
}
