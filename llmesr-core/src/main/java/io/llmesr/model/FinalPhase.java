package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.llmesr.prepare.Dataset;

/**
 * A second training stage that a method runs once, after the epochs, on the parameters of the best checkpoint (e.g.
 * CITIES' tail-item embedding inference, {@code io.llmesr.model.cities}). The trainer
 * ({@code io.llmesr.train.FinalPhaseRunner}) drives it:
 * <pre>
 *   store = begin(inputs)                       the phase's own trainable parameters; the model's are left alone
 *   for e in 1..epochs():
 *     for b in 0..beginEpoch(e)-1:              batches drawn from a stream derived from (seed, e)
 *       backward(loss(b)); Adam step on store
 *   end()                                       writes the result into the model's persisted parameters
 * </pre>
 * and saves the result as the best checkpoint, marked with {@link #name()} so that it is applied once. A phase must
 * be deterministic given the model's parameters and {@link Inputs#seed()}: a run killed during the phase redoes it
 * from the best checkpoint and gets the same result.
 */
public interface FinalPhase {
  /** Name in logs and in the best checkpoint's {@code state.json} ({@code final_phase}). */
  String name();

  /** Epochs of the phase's own optimisation. */
  int epochs();

  /**
   * Prepares the phase on the model's current parameters and returns the phase's trainable parameters: a store of
   * its own (on a sub-manager of the model's manager), which the caller closes after {@link #end()}.
   */
  ParameterStore begin(Inputs inputs);

  /** Draws the batches of epoch {@code epoch} (1-based) and returns how many there are. */
  int beginEpoch(int epoch);

  /**
   * The scalar loss of batch {@code batch} of the current epoch; differentiable in the phase's parameters only.
   * Per-batch arrays go to {@code manager}; the caller runs this inside an {@link ai.djl.ndarray.NDScope}.
   */
  NDArray loss(int batch, NDManager manager);

  /** Writes the phase's result into the model's persisted parameters; returns a one-line summary for the log. */
  String end();

  /**
   * What a phase may read besides the model.
   *
   * @param dataset   the training dataset
   * @param tailItems per item id 0..N, whether it is a tail item under the run's head/tail rule ({@code eval.thresholds})
   * @param seed      the run's root seed
   * @param batchSize examples per batch ({@code train.batch_size})
   */
  record Inputs(Dataset dataset, boolean[] tailItems, long seed, int batchSize) {
    public Inputs {
      if (tailItems.length != dataset.numItems() + 1) {
        throw new IllegalArgumentException(tailItems.length + " tail flags for " + dataset.numItems() + " items + 1");
      }
      if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
  }
}
