package io.llmesr.model;

import java.nio.charset.StandardCharsets;

/**
 * One root seed; every component derives its own stream from it (docs/training.md, "Determinism and resume").
 * Derivation is a SplitMix64-style hash of the root seed and a label (e.g. {@code "init:item_emb"},
 * {@code "epoch:3:sampling"}, {@code "dropout:3:17"}), so a stream depends only on (root seed, label): resuming at
 * epoch e re-creates exactly the streams of an uninterrupted run.
 */
public final class Seeds {
  private Seeds() { }

  /** A 64-bit seed for {@code label} under {@code root}. */
  public static long derive(long root, String label) {
    long h = mix(root ^ 0x9E3779B97F4A7C15L);
    for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xFF) ^ (h << 7));
    }
    return h;
  }

  /** The SplitMix64 finaliser. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
