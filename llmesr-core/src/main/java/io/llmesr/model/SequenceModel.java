package io.llmesr.model;

import ai.djl.ndarray.NDArray;

/**
 * A trainable sequential recommender: the model contract shared by the plain backbones and LLM-ESR (docs/training.md,
 * "Java API").
 *
 * <ol>
 *   <li>{@link #encode}: user representation = hidden state at the last (most recent) slot, B×D;</li>
 *   <li>{@link #loss}: training loss of a batch (recommendation BCE + any auxiliary terms);</li>
 *   <li>{@link #scoreCandidates}: scores of given candidate items, B×C;</li>
 *   <li>{@link #scoreItemRange}: scores of items {@code from..to-1} for given user vectors, B×(to-from): full
 *       ranking is done chunk by chunk with a running top-K ({@code io.llmesr.recommend.ModelScorer}).</li>
 * </ol>
 * D = {@link #representationDim()} (64 plain, 128 LLM-ESR). The trainer ({@code io.llmesr.train.Trainer}) only
 * uses this interface and {@link #parameters()}; scoring ({@code io.llmesr.recommend}) only uses
 * {@link #encode}, {@link #scoreCandidates}, {@link #scoreItemRange} and {@link #predictionBatch}.
 *
 * <p>Every method runs inside the caller's {@link ai.djl.ndarray.NDScope}; results are closed with it.
 * The usual implementation is {@link SequenceRecommender} (item representation + encoder + mixer + auxiliary
 * losses); models are built by a {@link ModelFactory} from the run configuration.
 */
public interface SequenceModel extends AutoCloseable {
  /** Shape hyper-parameters. */
  ModelSpec spec();

  /** The model's tensors (trainable, frozen, persisted). */
  ParameterStore parameters();

  /** What turns item ids into vectors (input views and candidate vectors). */
  ItemRepresentation items();

  /** Width D of the user representation and candidate vectors. */
  int representationDim();

  /** Hidden states at every slot, B×T×D (streams encoded separately and concatenated along features). */
  NDArray hiddenStates(BatchArrays batch, Forward fwd);

  /** (1) User representation: the hidden state at slot T-1, B×D. */
  NDArray encode(BatchArrays batch, Forward fwd);

  /** (2) Training loss of a batch (train mode). */
  LossTerms loss(TrainingBatch batch, Forward fwd);

  /** (3) Scores of candidates: {@code candidates} int64 B×C → B×C. */
  NDArray scoreCandidates(BatchArrays batch, NDArray candidates, Forward fwd);

  /** (4) Scores of items {@code from..to-1} for user vectors B×D (from {@link #encode}) → B×(to-from). */
  NDArray scoreItemRange(NDArray userVectors, int from, int to, Forward fwd);

  /**
   * The model input that predicts the next item after each history (oldest first, unpadded). SASRec/GRU4Rec: the
   * last ≤L items with positions 1..k. BERT4Rec: the mask token appended with position k+1, then the last L slots
   * kept (docs/model.md §3.6). Padded to L, or to the longest row when {@link ModelSpec#dynamicLength()}.
   */
  SequenceBatch predictionBatch(int[][] histories, int[] users);

  /**
   * Called by the trainer before the first batch of every epoch (1-based), outside any gradient recording; lets
   * auxiliary terms refresh per-epoch state (LLM-ESR's cached teacher). Default: nothing.
   */
  default void beforeEpoch(int epoch) { }

  /** Whether forward passes compute only the window of slots that hold real items ({@link Window}). */
  default boolean windowed() {
    return false;
  }

  /**
   * (2') One training step's forward and backward: the trainer calls this inside its scope and gradient collector
   * instead of {@link #loss} + {@code backward}. Default: exactly that. A model whose loss is a sum of parts computed
   * by separate forward passes (LLM-ESR: recommendation pass + self-distillation pass) may back-propagate each part
   * as soon as it is computed and free that pass's activations before the next, so peak memory is the largest pass
   * instead of their sum; gradients are the same (they accumulate until the optimiser step).
   *
   * @return the loss terms; their arrays hold the values (they need not be differentiable any more)
   */
  default LossTerms lossAndBackward(TrainingBatch batch, Forward fwd, ai.djl.training.GradientCollector gc) {
    LossTerms terms = loss(batch, fwd);
    gc.backward(terms.total());
    return terms;
  }

  @Override
  void close();
}
