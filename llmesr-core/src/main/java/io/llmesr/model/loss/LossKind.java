package io.llmesr.model.loss;

import java.util.Locale;

/** The training objectives ({@code train.loss}; docs/training.md, "Training objectives"). */
public enum LossKind {
  /** Binary cross-entropy with k sampled negatives ({@link BinaryCrossEntropy}; k = 1: the paper's loss). */
  BCE("bce"),
  /** Full softmax cross-entropy over the whole catalogue, chunked ({@link FullSoftmax}). */
  CE("ce"),
  /** Softmax over the positive and k sampled negatives with the logQ correction ({@link SampledSoftmax}). */
  SAMPLED_SOFTMAX("sampled-softmax"),
  /** gSASRec's generalised BCE ({@link BinaryCrossEntropy#gbceBeta}). */
  GBCE("gbce");

  private final String id;

  LossKind(String id) {
    this.id = id;
  }

  /** The name used in configs and on the command line. */
  public String id() {
    return id;
  }

  /** Whether the objective scores sampled negatives ({@code train.negatives}, {@code train.sampler} apply). */
  public boolean sampled() {
    return this != CE;
  }

  /** Parses {@code bce}, {@code ce}, {@code sampled-softmax} or {@code gbce} (case-insensitive). */
  public static LossKind parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    for (LossKind k : values()) {
      if (k.id.equals(v)) return k;
    }
    throw new IllegalArgumentException("unknown loss '" + s + "' (expected bce, ce, sampled-softmax or gbce)");
  }
}
