package io.llmesr.text;

/**
 * The length cuts of the paper's prompt notebooks (docs/model.md §2.4–2.5). Lengths are counted in Unicode code
 * points, as Python's {@code len(str)} does, never in UTF-16 units, so that a text with emoji or CJK
 * characters is cut at the same place as in the official notebooks and never inside a surrogate pair.
 */
final class TextCuts {
  /** Maximum length of one feature/description line (docs/model.md §2.4: "line cut to 2048 chars"). */
  public static final int LINE_LIMIT = 2048;
  /** Texts longer than this are cut (docs/model.md §2.4: "longer than 4096 chars are cut to the first 4095"). */
  public static final int TEXT_LIMIT = 4096;
  /** The length a text longer than {@link #TEXT_LIMIT} is cut to. */
  public static final int TEXT_CUT = 4095;
  /** User histories longer than this keep only their last characters (docs/model.md §2.5). */
  public static final int HISTORY_LIMIT = 8000;
  /** Fashion attribute values longer than this become {@code unknown} (docs/model.md §2.4). */
  public static final int FIELD_LIMIT = 100;

  private TextCuts() { }

  /** Length in code points (Python {@code len}). */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** The first {@code n} code points of {@code s} ({@code s[:n]}). */
  public static String head(String s, int n) {
    if (length(s) <= n) return s;
    return s.substring(0, s.offsetByCodePoints(0, n));
  }

  /** The last {@code n} code points of {@code s} ({@code s[-n:]}). */
  public static String tail(String s, int n) {
    int len = length(s);
    if (len <= n) return s;
    return s.substring(s.offsetByCodePoints(0, len - n));
  }

  /** {@code line[:2048]} when the line is longer than 2048 code points. */
  public static String cutLine(String line) {
    return head(line, LINE_LIMIT);
  }

  /** {@code text[:4095]} when the text is longer than 4096 code points; unchanged otherwise. */
  public static String cutText(String text) {
    return length(text) > TEXT_LIMIT ? head(text, TEXT_CUT) : text;
  }

  /** {@code history[-8000:]} when the history is longer than 8000 code points. */
  public static String keepLastHistory(String history) {
    return tail(history, HISTORY_LIMIT);
  }
}
