package io.llmesr.model.rlmrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.AuxiliaryLoss;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.llmesr.FrozenItemTable;

/**
 * RLMRec-Gen's alignment term (Ren et al., WWW 2024, §3.4 "mask-reconstruction with generative alignment") on a
 * sequential backbone: mask part of the model's item representations and reconstruct the LLM embeddings of the
 * masked items from what the model makes of them.
 * <pre>
 *   M       = input slots (b,t) holding an item 1..N, each drawn with probability r   (method.mask_ratio)
 *   s'      = the input sequences with every slot of M replaced by the mask token N+1
 *   h_bt    = hiddenStates(s')[b,t]                       the model's representation of the masked slot (width d)
 *   g(h)    = Linear_2(LeakyReLU(Linear_1(h)))            d → (D+d)/2 → D   ({@link RlmRecMlp}, σ↓ of the paper)
 *   L_gen   = mean_{(b,t) ∈ M} ( 1 − cos(g(h_bt), s_{item(b,t)}) )
 *   term    = beta · L_gen
 * </pre>
 * with {@code s_j} the frozen LLM embedding of item j ({@link FrozenItemTable}). The paper's generative loss is
 * {@code −mean log exp(sim(σ↓(ê_i), s_i)) = −mean cos}; {@code 1 − cos} differs by a constant (same gradient) and is
 * 0 at perfect reconstruction. The masked pass is a second forward pass of the batch (train mode, its own dropout);
 * the recommendation loss is computed on the unmasked batch as for {@code plain}.
 *
 * <p>Note: choices the papers leave open for sequential backbones.
 * <ul>
 *   <li>RLMRec masks graph nodes and reconstructs them from the graph encoder's output, where a masked node's
 *       representation comes from its neighbours. Here the "neighbours" are the sequence: a masked slot's input is
 *       the learnable mask token (row N+1 of the id table: BERT4Rec's own mask token, unused otherwise by SASRec and
 *       GRU4Rec; RLMRec's mask token is a learnable vector too) and its representation is the encoder's hidden state
 *       there, built from the rest of the sequence (both sides for the bidirectional encoders, the past for causal
 *       masking and GRU4Rec).</li>
 *   <li>Slots are masked independently (an item occurring in several sequences of the batch is masked in each with
 *       probability r); a batch without a masked slot has a zero term. The draw uses PyTorch's
 *       generator, which the trainer re-seeds before every step, so it is deterministic and resume-safe.</li>
 *   <li>Only items are reconstructed: the datasets have no LLM user profiles.</li>
 * </ul>
 */
public final class GenerativeAlignment implements AuxiliaryLoss {
  /** Name in logs and the metrics CSV. */
  public static final String NAME = "gen";

  private final FrozenItemTable llm;
  private final RlmRecMlp mlp;
  private final float beta;
  private final float maskRatio;
  private final int numItems;

  /**
   * Registers the MLP d → (D+d)/2 → D ({@link RlmRecMlp}) in {@code store}.
   *
   * @param llm       the frozen LLM item table ({@code N+2} rows)
   * @param d         width of the model's hidden states
   * @param beta      weight of the term
   * @param maskRatio probability r that an input slot is masked, in (0, 1]
   */
  public GenerativeAlignment(ParameterStore store, FrozenItemTable llm, int d, double beta, double maskRatio) {
    if (!(maskRatio > 0 && maskRatio <= 1)) throw new IllegalArgumentException("mask ratio must be in (0,1], got " + maskRatio);
    this.llm = llm;
    this.mlp = new RlmRecMlp(store, d, llm.dim());
    this.beta = (float) beta;
    this.maskRatio = (float) maskRatio;
    this.numItems = llm.rows() - 2;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NDArray compute(SequenceModel model, TrainingBatch batch, BatchArrays input, Forward fwd) {
    SequenceBatch in = batch.input();
    int[] ids = in.items();
    float[] draws = fwd.manager().randomUniform(0f, 1f, new Shape(ids.length)).toFloatArray();
    boolean[] masked = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) masked[i] = ids[i] >= 1 && ids[i] <= numItems && draws[i] < maskRatio;
    return masked(model, in, masked, fwd).mul(fwd.scalar(beta));
  }

  /**
   * The unweighted {@code L_gen} with the given slots masked (row-major over the batch's B×T slots; each must hold an
   * item in 1..N), a scalar; 0 when no slot is masked.
   */
  public NDArray masked(SequenceModel model, SequenceBatch in, boolean[] masked, Forward fwd) {
    int[] ids = in.items();
    int count = 0;
    for (boolean m : masked) if (m) count++;
    if (count == 0) return fwd.scalar(0f);
    int[] maskedIds = ids.clone();
    long[] slots = new long[count];
    long[] items = new long[count];
    int k = 0;
    for (int i = 0; i < ids.length; i++) {
      if (!masked[i]) continue;
      if (ids[i] < 1 || ids[i] > numItems) throw new IllegalArgumentException("slot " + i + " holds no item: " + ids[i]);
      slots[k] = i;
      items[k++] = ids[i];
      maskedIds[i] = numItems + 1;
    }
    SequenceBatch m = new SequenceBatch(in.size(), in.length(), maskedIds, in.positions(), in.users());
    NDManager mgr = fwd.manager();
    NDArray h = model.hiddenStates(new BatchArrays(m, mgr), fwd);              // B×T×d
    NDArray flat = h.reshape(-1, h.getShape().get(h.getShape().dimension() - 1));
    NDArray hk = Ops.embedding(mgr.create(slots), flat);                     // K×d
    return reconstruction(hk, llm.rows(items, mgr), fwd);
  }

  /** {@code mean_k (1 − cos(g(h_k), s_k))} for row-aligned hidden states (K×d) and LLM rows (K×D), a scalar. */
  public NDArray reconstruction(NDArray h, NDArray s, Forward fwd) {
    return meanCosineDistance(mlp.apply(h, fwd), s, fwd);
  }

  /** {@code mean_k (1 − cos(a_k, b_k))} for row-aligned {@code a}, {@code b} (K×k each), a scalar. */
  public static NDArray meanCosineDistance(NDArray a, NDArray b, Forward fwd) {
    return fwd.scalar(1f).sub(Cosine.rows(a, b, fwd).mean());
  }
}
