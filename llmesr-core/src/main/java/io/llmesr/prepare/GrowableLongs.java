package io.llmesr.prepare;

import java.util.Arrays;

/** An append-only primitive {@code long} array (no boxing). */
final class GrowableLongs {
  private long[] a;
  private int size;

  GrowableLongs(int capacity) {
    a = new long[Math.max(16, capacity)];
  }

  void add(long v) {
    if (size == a.length) a = Arrays.copyOf(a, GrowableInts.grow(a.length));
    a[size++] = v;
  }

  long get(int i) {
    return a[i];
  }

  int size() {
    return size;
  }
}
