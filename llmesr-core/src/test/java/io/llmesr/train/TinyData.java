package io.llmesr.train;

import io.llmesr.prepare.Dataset;
import java.util.ArrayList;
import java.util.List;

/** A tiny, learnable dataset built in code: each user walks a fixed item chain (next = 7·prev + 3 mod N). */
public final class TinyData {
  private TinyData() { }

  public static Dataset chain(int users, int items, int minLen, int maxLen) {
    List<String> userIds = new ArrayList<>();
    List<String> itemIds = new ArrayList<>();
    itemIds.add(null);
    for (int i = 1; i <= items; i++) itemIds.add("i" + i);
    int[][] seqs = new int[users][];
    int[] trainEnd = new int[users];
    int[] validEnd = new int[users];
    for (int u = 0; u < users; u++) {
      userIds.add("u" + u);
      int len = minLen + (u * 5) % (maxLen - minLen + 1);
      int[] s = new int[len];
      int cur = 1 + (u * 13) % items;
      for (int i = 0; i < len; i++) {
        s[i] = cur;
        cur = 1 + ((cur - 1) * 7 + 3) % items;
      }
      seqs[u] = s;
      trainEnd[u] = len >= 3 ? len - 2 : len;
      validEnd[u] = len >= 3 ? len - 1 : len;
    }
    return new Dataset("tiny-chain", userIds, itemIds, seqs, trainEnd, validEnd, null, null);
  }
}
