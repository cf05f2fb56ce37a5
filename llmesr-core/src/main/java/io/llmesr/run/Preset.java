package io.llmesr.run;

import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import java.util.Locale;

/**
 * Named configuration defaults.
 * <ul>
 *   <li>{@link #PAPER}: the official implementation's settings (docs/model.md §4.1): no attention mask, every batch
 *       padded to L = 200, batch 128, Adam 1e-3, dropout 0.5, up to 200 epochs, patience 20 on validation NDCG@10.</li>
 *   <li>{@link #FAST}: the same but with masks and per-batch dynamic length in length-bucketed batches: SASRec gets
 *       causal + key-padding masks, BERT4Rec key-padding (it is bidirectional by design), GRU4Rec zeroed padded
 *       inputs. Note: a different model than the paper's for SASRec (causal) — measure it against the preset.</li>
 * </ul>
 */
public enum Preset {
  PAPER,
  FAST;

  /** The masking this preset uses for {@code backbone}. */
  public Masking masking(Backbone backbone) {
    if (this == PAPER) return Masking.NONE;
    return backbone == Backbone.SASREC ? Masking.CAUSAL : Masking.PADDING;
  }

  /** Whether this preset pads each batch only to its longest sequence. */
  public boolean dynamicLength() {
    return this == FAST;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Preset parse(String s) {
    for (Preset p : values()) if (p.id().equalsIgnoreCase(s.trim())) return p;
    throw new IllegalArgumentException("unknown preset '" + s + "' (expected paper or fast)");
  }
}
