package io.llmesr.prepare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps raw id strings to dense codes {@code 0, 1, 2, ...} in order of first appearance, keeping one copy
 * of each distinct string. Memory grows with the number of distinct ids, not with the number of lines.
 */
final class RawIdInterner {
  private final Map<String, Integer> codes = new HashMap<>();
  private final List<String> ids = new ArrayList<>();

  /** The code of {@code id}, assigning the next one on first sight. */
  int intern(String id) {
    Integer c = codes.get(id);
    if (c != null) return c;
    int code = ids.size();
    codes.put(id, code);
    ids.add(id);
    return code;
  }

  /** The code of {@code id}, or -1 when never seen. */
  int codeOf(String id) {
    Integer c = codes.get(id);
    return c == null ? -1 : c;
  }

  String id(int code) {
    return ids.get(code);
  }

  int size() {
    return ids.size();
  }
}
