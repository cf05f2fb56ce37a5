package io.llmesr.embed;

import io.llmesr.prepare.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small in-memory datasets for the embedding tests. */
final class TestData {
  private TestData() { }

  /** {@code n} items with prompts "item text i ...", {@code u} users with prompts about 3 items each. */
  static Dataset dataset(int n, int u) {
    List<String> itemIds = new ArrayList<>();
    List<String> itemPrompts = new ArrayList<>();
    itemIds.add(null);
    itemPrompts.add(null);
    for (int i = 1; i <= n; i++) {
      itemIds.add("I" + i);
      itemPrompts.add("The item has following attributes: name is item " + i + (i % 7 == 0 ? " with a long description of many words" : ""));
    }
    List<String> userIds = new ArrayList<>();
    List<String> userPrompts = new ArrayList<>();
    int[][] seqs = new int[u][];
    int[] te = new int[u];
    int[] ve = new int[u];
    for (int v = 0; v < u; v++) {
      userIds.add("U" + v);
      int[] s = {1 + v % n, 1 + (v * 3 + 1) % n, 1 + (v * 5 + 2) % n, 1 + (v * 7 + 3) % n};
      seqs[v] = s;
      te[v] = 2;
      ve[v] = 3;
      userPrompts.add("The user has visited following items: item " + s[0] + ", item " + s[1] + ", ");
    }
    return new Dataset("test", userIds, itemIds, seqs, te, ve, itemPrompts, userPrompts);
  }

  /** The same dataset with {@code extra} more items appended (existing indices unchanged). */
  static Dataset withMoreItems(Dataset d, int extra) {
    List<String> ids = new ArrayList<>(d.itemIds());
    List<String> prompts = new ArrayList<>(d.itemPrompts());
    for (int i = 1; i <= extra; i++) {
      ids.add("NEW" + i);
      prompts.add("A brand new item number " + i);
    }
    return new Dataset(d.name(), d.userIds(), ids, d.sequences(), d.trainEnd(), d.validEnd(), prompts, d.userPrompts());
  }
}
