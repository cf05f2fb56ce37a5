package io.llmesr.model.llmesr;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The LLM-ESR-specific hyper-parameters (the backbone's own ones — d, blocks, dropout, max length — live in
 * the backbone configuration).
 *
 * <p>The typed view of the method's options; each is declared (name, default, rules, doc) in
 * {@link LlmEsrModelFactory#OPTIONS}.
 *
 * @param alpha          weight of the self-distillation MSE (docs/model.md §3.8; paper 0.1). Must be {@code >= 0}.
 * @param simUsers       number N of similar users averaged into the teacher: the first N of the stored
 *                       most-similar-first list (docs/model.md §2.7; paper 10). Must be {@code >= 1}.
 * @param teacher        how the teacher is computed ({@link TeacherMode#BATCH} is the paper's way)
 * @param crossHeads     heads of each cross-attention module (docs/model.md §3.4: 2, hard-coded in the paper); must
 *                       divide the hidden size
 * @param ablations      the ablation switches in force (empty for the full model)
 */
public record LlmEsrOptions(double alpha, int simUsers, TeacherMode teacher, int crossHeads, Set<Ablation> ablations) {

  /** The paper preset: alpha 0.1, 10 similar users, per-batch teacher, 2 cross-attention heads, no ablation. */
  public static LlmEsrOptions paper() {
    return new LlmEsrOptions(LlmEsrModelFactory.ALPHA_KEY.defaultValue(null),
        LlmEsrModelFactory.SIM_USERS_KEY.defaultValue(null), LlmEsrModelFactory.TEACHER_KEY.defaultValue(null),
        LlmEsrModelFactory.CROSS_HEADS_KEY.defaultValue(null), LlmEsrModelFactory.ABLATION_KEY.defaultValue(null));
  }

  public LlmEsrOptions {
    // the rules of each option are declared once, with the option (LlmEsrModelFactory.OPTIONS)
    LlmEsrModelFactory.ALPHA_KEY.check(alpha);
    LlmEsrModelFactory.SIM_USERS_KEY.check(simUsers);
    if (teacher == null) throw new IllegalArgumentException("teacher mode is required");
    LlmEsrModelFactory.CROSS_HEADS_KEY.check(crossHeads);
    EnumSet<Ablation> set = EnumSet.noneOf(Ablation.class);
    if (ablations != null) set.addAll(ablations);
    if (set.contains(Ablation.NO_CO_VIEW) && set.contains(Ablation.NO_SE_VIEW)) {
      throw new IllegalArgumentException("no-co-view and no-se-view together leave no view");
    }
    ablations = Collections.unmodifiableSet(set);
  }

  /** Whether an ablation switch is on. */
  public boolean has(Ablation a) {
    return ablations.contains(a);
  }

  /** Whether the collaborative (id) view takes part. */
  public boolean collaborativeView() {
    return !has(Ablation.NO_CO_VIEW);
  }

  /** Whether the semantic (LLM + adapter) view takes part. */
  public boolean semanticView() {
    return !has(Ablation.NO_SE_VIEW);
  }

  /** Whether cross-attention is used (needs both views). */
  public boolean crossAttention() {
    return collaborativeView() && semanticView() && !has(Ablation.NO_CA);
  }

  /** Whether each view gets its own encoder (only meaningful with both views). */
  public boolean separateEncoders() {
    return collaborativeView() && semanticView() && has(Ablation.NO_SHARE);
  }

  /** The self-distillation weight in force: 0 under {@link Ablation#NO_SD}. */
  public double effectiveAlpha() {
    return has(Ablation.NO_SD) ? 0.0 : alpha;
  }

  /** Whether the self-distillation term (student and teacher passes) is computed at all. */
  public boolean selfDistillation() {
    return effectiveAlpha() > 0;
  }

  /** Number of views taking part (1 or 2); the user and candidate vectors have {@code views()*d} features. */
  public int views() {
    return (collaborativeView() ? 1 : 0) + (semanticView() ? 1 : 0);
  }

  /** Copy with other ablations. */
  public LlmEsrOptions withAblations(Set<Ablation> a) {
    return new LlmEsrOptions(alpha, simUsers, teacher, crossHeads, a);
  }

  /** Copy with another teacher mode. */
  public LlmEsrOptions withTeacher(TeacherMode t) {
    return new LlmEsrOptions(alpha, simUsers, t, crossHeads, ablations);
  }
}
