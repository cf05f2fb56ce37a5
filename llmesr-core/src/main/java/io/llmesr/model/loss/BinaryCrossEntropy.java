package io.llmesr.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Binary cross-entropy with k sampled negatives per target slot, and its generalisation gBCE.
 * <pre>
 *   L = (1/n) Σ_slots [ β · softplus(−s⁺) + Σ_{i=1..k} softplus(s⁻_i) ]      s = h · e  (BCE-with-logits)
 * </pre>
 * since {@code −log σ(s) = softplus(−s)} and {@code −log(1 − σ(s)) = softplus(s)}.
 * <ul>
 *   <li>{@code bce} (β = 1, k = 1): the paper's loss, {@code mean softplus(−h·e⁺) + mean softplus(h·e⁻)}
 *       (LLM-ESR / SASRec, docs/model.md §3.7), computed in the reference's order of operations, bit for bit.
 *       {@code train.negatives=k} sums the k negatives' terms of a slot.</li>
 *   <li>{@code gbce}: Petrov &amp; Macdonald, "gSASRec: Reducing Overconfidence in Sequential Recommendation
 *       Trained with Negative Sampling", RecSys 2023: the positive's probability is raised to the power β,
 *       {@code −log σ(s⁺)^β = β·softplus(−s⁺)}, with
 *       {@code β = α(t(1 − 1/α) + 1/α) = 1 − t(1 − α)}, {@code α = k/(N − 1)} the sampling rate and
 *       {@code t ∈ [0,1]} the calibration ({@link #gbceBeta}). t = 0 gives β = 1, i.e. BCE with k negatives
 *       exactly; t = 1 gives β = α.</li>
 * </ul>
 * Note: gSASRec's paper divides each slot's sum by k + 1 ({@code −1/(|I_k⁻|+1)(…)}); we keep the paper's BCE scale
 * (a sum over the positive and its negatives, a mean over slots), so that {@code gbce} with t = 0 is {@code bce}
 * with the same k, and auxiliary terms (LLM-ESR's self-distillation weight α = 0.1) keep their weight relative to
 * the recommendation loss. The two differ by the constant factor k + 1 per slot (same minimiser).
 */
public final class BinaryCrossEntropy implements Objective {
  /** The paper's loss: one negative, β = 1. */
  public static final BinaryCrossEntropy PAPER = new BinaryCrossEntropy(LossKind.BCE, 1, 1.0);

  private final LossKind kind;
  private final int k;
  private final double beta;

  private BinaryCrossEntropy(LossKind kind, int k, double beta) {
    if (k < 1) throw new IllegalArgumentException("BCE needs k >= 1 negatives per slot, got " + k);
    if (!(beta > 0 && beta <= 1)) throw new IllegalArgumentException("beta must be in (0,1], got " + beta);
    this.kind = kind;
    this.k = k;
    this.beta = beta;
  }

  /** BCE with k negatives per slot (β = 1). */
  public static BinaryCrossEntropy bce(int k) {
    return k == 1 ? PAPER : new BinaryCrossEntropy(LossKind.BCE, k, 1.0);
  }

  /** gBCE with k negatives per slot over N items and calibration t ({@link #gbceBeta}). */
  public static BinaryCrossEntropy gbce(int k, int numItems, double t) {
    return new BinaryCrossEntropy(LossKind.GBCE, k, gbceBeta(k, numItems, t));
  }

  /**
   * gSASRec's β (Petrov &amp; Macdonald, RecSys 2023): {@code α = k/(N−1)},
   * {@code β = α(t(1 − 1/α) + 1/α) = 1 − t(1 − α)}.
   *
   * @throws IllegalArgumentException if t is outside [0,1], k &lt; 1 or k &gt; N − 1
   */
  public static double gbceBeta(int k, int numItems, double t) {
    if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("gbce calibration t must be in [0,1], got " + t);
    if (k < 1 || k > numItems - 1) {
      throw new IllegalArgumentException("gbce needs 1 <= k <= N-1 = " + (numItems - 1) + " negatives, got " + k);
    }
    double alpha = (double) k / (numItems - 1);
    return alpha * (t * (1 - 1 / alpha) + 1 / alpha);
  }

  @Override
  public LossKind kind() {
    return kind;
  }

  @Override
  public int negativesPerSlot() {
    return k;
  }

  /** β, the exponent of the positive's probability (1 for BCE). */
  public double beta() {
    return beta;
  }

  @Override
  public NDArray loss(ScoredSlots slots, Candidates items) {
    NDArray inv = slots.inverseDenominator();
    NDArray pos = softPlus(slots.positiveLogits(items).neg());
    if (beta != 1.0) pos = pos.mul(slots.scalar((float) beta));
    NDArray posLoss = pos.mul(slots.mask()).sum().mul(inv);
    NDArray negLoss = softPlus(slots.negativeLogits(items)).mul(slots.negativeMask()).sum().mul(inv);
    return posLoss.add(negLoss);
  }

  /** Numerically stable {@code log(1 + exp(x))} (PyTorch's softplus). */
  static NDArray softPlus(NDArray x) {
    return x.getNDArrayInternal().softPlus();
  }
}
