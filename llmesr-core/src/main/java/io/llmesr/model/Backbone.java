package io.llmesr.model;

import java.util.Locale;

/**
 * The three sequential backbones of the paper (docs/model.md §3.5) and what differs between them outside the encoder:
 * how an evaluation input becomes the model input (BERT4Rec appends its mask token, docs/model.md §3.6).
 */
public enum Backbone {
  /** Self-attentive: 2 pre-LN blocks, positions, all-position next-item BCE (docs/model.md §3.5, §3.7). */
  SASREC,
  /** Same blocks as SASRec, cloze training with a mask token, prediction by appending the mask (docs/model.md §3.6). */
  BERT4REC,
  /** One bias-free GRU layer over the (left-padded) sequence, last-item BCE, no dropout, no positions. */
  GRU4REC;

  /** Whether this backbone uses the transformer encoder (and therefore positions and dropout). */
  public boolean isTransformer() {
    return this != GRU4REC;
  }

  /** Lower-case name used in configs and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code sasrec}, {@code bert4rec} or {@code gru4rec} (case-insensitive). */
  public static Backbone parse(String s) {
    for (Backbone b : values()) {
      if (b.id().equalsIgnoreCase(s.trim())) return b;
    }
    throw new IllegalArgumentException("unknown backbone '" + s + "' (expected sasrec, bert4rec or gru4rec)");
  }
}
