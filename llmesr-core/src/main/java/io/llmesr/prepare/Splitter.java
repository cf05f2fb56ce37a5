package io.llmesr.prepare;

import java.util.Arrays;

/** Computes split boundaries for time-sorted sequences (see {@link SplitSpec}). */
final class Splitter {
  private Splitter() { }

  /** Result: per user boundaries, whether the user is kept, and the resolved cutoffs (temporal). */
  record Boundaries(int[] trainEnd, int[] validEnd, boolean[] kept, long validCut, long testCut) { }

  /**
   * @param times per user, ascending timestamps
   */
  static Boundaries split(SplitSpec spec, long[][] times) {
    int u = times.length;
    int[] trainEnd = new int[u];
    int[] validEnd = new int[u];
    boolean[] kept = new boolean[u];
    if (spec instanceof SplitSpec.LeaveOneOut) {
      for (int i = 0; i < u; i++) {
        int n = times[i].length;
        trainEnd[i] = n >= 3 ? n - 2 : n;
        validEnd[i] = n >= 3 ? n - 1 : n;
        kept[i] = true;
      }
      return new Boundaries(trainEnd, validEnd, kept, Long.MIN_VALUE, Long.MIN_VALUE);
    }
    SplitSpec.Temporal t = (SplitSpec.Temporal) spec;
    long validCut;
    long testCut;
    if (t.validQuantile() != null) {
      long[] all = flatten(times);
      if (all.length == 0) throw new IllegalArgumentException("temporal split: no interactions left");
      Arrays.sort(all);
      validCut = all[(int) Math.floor(t.validQuantile() * (all.length - 1))];
      testCut = all[(int) Math.floor(t.testQuantile() * (all.length - 1))];
    } else {
      validCut = t.validTimestamp();
      testCut = t.testTimestamp();
    }
    for (int i = 0; i < u; i++) {
      trainEnd[i] = countAtMost(times[i], validCut);
      validEnd[i] = countAtMost(times[i], testCut);
      kept[i] = trainEnd[i] > 0;
    }
    return new Boundaries(trainEnd, validEnd, kept, validCut, testCut);
  }

  private static long[] flatten(long[][] times) {
    int n = 0;
    for (long[] a : times) n += a.length;
    long[] all = new long[n];
    int k = 0;
    for (long[] a : times) {
      System.arraycopy(a, 0, all, k, a.length);
      k += a.length;
    }
    return all;
  }

  /** Number of leading entries {@code <= cut} of an ascending array. */
  static int countAtMost(long[] ascending, long cut) {
    int lo = 0;
    int hi = ascending.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ascending[mid] <= cut) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
