package io.llmesr.model;

import java.util.Locale;

/**
 * Which attention masks the encoder applies. The paper preset uses {@link #NONE} (docs/model.md §3.5: padded keys are
 * attended to and SASRec sees the future); the {@code fast} preset uses masks, which also makes per-batch dynamic
 * sequence length exact up to float rounding (padding beyond the batch's longest sequence changes nothing).
 *
 * <p>Masks are additive floats ({@code -1e9}, not {@code -inf}, so a fully masked row of a padded query gives no NaN;
 * padded rows are zeroed after every block anyway).
 *
 * <p>For GRU4Rec there is no attention: {@link #PADDING} (and {@link #CAUSAL}) zero the padded input vectors. A
 * bias-free GRU with zero state and zero input stays exactly at zero, so the padding is then a no-op.
 */
public enum Masking {
  /** Paper: no mask at all (bidirectional over all L slots including padding). */
  NONE,
  /** Key-padding mask: padded slots get zero attention weight (GRU: padded inputs zeroed). */
  PADDING,
  /** Key-padding and causal mask: position t attends only to real positions {@code <= t}. */
  CAUSAL;

  /** Whether padded keys are masked (true for PADDING and CAUSAL). */
  public boolean masksPadding() {
    return this != NONE;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Masking parse(String s) {
    for (Masking m : values()) {
      if (m.id().equalsIgnoreCase(s.trim())) return m;
    }
    throw new IllegalArgumentException("unknown masking '" + s + "' (expected none, padding or causal)");
  }
}
