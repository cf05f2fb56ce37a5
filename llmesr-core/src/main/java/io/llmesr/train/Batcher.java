package io.llmesr.train;

import io.llmesr.model.ModelSpec;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.loss.BinaryCrossEntropy;
import io.llmesr.model.loss.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Groups an epoch's examples into batches and pads them.
 *
 * <ul>
 *   <li>Paper: examples shuffled, cut into batches of {@code batchSize} in that order, every batch padded to L.</li>
 *   <li>Length-bucketed ({@code train.length_buckets}, on by default with {@link ModelSpec#dynamicLength()}):
 *       examples shuffled, then sorted by input length within pools of {@link #POOL_BATCHES} batches, cut into
 *       batches, and the batch order shuffled. With dynamic length each batch is padded only to its longest input
 *       rounded up to 8; without it, to L, and the folded encoders compute only the batch's window of real items
 *       (the same function). Either way little padding is computed. Note: this changes which users share a batch,
 *       and with the paper's per-batch loss normalisation also how much each slot weighs (below).</li>
 * </ul>
 * <p>Loss normalisation ({@code train.loss_norm}): the paper divides each batch's loss sums by the batch's own number
 * of target slots. In random batches that number is about the same for every batch; in length-bucketed batches it is
 * not (128 users of 2 target slots against 128 users of 50), so each slot of a short-user batch weighs 25 times more
 * than one of a long-user batch. {@code epoch} divides instead by {@code rows × s̄}, s̄ = the epoch's target slots per example,
 * which gives every slot the weight it has on average in random batches. Note: beyond the paper.
 *
 * <p>Objective ({@code train.loss}): each batch carries it. The paper's ({@code bce}, one uniform negative) uses the
 * negative drawn with each example; every other objective gets its k negatives per slot (and their proposal
 * probabilities) drawn when the batch is built ({@link BatchNegatives}).
 *
 * <p>Batches are built on demand ({@link #batch(int)}) so an epoch never holds all padded arrays at once.
 */
public final class Batcher {
  /** Pool size for length bucketing, in batches. */
  public static final int POOL_BATCHES = 64;

  private final List<TrainingExample> examples;
  private final List<int[]> groups;
  private final ModelSpec spec;
  private final boolean lastOnly;
  /** Loss slots per example over the epoch, or 0 when every batch is normalised by its own slots. */
  private final double slotsPerRow;
  private final Objective objective;
  /** The objective's negatives, drawn per batch; null = the examples' own (the paper's objective). */
  private final BatchNegatives negatives;

  /**
   * Batches bucketed by length exactly when {@code spec} has dynamic length (the presets' default), each normalised
   * by its own slot count (the paper).
   */
  public Batcher(List<TrainingExample> examples, int batchSize, ModelSpec spec, boolean lastOnly,
                 SplittableRandom rng) {
    this(examples, batchSize, spec, lastOnly, spec.dynamicLength(), false, rng);
  }

  /**
   * @param examples      the epoch's examples
   * @param batchSize     rows per batch (the last batch may be smaller)
   * @param spec          model spec: L and whether lengths are dynamic
   * @param lastOnly      regime scores only the last slot
   * @param lengthBuckets group users of similar length into batches
   * @param epochNormalised divide each batch's loss by {@code rows × (the epoch's loss slots per row)} instead of by
   *                      its own slot count ({@code train.loss_norm=epoch})
   * @param rng           the epoch's shuffling stream
   */
  public Batcher(List<TrainingExample> examples, int batchSize, ModelSpec spec, boolean lastOnly,
                 boolean lengthBuckets, boolean epochNormalised, SplittableRandom rng) {
    this(examples, batchSize, spec, lastOnly, lengthBuckets, epochNormalised, rng, BinaryCrossEntropy.PAPER, null);
  }

  /**
   * As above, for an objective: {@code negatives} draws its negatives per batch, or is null when the objective takes
   * the examples' own (one per slot: the paper's {@code bce}).
   */
  Batcher(List<TrainingExample> examples, int batchSize, ModelSpec spec, boolean lastOnly, boolean lengthBuckets,
          boolean epochNormalised, SplittableRandom rng, Objective objective, BatchNegatives negatives) {
    if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1");
    if (negatives == null && objective.negativesPerSlot() != 1) {
      throw new IllegalArgumentException(objective.kind().id() + " needs its own negatives");
    }
    this.objective = objective;
    this.negatives = negatives;
    this.examples = examples;
    this.spec = spec;
    this.lastOnly = lastOnly;
    this.slotsPerRow = epochNormalised ? slotsPerRow(examples, spec.maxLen(), lastOnly) : 0;
    Integer[] order = new Integer[examples.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    shuffle(order, rng);
    if (lengthBuckets) {
      int pool = POOL_BATCHES * batchSize;
      Comparator<Integer> byLength = Comparator.comparingInt(i -> examples.get(i).input().length);
      for (int from = 0; from < order.length; from += pool) {
        Arrays.sort(order, from, Math.min(order.length, from + pool), byLength);
      }
    }
    List<int[]> g = new ArrayList<>();
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      int[] rows = new int[to - from];
      for (int i = from; i < to; i++) rows[i - from] = order[i];
      g.add(rows);
    }
    if (lengthBuckets) {
      int[][] arr = g.toArray(new int[0][]);
      shuffle(arr, rng);
      g = Arrays.asList(arr);
    }
    this.groups = g;
  }

  /** Number of batches. */
  public int size() {
    return groups.size();
  }

  /** Builds batch {@code i}: inputs left-padded with positions 1..k right-aligned, targets aligned with inputs. */
  public TrainingBatch batch(int i) {
    int[] rows = groups.get(i);
    int longest = 0;
    for (int r : rows) longest = Math.max(longest, examples.get(r).input().length);
    int t = spec.paddedLength(longest);
    int[][] inputs = new int[rows.length][];
    int[] users = new int[rows.length];
    int width = lastOnly ? 1 : t;
    int[] targets = new int[rows.length * width];
    int[] ownNegatives = new int[rows.length * width];
    for (int j = 0; j < rows.length; j++) {
      TrainingExample e = examples.get(rows[j]);
      inputs[j] = e.input();
      users[j] = e.user();
      if (lastOnly) {
        targets[j] = e.targets()[0];
        ownNegatives[j] = e.negatives()[0];
      } else {
        int k = Math.min(e.targets().length, t);
        int src = e.targets().length - k;
        System.arraycopy(e.targets(), src, targets, j * t + (t - k), k);
        System.arraycopy(e.negatives(), src, ownNegatives, j * t + (t - k), k);
      }
    }
    SequenceBatch input = SequenceBatch.leftPadded(inputs, users, t);
    double normaliser = rows.length * slotsPerRow;
    if (negatives == null) {
      return new TrainingBatch(input, targets, ownNegatives, lastOnly, normaliser, null, objective);
    }
    BatchNegatives.Drawn drawn = negatives.draw(i, users, targets);
    return new TrainingBatch(input, targets, drawn.items(), lastOnly, normaliser, drawn.logProb(), objective);
  }

  /** Mean number of slots with a target per example (the last L slots; one slot when only the last is scored). */
  static double slotsPerRow(List<TrainingExample> examples, int maxLen, boolean lastOnly) {
    if (examples.isEmpty()) return 0;
    long slots = 0;
    for (TrainingExample e : examples) {
      int[] t = e.targets();
      int from = lastOnly ? 0 : Math.max(0, t.length - maxLen);
      int to = lastOnly ? Math.min(1, t.length) : t.length;
      for (int i = from; i < to; i++) if (t[i] > 0) slots++;
    }
    return (double) slots / examples.size();
  }

  private static <T> void shuffle(T[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }
}
