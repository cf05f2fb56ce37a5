package io.llmesr.train;

import io.llmesr.model.SequenceModel;
import java.util.List;

/**
 * What one finished epoch produced, handed to every {@link EpochListener} in order.
 *
 * @param epoch        the epoch (1-based)
 * @param totalEpochs  the configured number of epochs
 * @param loss         mean training loss over the epoch's steps that had a target
 * @param partNames    names of the loss parts ({@code rec}, {@code sd}, ...)
 * @param parts        their means, in the order of {@code partNames}
 * @param steps        steps with a target
 * @param trainSeconds time of the training pass
 * @param validation   the validation result that drives early stopping
 * @param improved     whether validation NDCG@10 strictly improved on the best so far (a new best checkpoint)
 * @param stopping     the early-stopping state after this epoch
 * @param state        the trainer state to save with this epoch's checkpoints
 * @param model        the model (parameters as after this epoch)
 * @param adam         the optimiser (moments as after this epoch)
 */
record EpochEnd(int epoch, int totalEpochs, double loss, List<String> partNames, List<Double> parts, int steps,
                       double trainSeconds, Validator.Result validation, boolean improved, EarlyStopping stopping,
                       TrainerState state, SequenceModel model, Adam adam) {
  public EpochEnd {
    partNames = List.copyOf(partNames);
    parts = List.copyOf(parts);
  }
}
