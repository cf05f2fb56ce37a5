package io.llmesr.model.llmesr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.llmesr.model.AuxiliaryLoss;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceEncoder;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import java.util.List;

/**
 * LLM-ESR (spec §3): dual-view item representation ({@link DualViewItems}), two-way cross-attention
 * ({@link CrossAttentionMixer}), the backbone's encoder run on both streams, logit-level fusion by concatenation,
 * and retrieval-augmented self-distillation ({@link SelfDistillation}) as an auxiliary loss.
 *
 * <pre>
 *   X_id, X_sem = encoder.embedInput(id_emb[s]), encoder.embedInput(Adapter(llm[s]))
 *   C_id, C_sem = CA_llm2id(X_sem, X_id), CA_id2llm(X_id, X_sem)
 *   H = [encoder(C_id) ; encoder(C_sem)]                 B×T×2d
 *   u = H[:, T-1, :],   score(j) = u · [id_emb_j ; Adapter(llm_j)]
 *   L = L_rec(H) + alpha · MSE(u_student, mean_k u_teacher_k)
 * </pre>
 * One encoder instance serves both views (spec §9.4) unless the {@code no-share} ablation gives each view its own
 * ({@link #encoders()} then holds two distinct instances); this class differs from {@link SequenceRecommender} only
 * in running stream {@code i} through encoder {@code i}.
 */
public final class LlmEsrModel extends SequenceRecommender {
  private final DualViewItems dualItems;
  private final List<SequenceEncoder> encoders;
  private final StreamMixer streamMixer;
  private final LlmEsrOptions options;
  private final SelfDistillation distillation;

  LlmEsrModel(ModelSpec spec, ParameterStore store, DualViewItems items, List<SequenceEncoder> encoders,
              StreamMixer mixer, SelfDistillation distillation, LlmEsrOptions options) {
    super(spec, store, items, encoders.get(0), mixer,
        distillation == null ? List.<AuxiliaryLoss>of() : List.<AuxiliaryLoss>of(distillation));
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

  @Override
  public NDArray hiddenStates(BatchArrays batch, Forward fwd) {
    NDList views = dualItems.inputViews(batch, fwd);
    NDList streams = new NDList(views.size());
    for (int i = 0; i < views.size(); i++) streams.add(encoders.get(i).embedInput(views.get(i), batch, fwd));
    streams = streamMixer.mix(streams, batch, fwd);
    if (streams.size() == 1) return encoders.get(0).encode(streams.get(0), batch, fwd);
    NDList outs = new NDList(streams.size());
    for (int i = 0; i < streams.size(); i++) outs.add(encoders.get(i).encode(streams.get(i), batch, fwd));
    return NDArrays.concat(outs, 2);
  }
}
