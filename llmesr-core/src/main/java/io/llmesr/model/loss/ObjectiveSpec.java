package io.llmesr.model.loss;

/**
 * The configured training objective ({@code train.loss}, {@code train.negatives}, {@code train.sampler},
 * {@code train.gbce_t}, {@code train.ce_chunk}; docs/training.md, "Training objectives"), checked across keys: what
 * cannot apply is refused with a message naming the keys. {@link #create} builds the {@link Objective} for a dataset.
 *
 * @param loss      the objective
 * @param negatives k negatives per target slot, or {@link #AUTO} for the objective's default
 *                  ({@link #negativesPerSlot})
 * @param sampler   the negatives' distribution
 * @param gbceT     gBCE's calibration t in [0,1] (gbce only)
 * @param ceChunk   items per chunk of logits (ce only)
 */
public record ObjectiveSpec(LossKind loss, int negatives, NegativeSampling sampler, double gbceT, int ceChunk) {
  /** {@code train.negatives=auto}: the objective's default count. */
  public static final int AUTO = 0;
  /** Default k of the many-negative objectives: 256, as gSASRec's published MovieLens-1M configuration. */
  public static final int DEFAULT_MANY_NEGATIVES = 256;
  /** Default gBCE calibration: t = 0.75, as gSASRec's published MovieLens-1M configuration. */
  public static final double DEFAULT_GBCE_T = 0.75;
  /** Default items per chunk of the full softmax's logits. */
  public static final int DEFAULT_CE_CHUNK = 2048;
  /** The paper's objective: BCE with one uniform negative. */
  public static final ObjectiveSpec PAPER = new ObjectiveSpec(LossKind.BCE, AUTO, NegativeSampling.UNIFORM,
      DEFAULT_GBCE_T, DEFAULT_CE_CHUNK);

  public ObjectiveSpec {
    if (loss == null || sampler == null) throw new IllegalArgumentException("train.loss/train.sampler missing");
    if (negatives < 0) throw new IllegalArgumentException("'train.negatives' must be >= 1 (or auto), got " + negatives);
    if (!(gbceT >= 0 && gbceT <= 1)) throw new IllegalArgumentException("'train.gbce_t' must be in [0,1], got " + gbceT);
    if (ceChunk < 1) throw new IllegalArgumentException("'train.ce_chunk' must be >= 1, got " + ceChunk);
    if (loss == LossKind.CE && negatives != AUTO) {
      throw new IllegalArgumentException("'train.negatives' does not apply to 'train.loss=ce': the full softmax scores"
          + " every item (leave train.negatives unset)");
    }
    if (loss == LossKind.CE && sampler != NegativeSampling.UNIFORM) {
      throw new IllegalArgumentException("'train.sampler' does not apply to 'train.loss=ce': it draws no negatives");
    }
    if (loss == LossKind.GBCE && sampler != NegativeSampling.UNIFORM) {
      throw new IllegalArgumentException("'train.loss=gbce' needs 'train.sampler=uniform': gSASRec's calibration"
          + " (alpha = k/(N-1)) assumes uniformly sampled negatives");
    }
  }

  /**
   * k for a dataset of N items: the configured count, or for {@link #AUTO} 1 ({@code bce}), 0 ({@code ce}) or
   * {@code min(256, N − 1)} ({@code sampled-softmax}, {@code gbce}).
   */
  public int negativesPerSlot(int numItems) {
    if (negatives != AUTO) return negatives;
    return switch (loss) {
      case BCE -> 1;
      case CE -> 0;
      case SAMPLED_SOFTMAX, GBCE -> Math.max(1, Math.min(DEFAULT_MANY_NEGATIVES, numItems - 1));
    };
  }

  /**
   * Whether the batch uses the negatives drawn with the training examples (one uniform negative per slot, in the
   * epoch's stream, as the reference does): exactly the paper's objective. Every other objective draws its k
   * negatives per batch.
   */
  public boolean usesExampleNegatives(int numItems) {
    return loss == LossKind.BCE && sampler == NegativeSampling.UNIFORM && negativesPerSlot(numItems) == 1;
  }

  /**
   * The objective for a dataset of N items.
   *
   * @throws IllegalArgumentException naming {@code train.negatives} when k exceeds the N − 1 items a slot can have
   *                                  as negatives
   */
  public Objective create(int numItems) {
    int k = negativesPerSlot(numItems);
    if (loss.sampled() && k > numItems - 1) {
      throw new IllegalArgumentException("'train.negatives' = " + k + " exceeds the " + (numItems - 1)
          + " other items of the dataset (N = " + numItems + ")");
    }
    return switch (loss) {
      case BCE -> BinaryCrossEntropy.bce(k);
      case GBCE -> BinaryCrossEntropy.gbce(k, numItems, gbceT);
      case SAMPLED_SOFTMAX -> new SampledSoftmax(k);
      case CE -> new FullSoftmax(numItems, ceChunk);
    };
  }
}
