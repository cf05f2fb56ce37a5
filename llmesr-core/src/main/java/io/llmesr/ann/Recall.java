package io.llmesr.ann;

import java.util.HashSet;
import java.util.Set;

/** Recall@k of an approximate neighbour list against the exact one: {@code |A_k ∩ E_k| / |E_k|}. */
public final class Recall {
  private Recall() { }

  /**
   * @param exact  the exact neighbours, best first
   * @param approx the approximate neighbours, best first
   * @param k      how many leading entries of each are compared ({@code E_k} = the first {@code min(k, |exact|)})
   */
  public static double atK(int[] exact, int[] approx, int k) {
    int ke = Math.min(k, exact.length);
    if (ke == 0) return 1.0;
    Set<Integer> e = new HashSet<>();
    for (int i = 0; i < ke; i++) e.add(exact[i]);
    int hit = 0;
    for (int i = 0; i < Math.min(k, approx.length); i++) if (e.contains(approx[i])) hit++;
    return (double) hit / ke;
  }
}
