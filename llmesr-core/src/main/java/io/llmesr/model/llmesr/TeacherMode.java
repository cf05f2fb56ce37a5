package io.llmesr.model.llmesr;

import java.util.Locale;

/**
 * How the self-distillation teacher (docs/model.md §3.8) is computed.
 */
public enum TeacherMode {
  /**
   * The paper's way: every training batch runs the model (train mode, dropout active) on the B×N similar
   * users' training input sequences and averages their detached last-position representations.
   */
  BATCH,
  /**
   * Our speed option: once per epoch (before its first batch) every user's last-position representation
   * of its training input sequence is computed in evaluation mode (no dropout) and cached; a batch's teacher
   * is the mean of the cached rows of its similar users. Removes the per-batch B×N teacher passes.
   *
   * <p>Note: this differs from the paper in two ways, both deliberate: the teacher lags the student by at
   * most one epoch, and it is computed without dropout (a cached target should be the model's best estimate
   * of each user, not one frozen dropout sample for a whole epoch).
   */
  CACHED;

  /** Parses {@code batch} or {@code cached} (case-insensitive). */
  public static TeacherMode parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "batch" -> BATCH;
      case "cached" -> CACHED;
      default -> throw new IllegalArgumentException("unknown teacher mode '" + s + "'; expected batch or cached");
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
