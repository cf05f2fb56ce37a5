package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.LossTerms;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceEncoder;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import io.llmesr.model.TrainingBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LLM-ESR (docs/model.md §3): dual-view item representation ({@link DualViewItems}), two-way cross-attention
 * ({@link CrossAttentionMixer}), the backbone's encoder run on both streams, logit-level fusion by concatenation,
 * and retrieval-augmented self-distillation ({@link SelfDistillation}).
 *
 * <pre>
 *   X_id, X_sem = encoder.embedInput(id_emb[s]), encoder.embedInput(Adapter(llm[s]))
 *   C_id, C_sem = CA_llm2id(X_sem, X_id), CA_id2llm(X_id, X_sem)
 *   H = [encoder(C_id) ; encoder(C_sem)]                 B×T×2d
 *   u = H[:, T-1, :],   score(j) = u · [id_emb_j ; Adapter(llm_j)]
 *   L = L_rec(H) + alpha · MSE(u_student, mean_k u_teacher_k)
 * </pre>
 * One encoder instance serves both views (docs/model.md §3.5) unless the {@code no-share} ablation gives each view its
 * own ({@link #encoders()} then holds two distinct instances). Beyond {@link SequenceRecommender} this class
 * <ul>
 *   <li>runs stream {@code i} through encoder {@code i};</li>
 *   <li>computes transformer streams on the window of real slots with the padding folded
 *       ({@link FoldedPaddingEncoder}; same function as all L slots);</li>
 *   <li>adds the self-distillation term itself and back-propagates it separately from the recommendation pass
 *       ({@link #lossAndBackward}), so that peak memory is one pass, not two.</li>
 * </ul>
 */
public final class LlmEsrModel extends SequenceRecommender {
  private final DualViewItems dualItems;
  private final List<SequenceEncoder> encoders;
  private final StreamMixer streamMixer;
  private final LlmEsrOptions options;
  private final SelfDistillation distillation;

  LlmEsrModel(ModelSpec spec, ParameterStore store, DualViewItems items, List<SequenceEncoder> encoders,
              StreamMixer mixer, SelfDistillation distillation, LlmEsrOptions options) {
    // the self-distillation term is added by this class (loss, lossAndBackward), not as a generic auxiliary loss,
    // so that its pass can be back-propagated separately from the recommendation pass
    super(spec, store, items, encoders.get(0), mixer, List.of());
    if (encoders.size() != items.views()) {
      throw new IllegalArgumentException(encoders.size() + " encoders for " + items.views() + " views");
    }
    this.dualItems = items;
    this.encoders = List.copyOf(encoders);
    this.streamMixer = mixer == null ? StreamMixer.IDENTITY : mixer;
    this.options = options;
    this.distillation = distillation;
  }

  /** The LLM-ESR options (alpha, similar users, teacher, ablations). */
  public LlmEsrOptions options() {
    return options;
  }

  /** The dual-view item representation. */
  public DualViewItems dualItems() {
    return dualItems;
  }

  /** One encoder per stream (the same instance for every stream unless {@code no-share}). */
  public List<SequenceEncoder> encoders() {
    return encoders;
  }

  /** The stream mixer (cross-attention, or identity under {@code no-ca} / single view). */
  public StreamMixer mixer() {
    return streamMixer;
  }

  /** The self-distillation term, or null when it is off ({@code no-sd} / alpha 0). */
  public SelfDistillation distillation() {
    return distillation;
  }

  /**
   * Hidden states B×T×D. With transformer encoders ({@link FoldedPaddingEncoder}) everything is computed on the
   * window of slots that hold real items (rounded up to a multiple of 8); the padded slots left of it are folded
   * into one attention key (paper preset, no masks) or dropped (with masks), and their hidden state — the final
   * LayerNorm's β, the same for every padded slot — is prepended. Same function as running all T slots.
   */
  @Override
  public NDArray hiddenStates(BatchArrays batch, Forward fwd) {
    int t = batch.length();
    int window = windowLength(batch.batch());
    if (!(encoders.get(0) instanceof FoldedPaddingEncoder) || window >= t) return streamStates(batch, fwd, 0);
    int outside = t - window;
    NDArray states = windowStates(batch, window, fwd);
    NDList rows = new NDList(encoders.size());
    for (SequenceEncoder e : encoders) rows.add(((FoldedPaddingEncoder) e).paddingRow());
    NDArray paddingRow = rows.size() == 1 ? rows.get(0) : NDArrays.concat(rows, 0);
    return FoldedPaddingEncoder.prependPadding(states, paddingRow, outside, fwd.manager());
  }

  /**
   * The training loss: {@code L_rec} (docs/model.md §3.7, one forward pass) {@code + alpha·MSE(u, t)}
   * (docs/model.md §3.8, a second forward pass and the teacher). Parts {@code rec} and {@code sd}.
   */
  @Override
  public LossTerms loss(TrainingBatch batch, Forward fwd) {
    LossTerms rec = super.loss(batch, fwd);
    if (distillation == null) return rec;
    NDArray sd = distillation.compute(this, batch, new BatchArrays(batch.input(), fwd.manager()), fwd);
    Map<String, NDArray> parts = new LinkedHashMap<>(rec.parts());
    parts.put(distillation.name(), sd);
    return new LossTerms(rec.total().add(sd), parts, rec.slots());
  }

  /**
   * The same loss and gradients as {@link #loss} + one backward pass, with a third of the peak memory:
   * <ol>
   *   <li>the teacher targets (no autograd graph; the memory its passes use is free again afterwards);</li>
   *   <li>the recommendation pass, back-propagated at once, in its own scope, so that its activations are freed;</li>
   *   <li>the student pass and the self-distillation term, back-propagated.</li>
   * </ol>
   * Gradients of the two backward passes add up before the optimiser step (nothing zeroes them in between), which
   * is the gradient of their sum. Returned arrays hold values only.
   */
  @Override
  public LossTerms lossAndBackward(TrainingBatch batch, Forward fwd, GradientCollector gc) {
    if (distillation == null) return super.lossAndBackward(batch, fwd, gc);
    NDArray teacher = distillation.teacher(this, batch.input().users(), fwd);
    float rec;
    int slots;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      LossTerms terms = super.loss(batch, fwd);
      slots = terms.slots();
      rec = terms.total().getFloat();
      if (slots > 0) gc.backward(terms.total());
    }
    NDArray sd = distillation.term(this, new BatchArrays(batch.input(), fwd.manager()), teacher, fwd);
    gc.backward(sd);
    float sdValue = sd.getFloat();
    Map<String, NDArray> parts = new LinkedHashMap<>();
    parts.put("rec", fwd.manager().create(rec));
    parts.put(distillation.name(), fwd.manager().create(sdValue));
    return new LossTerms(fwd.manager().create(rec + sdValue), parts, slots);
  }

  @Override
  public void beforeEpoch(int epoch) {
    if (distillation != null) distillation.beforeEpoch(this, epoch);
  }

  /** The user representation: the last slot, which always lies in the window (nothing outside it is built). */
  @Override
  public NDArray encode(BatchArrays batch, Forward fwd) {
    int window = windowLength(batch.batch());
    if (!(encoders.get(0) instanceof FoldedPaddingEncoder) || window >= batch.length()) return super.encode(batch, fwd);
    return lastSlot(windowStates(batch, window, fwd));
  }

  /** Hidden states of the last {@code window} slots, the padded slots left of them folded (no masks) or dropped. */
  private NDArray windowStates(BatchArrays batch, int window, Forward fwd) {
    BatchArrays windowed = new BatchArrays(trim(batch.batch(), window), fwd.manager());
    int outside = batch.length() - window;
    return streamStates(windowed, fwd, spec().masking() == Masking.NONE ? outside : 0);
  }

  /** Hidden states computed on all T slots, without windowing (the reference that tests compare against). */
  NDArray hiddenStatesAllSlots(BatchArrays batch, Forward fwd) {
    return streamStates(batch, fwd, 0);
  }

  private NDArray streamStates(BatchArrays batch, Forward fwd, int folded) {
    NDList views = dualItems.inputViews(batch, fwd);
    NDList streams = new NDList(views.size());
    for (int i = 0; i < views.size(); i++) streams.add(encoders.get(i).embedInput(views.get(i), batch, fwd));
    streams = streamMixer.mix(streams, batch, fwd);
    if (streams.size() > 1 && !fwd.training() && sharedEncoder()) return stackedStates(streams, batch, fwd, folded);
    NDList outs = new NDList(streams.size());
    for (int i = 0; i < streams.size(); i++) outs.add(encode(encoders.get(i), streams.get(i), batch, fwd, folded));
    return outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 2);
  }

  private boolean sharedEncoder() {
    for (SequenceEncoder e : encoders) if (e != encoders.get(0)) return false;
    return true;
  }

  /**
   * Inference with one encoder for every stream: the streams stacked along the batch axis go through the encoder
   * in one pass (the encoder treats rows independently, so this is the same function with half the operations) and
   * are put side by side again.
   */
  private NDArray stackedStates(NDList streams, BatchArrays batch, Forward fwd, int folded) {
    int s = streams.size();
    BatchArrays stacked = new BatchArrays(batch.batch().repeated(s), fwd.manager());
    NDArray h = encode(encoders.get(0), NDArrays.concat(streams, 0), stacked, fwd, folded);
    return NDArrays.concat(h.split(s, 0), 2);
  }

  private static NDArray encode(SequenceEncoder e, NDArray stream, BatchArrays batch, Forward fwd, int folded) {
    if (e instanceof FoldedPaddingEncoder f) return f.encode(stream, batch, fwd, folded);
    return e.encode(stream, batch, fwd);
  }

  /**
   * The number of trailing slots that hold every real item of the (left-padded) batch, rounded up to a multiple of
   * {@link ModelSpec#LENGTH_MULTIPLE}, at least 1 and at most T.
   */
  static int windowLength(SequenceBatch b) {
    int t = b.length();
    int first = t;
    int[] items = b.items();
    for (int r = 0; r < b.size() && first > 0; r++) {
      for (int s = 0; s < first; s++) {
        if (items[r * t + s] != 0) {
          first = s;
          break;
        }
      }
    }
    int real = Math.max(1, t - first);
    int m = ModelSpec.LENGTH_MULTIPLE;
    return Math.min(t, ((real + m - 1) / m) * m);
  }

  /** The last {@code window} slots of every row (items, positions), same users. */
  static SequenceBatch trim(SequenceBatch b, int window) {
    int t = b.length();
    int[] items = new int[b.size() * window];
    int[] pos = new int[b.size() * window];
    for (int r = 0; r < b.size(); r++) {
      System.arraycopy(b.items(), r * t + t - window, items, r * window, window);
      System.arraycopy(b.positions(), r * t + t - window, pos, r * window, window);
    }
    return new SequenceBatch(b.size(), window, items, pos, b.users());
  }
}
