package io.llmesr.prepare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How each user's time-ordered sequence is cut into training, validation and test parts (the
 * {@code trainEnd}/{@code validEnd} boundaries of {@link Dataset}).
 */
public sealed interface SplitSpec permits SplitSpec.LeaveOneOut, SplitSpec.Temporal {
  /** Parameters for the manifest (before resolution of quantiles). */
  Map<String, Object> params();

  /** Human-readable warning about the split's known leakage, or {@code null}. */
  String warning();

  /**
   * Leave-one-out by time (docs/model.md §2.2): a user with {@code n >= 3} interactions has the last one as test,
   * the second last as validation and the rest as training; a user with {@code n < 3} is all training.
   */
  record LeaveOneOut() implements SplitSpec {
    @Override
    public Map<String, Object> params() {
      return Map.of("split", "loo");
    }

    @Override
    public String warning() {
      return "leave-one-out split (paper protocol): each user's last items are held out at their own time, so"
          + " training sequences of some users are later than other users' test targets (cross-user future"
          + " information leaks into training). Use --split-protocol temporal for a global time split.";
    }
  }

  /**
   * A global temporal split at two cutoffs {@code validCut <= testCut}, each given as a quantile of all
   * interaction timestamps or as an absolute timestamp. For each user with time-sorted sequence
   * {@code s} and timestamps {@code t}:
   * <ul>
   *   <li>training = interactions with {@code t <= validCut};</li>
   *   <li>validation = {@code validCut < t <= testCut} (target: the first of them; input: the training part);</li>
   *   <li>test = {@code t > testCut} (target: the first of them; input: training + validation).</li>
   * </ul>
   * A user with no interaction at or before {@code validCut} has no history to predict from and is removed
   * (counted in the manifest as {@code usersDroppedBySplit}); a user with nothing after a cutoff simply has
   * no target there. A quantile {@code q} resolves to the timestamp at 0-based index
   * {@code floor(q * (n - 1))} of all {@code n} timestamps (of the users left by the recipe) in ascending
   * order; because of {@code <=}, ties at the cutoff go to the earlier part.
   *
   * @param validQuantile  quantile in (0, 1) for the validation cutoff, or {@code null} when {@code validTimestamp} is given
   * @param testQuantile   quantile in (0, 1) for the test cutoff, or {@code null}
   * @param validTimestamp absolute validation cutoff, or {@code null}
   * @param testTimestamp  absolute test cutoff, or {@code null}
   */
  record Temporal(Double validQuantile, Double testQuantile, Long validTimestamp, Long testTimestamp)
      implements SplitSpec {
    public Temporal {
      boolean byQuantile = validQuantile != null && testQuantile != null && validTimestamp == null && testTimestamp == null;
      boolean byTime = validQuantile == null && testQuantile == null && validTimestamp != null && testTimestamp != null;
      if (!byQuantile && !byTime) {
        throw new IllegalArgumentException("temporal split needs either two quantiles or two timestamps (valid, test)");
      }
      if (byQuantile) {
        if (!(validQuantile > 0 && validQuantile < 1 && testQuantile > 0 && testQuantile < 1)) {
          throw new IllegalArgumentException("temporal split quantiles must lie in (0, 1): " + validQuantile + ", " + testQuantile);
        }
        if (validQuantile > testQuantile) {
          throw new IllegalArgumentException("validation cutoff quantile " + validQuantile + " is after test cutoff " + testQuantile);
        }
      } else if (validTimestamp > testTimestamp) {
        throw new IllegalArgumentException("validation cutoff " + validTimestamp + " is after test cutoff " + testTimestamp);
      }
    }

    /** Cutoffs at the given quantiles (e.g. 0.8 and 0.9). */
    public static Temporal atQuantiles(double valid, double test) {
      return new Temporal(valid, test, null, null);
    }

    /** Cutoffs at the given timestamps. */
    public static Temporal atTimestamps(long valid, long test) {
      return new Temporal(null, null, valid, test);
    }

    @Override
    public Map<String, Object> params() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("split", "temporal");
      if (validQuantile != null) {
        p.put("validQuantile", validQuantile);
        p.put("testQuantile", testQuantile);
      } else {
        p.put("validTimestamp", validTimestamp);
        p.put("testTimestamp", testTimestamp);
      }
      return p;
    }

    @Override
    public String warning() {
      return null;
    }
  }
}
