package io.llmesr.model.melt;

/**
 * MELT's curriculum weight of one head user's or head item's reconstruction term (Kim et al., SIGIR 2023,
 * curriculum learning of the bilateral branches): early in training the terms of the most popular heads (long sequences, popular items)
 * weigh most; as training goes on the weight moves towards the heads closest to the tail.
 * <pre>
 *   w = | sin( π/2 · min(1, (e − 1) / e_max)  +  π/2 · clamp((n − δ) / (n_max − δ), 0, 1) ) |
 * </pre>
 * with {@code e} the 1-based epoch, {@code e_max} the curriculum length ({@code method.e_max}), {@code n} the head's
 * size, {@code δ} the tail threshold (heads have {@code n >= δ}, {@link io.llmesr.eval.GroupThresholds}) and
 * {@code n_max} the size at which the second phase reaches π/2:
 * <ul>
 *   <li>users: {@code n} = the length that decides the group (test evaluation input, at most L,
 *       {@link MeltGroups#userLength}), {@code n_max} = L;</li>
 *   <li>items: {@code n} = popularity, {@code n_max} = δ + {@link #ITEM_SPAN}.</li>
 * </ul>
 * At epoch 1 a user with a full-length sequence weighs 1 and the shortest head user 0; at {@code e_max} it is the
 * other way round.
 *
 * <p>Note: the formula and its constants are those of the authors' public release ({@code rlqja1107/MELT}; user phase π/(2(L − δ − 1))·(|S_u| − δ − 1), item phase π/100·(n − δ − 1) with n capped at δ + 50, where their
 * tail is {@code n <= δ}, i.e. our δ − 1). Epochs beyond {@code e_max} keep the final weights (the release never
 * trains beyond {@code e_max}).
 */
final class Curriculum {
  /** Popularity above the item threshold at which an item's phase reaches π/2 (the release's constant). */
  static final int ITEM_SPAN = 50;

  private final int eMax;

  /** @param eMax the curriculum length in epochs ({@code method.e_max}, >= 1) */
  Curriculum(int eMax) {
    if (eMax < 1) throw new IllegalArgumentException("e_max must be >= 1, got " + eMax);
    this.eMax = eMax;
  }

  /** The weight {@code w} of a head of size {@code n} at (1-based) {@code epoch} (see the class comment). */
  double weight(int epoch, int n, int threshold, int nMax) {
    double progress = Math.min(1.0, Math.max(0, epoch - 1) / (double) eMax);
    double span = nMax - threshold;
    double position = span <= 0 ? 0 : Math.max(0, Math.min(1, (Math.min(n, nMax) - threshold) / span));
    return Math.abs(Math.sin(Math.PI / 2 * progress + Math.PI / 2 * position));
  }

  /** A user's weight: {@code n} = the user's group length, capped at {@code maxLen} = L. */
  double userWeight(int epoch, int length, int threshold, int maxLen) {
    return weight(epoch, Math.min(length, maxLen), threshold, maxLen);
  }

  /** An item's weight: {@code n} = popularity, {@code n_max} = threshold + {@link #ITEM_SPAN}. */
  double itemWeight(int epoch, int popularity, int threshold) {
    return weight(epoch, popularity, threshold, threshold + ITEM_SPAN);
  }
}
