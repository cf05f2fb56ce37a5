package io.llmesr.model.llmesr;

import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceEncoder;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import java.util.List;

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
 * One encoder instance serves both views (docs/model.md §3.5) unless the {@code no-share} ablation gives each view its own
 * ({@link #encoders()} then holds two distinct instances). Self-distillation is an auxiliary loss that
 * runs its own backward pass ({@link SequenceRecommender#lossAndBackward}), so that peak memory is one pass, not
 * two. This class is the composition with its parts and options at hand.
 */
public final class LlmEsrModel extends SequenceRecommender {
  private final DualViewItems dualItems;
  private final LlmEsrOptions options;
  private final SelfDistillation distillation;

  LlmEsrModel(ModelSpec spec, ParameterStore store, DualViewItems items, List<SequenceEncoder> encoders,
              StreamMixer mixer, SelfDistillation distillation, LlmEsrOptions options) {
    super(spec, store, items, encoders, mixer, distillation == null ? List.of() : List.of(distillation));
    this.dualItems = items;
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

  /** The self-distillation term, or null when it is off ({@code no-sd} / alpha 0). */
  public SelfDistillation distillation() {
    return distillation;
  }
}
