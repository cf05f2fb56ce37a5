package io.llmesr.model.rlmrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.llmesr.model.AuxiliaryLoss;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ItemRepresentation;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.llmesr.FrozenItemTable;

/**
 * RLMRec-Con's alignment term (Ren et al., WWW 2024, §3.3 "contrastive alignment"), over the distinct items of a
 * batch:
 * <pre>
 *   f(s)    = Linear_2(LeakyReLU(Linear_1(s)))          D → (D+d)/2 → d   ({@link RlmRecMlp})
 *   z_j     = e_j / ||e_j||,   p_j = f(s_j) / ||f(s_j)||
 *   InfoNCE = mean_j −log( exp(z_j·p_j / tau) / Σ_k exp(z_j·p_k / tau) )
 *   term    = beta · InfoNCE
 * </pre>
 * with {@code e_j} the model's id embedding of item j ({@link ItemRepresentation#candidates}, so the gradient reaches
 * the id table) and {@code s_j} the frozen LLM embedding ({@link FrozenItemTable}).
 *
 * <p>Items of the batch: the distinct ids in {@code 1..N} among the input sequences, the positive targets and the
 * sampled negatives (padding 0 and BERT4Rec's mask token N+1 excluded).
 *
 * <p>Note: RLMRec applies the InfoNCE to the (possibly repeated) anchors, positives and negatives of a BPR batch;
 * this port uses each distinct item of the batch once, so that frequent items do not dominate the term, and the
 * other distinct items of the batch as negatives (in-batch negatives, as RLMRec).
 */
public final class ContrastiveAlignment implements AuxiliaryLoss {
  /** Name in logs and the metrics CSV. */
  public static final String NAME = "con";

  private final FrozenItemTable llm;
  private final RlmRecMlp mlp;
  private final float beta;
  private final float tau;
  private final int numItems;

  /**
   * Registers the MLP D → (D+d)/2 → d ({@link RlmRecMlp}) in {@code store}.
   *
   * @param llm      the frozen LLM item table ({@code N+2} rows)
   * @param d        hidden size
   * @param beta     weight of the term
   * @param tau      temperature
   */
  public ContrastiveAlignment(ParameterStore store, FrozenItemTable llm, int d, double beta, double tau) {
    if (!(tau > 0)) throw new IllegalArgumentException("tau must be > 0, got " + tau);
    this.llm = llm;
    this.mlp = new RlmRecMlp(store, llm.dim(), d);
    this.beta = (float) beta;
    this.tau = (float) tau;
    this.numItems = llm.rows() - 2;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NDArray compute(SequenceModel model, TrainingBatch batch, BatchArrays input, Forward fwd) {
    long[] items = distinctItems(numItems, batch.input().items(), batch.targets(), batch.negatives());
    if (items.length == 0) return fwd.scalar(0f);
    return infoNce(model.items(), items, fwd).mul(fwd.scalar(beta));
  }

  /** The unweighted InfoNCE over {@code items} (ids in 1..N, distinct), a scalar. */
  public NDArray infoNce(ItemRepresentation ids, long[] items, Forward fwd) {
    NDManager m = fwd.manager();
    NDArray idx = m.create(items);
    NDArray e = ids.candidates(idx, fwd);                        // U×d
    NDArray p = mlp(llm.rows(items, m), fwd);                    // U×d
    return infoNce(e, p, tau, fwd);
  }

  /** {@code f(s)}: the MLP applied to LLM rows (R×D → R×d). */
  public NDArray mlp(NDArray s, Forward fwd) {
    return mlp.apply(s, fwd);
  }

  /**
   * {@code mean_j −log softmax_k(cos(a_j, b_k)/tau)[j]} for row-aligned {@code a}, {@code b} (U×d each), a scalar.
   * Constants are {@link Forward#scalar} arrays (a number operand is unsafe under autograd, see {@link Forward}).
   */
  public static NDArray infoNce(NDArray a, NDArray b, float tau, Forward fwd) {
    NDArray za = Cosine.normalise(a, fwd);
    NDArray zb = Cosine.normalise(b, fwd);
    NDArray logits = za.matMul(zb.transpose()).div(fwd.scalar(tau));   // U×U
    long u = logits.getShape().get(0);
    NDArray eye = logits.getManager().eye((int) u);
    NDArray diag = logits.logSoftmax(1).mul(eye).sum(new int[] {1});
    return diag.neg().mean();
  }

  /** The distinct ids in {@code 1..numItems} among the given arrays, ascending. */
  static long[] distinctItems(int numItems, int[]... parts) {
    boolean[] seen = new boolean[numItems + 1];
    int count = 0;
    for (int[] part : parts) {
      for (int id : part) {
        if (id >= 1 && id <= numItems && !seen[id]) {
          seen[id] = true;
          count++;
        }
      }
    }
    long[] out = new long[count];
    int k = 0;
    for (int i = 1; i <= numItems; i++) if (seen[i]) out[k++] = i;
    return out;
  }
}
