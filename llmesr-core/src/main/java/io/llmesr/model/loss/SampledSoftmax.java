package io.llmesr.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Sampled softmax with the logQ correction: per target slot, a softmax over the positive and k negatives
 * {@code j_1..j_k} drawn (with replacement) from the proposal {@code Q_u} ({@code train.sampler}: uniform or
 * popularity, the user's training items excluded), each negative logit corrected by the log of its expected count:
 * <pre>
 *   ŝ_i = s_{j_i} − log(k · Q_u(j_i))
 *   L   = (1/n) Σ_slots [ −s⁺ + log( exp(s⁺) + Σ_{i=1..k} exp(ŝ_i) ) ]
 * </pre>
 * Sources: importance sampling of the softmax's partition function, Bengio &amp; Senécal, "Adaptive Importance
 * Sampling to Accelerate Training of a Neural Probabilistic Language Model", IEEE TNN 2008 (and Jean et al., ACL 2015):
 * {@code (1/k) Σ_i exp(s_{j_i})/Q_u(j_i)} is an unbiased estimate of {@code Σ_{j ∉ S_u} exp(s_j)}; in recommendation,
 * Yi et al., "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item Recommendations", RecSys 2019
 * ({@code s^c = s − log p_j}).
 *
 * <p>Note: the correction subtracts {@code log(k·Q)} rather than {@code log Q}: the two differ by the constant
 * {@code log k} on every negative, which only matters for the balance against the positive; with {@code k·Q} the sum
 * over the negatives estimates the partition over the non-positive items without a k-fold overcount. The positive
 * is not corrected: it is not sampled (it is always in the softmax), and it can never be drawn as a negative since
 * the sampler rejects the user's training items (as noted by Khrylchenko et al., "Correcting the LogQ Correction",
 * 2025). With uniform sampling {@code Q_u = 1/(N − |S_u|)}.
 */
public final class SampledSoftmax implements Objective {
  private final int k;

  /** Sampled softmax with k negatives per slot. */
  public SampledSoftmax(int k) {
    if (k < 1) throw new IllegalArgumentException("sampled softmax needs k >= 1 negatives per slot, got " + k);
    this.k = k;
  }

  @Override
  public LossKind kind() {
    return LossKind.SAMPLED_SOFTMAX;
  }

  @Override
  public int negativesPerSlot() {
    return k;
  }

  @Override
  public boolean needsProposal() {
    return true;
  }

  @Override
  public NDArray loss(ScoredSlots slots, Candidates items) {
    if (slots.negativeLogProb() == null) {
      throw new IllegalArgumentException("sampled softmax needs the negatives' proposal probabilities");
    }
    NDArray pos = slots.positiveLogits(items).expandDims(-1);                                  // S×1
    NDArray logExpected = slots.perNegative(slots.negativeLogProb()).add(slots.scalar((float) Math.log(k)));
    NDArray neg = slots.perNegative(slots.negativeLogits(items)).sub(logExpected);             // S×k
    NDArray logits = NDArrays.concat(new NDList(pos, neg), -1);                                // S×(k+1)
    NDArray nll = logits.logSoftmax(-1).get(new NDIndex("..., 0")).neg();                      // S
    return nll.mul(slots.mask()).sum().mul(slots.inverseDenominator());
  }
}
