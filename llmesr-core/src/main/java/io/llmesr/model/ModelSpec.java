package io.llmesr.model;

/**
 * Shape and regularisation hyper-parameters of a sequential model (docs/model.md §3, §4.1). Immutable and validated.
 *
 * @param backbone    SASRec, BERT4Rec or GRU4Rec
 * @param numItems    N: items are 1..N, 0 is padding, N+1 is the mask token; item tables have N+2 rows
 *                    (docs/model.md §3.1)
 * @param hiddenSize  d (paper 64)
 * @param maxLen      L (paper 200): longest input; the position table has L+100 rows (docs/model.md §3.1)
 * @param numBlocks   transformer blocks (paper 2); ignored by GRU4Rec (always 1 layer)
 * @param numHeads    attention heads (paper 1); must divide d
 * @param dropout     dropout rate on inputs, attention weights and FFN (paper 0.5); GRU4Rec uses none
 *                    (docs/model.md §3.3)
 * @param masking     attention masking ({@link Masking#NONE} in the paper preset)
 * @param dynamicLength pad each batch only to its longest sequence rounded up to {@link #LENGTH_MULTIPLE} instead
 *                    of to L. Valid only with masks: without them the padded slots take part in attention (keys) and
 *                    in the GRU recurrence, so the padded length changes the result.
 */
public record ModelSpec(Backbone backbone, int numItems, int hiddenSize, int maxLen, int numBlocks, int numHeads,
                        float dropout, Masking masking, boolean dynamicLength) {
  /** Dynamic batch lengths are rounded up to a multiple of this (fewer distinct shapes, aligned vector loops). */
  public static final int LENGTH_MULTIPLE = 8;

  public ModelSpec {
    if (backbone == null || masking == null) throw new IllegalArgumentException("backbone and masking are required");
    if (numItems < 1) throw new IllegalArgumentException("numItems must be >= 1, got " + numItems);
    if (hiddenSize < 1) throw new IllegalArgumentException("hiddenSize must be >= 1, got " + hiddenSize);
    if (maxLen < 1) throw new IllegalArgumentException("maxLen must be >= 1, got " + maxLen);
    if (numBlocks < 1) throw new IllegalArgumentException("numBlocks must be >= 1, got " + numBlocks);
    if (numHeads < 1 || hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException("numHeads " + numHeads + " must divide hiddenSize " + hiddenSize);
    }
    if (!(dropout >= 0f && dropout < 1f)) throw new IllegalArgumentException("dropout must be in [0,1), got " + dropout);
    if (dynamicLength && !masking.masksPadding()) {
      throw new IllegalArgumentException("dynamic sequence length needs masks (masking=padding or causal): without them"
          + " the padded slots change the result");
    }
  }

  /** The padded length T for a batch whose longest input has {@code longest} items. */
  public int paddedLength(int longest) {
    return SequenceBatch.paddedLength(longest, maxLen, dynamicLength, LENGTH_MULTIPLE);
  }

  /** Rows of an item table: padding 0, items 1..N, mask token N+1. */
  public int itemRows() {
    return numItems + 2;
  }

  /** The mask token id N+1 (BERT4Rec only). */
  public int maskToken() {
    return numItems + 1;
  }

  /** Rows of the position table: L+100 (docs/model.md §3.1; BERT4Rec's prediction may use position L+1). */
  public int positionRows() {
    return maxLen + 100;
  }

  /** Paper values for a backbone: d 64, L 200, 2 blocks, 1 head, dropout 0.5, no masks, fixed length. */
  public static ModelSpec paper(Backbone backbone, int numItems) {
    return new ModelSpec(backbone, numItems, 64, 200, 2, 1, 0.5f, Masking.NONE, false);
  }

  /** A copy with other masking and dynamic-length settings. */
  public ModelSpec withMasking(Masking m, boolean dynamic) {
    return new ModelSpec(backbone, numItems, hiddenSize, maxLen, numBlocks, numHeads, dropout, m, dynamic);
  }
}
