package io.llmesr.model.rlmrec;

import ai.djl.ndarray.NDArray;
import io.llmesr.model.Forward;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;

/**
 * RLMRec's two-layer MLP between the collaborative and the semantic space (Ren et al., WWW 2024, §3.3–3.4: the
 * mapping σ↑ of the contrastive alignment, σ↓ of the generative one):
 * <pre>
 *   f(x) = W_1 · LeakyReLU(W_0 · x + b_0) + b_1      in → H = (in+out)/2 → out,  LeakyReLU slope 0.01
 * </pre>
 * Parameters {@code rlmrec.mlp0.weight} (H×in), {@code rlmrec.mlp0.bias}, {@code rlmrec.mlp1.weight} (out×H),
 * {@code rlmrec.mlp1.bias}: xavier-normal weights, U(±1/sqrt(fan_in)) biases (docs/model.md §3.9), trainable and
 * persisted. {@code rlmrec-con} maps LLM → id (in = D, out = d), {@code rlmrec-gen} id → LLM (in = d, out = D).
 */
public final class RlmRecMlp {
  private static final float LEAKY_SLOPE = 0.01f;   // nn.LeakyReLU() default, as RLMRec's MLP

  private final NDArray w0;
  private final NDArray b0;
  private final NDArray w1;
  private final NDArray b1;

  /** Registers the four parameters in {@code store}. */
  public RlmRecMlp(ParameterStore store, int in, int out) {
    int hidden = Math.max(1, (in + out) / 2);
    this.w0 = store.xavier("rlmrec.mlp0.weight", hidden, in);
    this.b0 = store.linearBias("rlmrec.mlp0.bias", hidden, in);
    this.w1 = store.xavier("rlmrec.mlp1.weight", out, hidden);
    this.b1 = store.linearBias("rlmrec.mlp1.bias", out, hidden);
  }

  /** {@code f(x)} for rows {@code x} (R×in → R×out). The slope is a {@link Forward#scalar} (safe under autograd). */
  public NDArray apply(NDArray x, Forward fwd) {
    NDArray h = Ops.linear(x, w0, b0);
    h = h.maximum(h.mul(fwd.scalar(LEAKY_SLOPE)));               // LeakyReLU, slope < 1
    return Ops.linear(h, w1, b1);
  }
}
