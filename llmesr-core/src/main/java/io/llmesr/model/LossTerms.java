package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The loss of one training batch: the total (what is differentiated) and its named parts for logging
 * (always {@code "rec"}, plus one entry per {@link AuxiliaryLoss}).
 *
 * @param total scalar array
 * @param parts named scalar arrays, in insertion order
 * @param slots number of slots that contributed to the recommendation loss (0 means the batch had nothing to learn)
 */
public record LossTerms(NDArray total, Map<String, NDArray> parts, int slots) { }
