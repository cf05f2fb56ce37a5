package io.llmesr.prepare;

import java.util.Arrays;

/** An append-only primitive {@code int} array (no boxing): 4 bytes per element plus growth slack. */
final class GrowableInts {
  private int[] a;
  private int size;

  GrowableInts(int capacity) {
    a = new int[Math.max(16, capacity)];
  }

  void add(int v) {
    if (size == a.length) a = Arrays.copyOf(a, grow(a.length));
    a[size++] = v;
  }

  int get(int i) {
    return a[i];
  }

  int size() {
    return size;
  }

  /** Exact-size copy. */
  int[] toArray() {
    return Arrays.copyOf(a, size);
  }

  static int grow(int n) {
    long next = (long) n + (n >> 1) + 16;
    if (next > Integer.MAX_VALUE - 8) {
      if (n >= Integer.MAX_VALUE - 8) throw new IllegalStateException("more than 2^31 interactions are not supported");
      next = Integer.MAX_VALUE - 8;
    }
    return (int) next;
  }
}
