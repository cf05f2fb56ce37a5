package io.llmesr.prepare;

import io.llmesr.data.Interaction;
import io.llmesr.data.ItemRecord;
import io.llmesr.data.ItemSource;
import io.llmesr.data.RawData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** In-memory sources for tests. */
final class Fixtures {
  private Fixtures() { }

  /** Interactions from {@code "user item time"} strings (optionally a 4th field: rating). */
  static List<Interaction> rows(String... rows) {
    List<Interaction> out = new ArrayList<>();
    for (String r : rows) {
      String[] f = r.trim().split("\\s+");
      out.add(new Interaction(f[0], f[1], Long.parseLong(f[2]), f.length > 3 ? Double.parseDouble(f[3]) : Double.NaN));
    }
    return out;
  }

  static RawData raw(List<Interaction> xs) {
    return raw(xs, List.of(), null);
  }

  static RawData raw(List<Interaction> xs, List<ItemRecord> items, String domain) {
    return new RawData("memory", sink -> xs.forEach(sink),
        items.isEmpty() ? ItemSource.none() : sink -> items.forEach(sink), List.of(), domain);
  }

  static ItemRecord item(String id, String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return new ItemRecord(id, m);
  }

  static PreparedDataset prepare(List<Interaction> xs, Recipe recipe, SplitSpec split) throws java.io.IOException {
    return Preparer.prepare(raw(xs), new PrepareOptions("t", recipe, split, null, null, Map.of()));
  }

  static PreparedDataset paper(String... rows) throws java.io.IOException {
    return prepare(rows(rows), new LlmEsrPaperRecipe(false), new SplitSpec.LeaveOneOut());
  }

  static PreparedDataset kcore(int k, boolean dedup, String... rows) throws java.io.IOException {
    return prepare(rows(rows), new KCoreRecipe(k, dedup), new SplitSpec.LeaveOneOut());
  }

  /** Sequences as raw item ids per user, for readable assertions: {@code "U: a b c"}. */
  static List<String> rawSequences(Dataset d) {
    List<String> out = new ArrayList<>();
    for (int u = 0; u < d.numUsers(); u++) {
      StringBuilder sb = new StringBuilder(d.userIds().get(u)).append(':');
      for (int i : d.sequences()[u]) sb.append(' ').append(d.itemIds().get(i));
      out.add(sb.toString());
    }
    return out;
  }

  static String ints(int[] a) {
    return Arrays.toString(a);
  }
}
