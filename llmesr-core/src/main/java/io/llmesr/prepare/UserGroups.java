package io.llmesr.prepare;

/**
 * Every row of an {@link InteractionTable} grouped by user code (compressed sparse rows), each user's rows
 * sorted by timestamp with ties in raw-file order (a stable time sort, docs/model.md §2.1). Filters then mark rows
 * as dropped without moving anything.
 */
final class UserGroups {
  final InteractionTable table;
  /** {@code rows[offsets[u] .. offsets[u+1])} are user code {@code u}'s rows in time order. */
  final int[] offsets;
  final int[] rows;

  private UserGroups(InteractionTable table, int[] offsets, int[] rows) {
    this.table = table;
    this.offsets = offsets;
    this.rows = rows;
  }

  static UserGroups of(InteractionTable t) {
    int nu = t.users.size();
    int n = t.rows();
    int[] offsets = new int[nu + 1];
    for (int r = 0; r < n; r++) offsets[t.user(r) + 1]++;
    for (int u = 0; u < nu; u++) offsets[u + 1] += offsets[u];
    int[] fill = new int[nu];
    int[] rows = new int[n];
    for (int r = 0; r < n; r++) {
      int u = t.user(r);
      rows[offsets[u] + fill[u]++] = r;
    }
    int[] buffer = new int[0];
    for (int u = 0; u < nu; u++) {
      int from = offsets[u];
      int to = offsets[u + 1];
      if (!sorted(t, rows, from, to)) {
        if (buffer.length < to - from) buffer = new int[to - from];
        mergeSort(t, rows, from, to, buffer);
      }
    }
    return new UserGroups(t, offsets, rows);
  }

  int numUserCodes() {
    return offsets.length - 1;
  }

  private static boolean sorted(InteractionTable t, int[] rows, int from, int to) {
    for (int i = from + 1; i < to; i++) if (t.time(rows[i - 1]) > t.time(rows[i])) return false;
    return true;
  }

  /**
   * Stable merge sort of {@code rows[from, to)} by timestamp. The input is in ascending row order, so
   * stability is exactly "ties keep raw-file order".
   */
  private static void mergeSort(InteractionTable t, int[] rows, int from, int to, int[] buf) {
    int n = to - from;
    if (n < 2) return;
    for (int width = 1; width < n; width <<= 1) {
      for (int lo = from; lo < to - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, to);
        if (t.time(rows[mid - 1]) <= t.time(rows[mid])) continue;
        int i = lo;
        int j = mid;
        int k = 0;
        while (i < mid && j < hi) buf[k++] = t.time(rows[j]) < t.time(rows[i]) ? rows[j++] : rows[i++];
        while (i < mid) buf[k++] = rows[i++];
        while (j < hi) buf[k++] = rows[j++];
        System.arraycopy(buf, 0, rows, lo, k);
      }
    }
  }
}
