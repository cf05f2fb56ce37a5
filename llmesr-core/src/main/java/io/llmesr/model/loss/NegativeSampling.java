package io.llmesr.model.loss;

import java.util.Locale;

/**
 * The distribution training negatives are drawn from ({@code train.sampler}); either way a user's own training items
 * are rejected (docs/model.md §4.3).
 */
public enum NegativeSampling {
  /** Uniform over the items 1..N (the paper). */
  UNIFORM("uniform"),
  /**
   * Proportional to {@code count(j) + 1}, {@code count(j)} = occurrences of item j in the training sequences. Note: the
   * add-one keeps every item drawable, so that the logQ-corrected sampled softmax covers the whole catalogue.
   */
  POP("pop");

  private final String id;

  NegativeSampling(String id) {
    this.id = id;
  }

  /** The name used in configs. */
  public String id() {
    return id;
  }

  /** Parses {@code uniform} or {@code pop} (case-insensitive). */
  public static NegativeSampling parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    for (NegativeSampling d : values()) {
      if (d.id.equals(v)) return d;
    }
    throw new IllegalArgumentException("unknown sampler '" + s + "' (expected uniform or pop)");
  }
}
