package io.llmesr.data;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for Python literal expressions as printed by Python's {@code repr()} (what {@code ast.literal_eval}
 * accepts, minus arithmetic): the format of the Amazon 2014 {@code meta_*.json.gz} lines, which the paper's
 * code reads with {@code eval} (docs/model.md §2.1). No code is evaluated.
 *
 * <p>Values map to Java as follows: {@code dict} → {@code LinkedHashMap<Object, Object>} (keys in file order),
 * {@code list}, {@code tuple} and {@code set} → {@code List<Object>}, {@code str} and {@code bytes} →
 * {@code String} (bytes as ISO-8859-1 characters), {@code int} → {@code Long} (or {@code BigInteger} when it
 * does not fit), {@code float} → {@code Double}, {@code True}/{@code False} → {@code Boolean},
 * {@code None} → {@code null}. JSON's {@code true}, {@code false}, {@code null} are accepted too, so a
 * strict-JSON meta line also parses (except that JSON's {@code \/} stays {@code \/}, as in Python).
 *
 * <p>Strings: single, double and triple quotes; prefixes {@code r u b} in any case and order; adjacent literals
 * concatenate ({@code 'a' "b"} → {@code ab}); escapes {@code \\ \' \" \a \b \f \n \r \t \v}, octal
 * {@code \ooo}, {@code \xhh}, {@code \}{@code uXXXX}, {@code \UXXXXXXXX}, {@code \N{NAME}}, backslash-newline
 * (line continuation); an unknown escape keeps its backslash, as Python does. Numbers: signs, underscores,
 * {@code 0x 0o 0b} prefixes, decimals and exponents, and Python 2's {@code L} suffix for longs.
 */
final class PythonLiteral {
  private static final int MAX_DEPTH = 512;

  private final String s;
  private final boolean python2Bytes;
  private int pos;
  private int depth;

  private PythonLiteral(String s, boolean python2Bytes) {
    this.s = s;
    this.python2Bytes = python2Bytes;
  }

  /** A syntax error at a 1-based column of the input. */
  public static final class SyntaxException extends Exception {
    private final int column;

    SyntaxException(String problem, int column) {
      super(problem + " at column " + column, null, false, false);
      this.column = column;
    }

    /** 1-based character column of the problem. */
    public int column() {
      return column;
    }
  }

  /** Parses one complete literal with Python 3 semantics; trailing non-space characters are an error. */
  public static Object parse(String text) throws SyntaxException {
    return parse(text, false);
  }

  /**
   * Parses one complete literal. With {@code python2Bytes}, string literals without a {@code u} prefix are
   * read as Python 2 byte strings: their bytes (the UTF-8 of literal characters, plus {@code \xhh} and octal
   * escapes as single bytes) are decoded as UTF-8, so {@code 'Caf\xc3\xa9'} is {@code Café}. When those bytes
   * are not valid UTF-8 the literal falls back to its Python 3 meaning ({@code '\xe9'} → {@code é}), which is
   * also what Python 3's {@code repr} means, so the mode is safe on either Python's output.
   */
  public static Object parse(String text, boolean python2Bytes) throws SyntaxException {
    PythonLiteral p = new PythonLiteral(text, python2Bytes);
    p.skipSpace();
    Object v = p.value();
    p.skipSpace();
    if (p.pos < p.s.length()) throw p.error("unexpected '" + p.s.charAt(p.pos) + "' after the value");
    return v;
  }

  /** Parses a literal that must be a dict (Python 3 semantics). */
  public static Map<Object, Object> parseDict(String text) throws SyntaxException {
    return parseDict(text, false);
  }

  /** Parses a literal that must be a dict; see {@link #parse(String, boolean)} for {@code python2Bytes}. */
  @SuppressWarnings("unchecked")
  public static Map<Object, Object> parseDict(String text, boolean python2Bytes) throws SyntaxException {
    Object v = parse(text, python2Bytes);
    if (!(v instanceof Map)) throw new SyntaxException("expected a dict, found " + typeName(v), 1);
    return (Map<Object, Object>) v;
  }

  static String typeName(Object v) {
    if (v == null) return "None";
    if (v instanceof Map) return "dict";
    if (v instanceof List) return "list";
    if (v instanceof String) return "str";
    if (v instanceof Boolean) return "bool";
    if (v instanceof Double) return "float";
    return "int";
  }

  private Object value() throws SyntaxException {
    if (pos >= s.length()) throw error("unexpected end of input, expected a value");
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return braces();
      case '[':
        return sequence('[', ']');
      case '(':
        return parenthesis();
      case '\'':
      case '"':
        return strings();
      default:
        break;
    }
    if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) return number();
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
      String word = s.substring(start, pos);
      if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"') && isStringPrefix(word)) {
        pos = start;
        return strings();
      }
      switch (word) {
        case "True":
        case "true":
          return Boolean.TRUE;
        case "False":
        case "false":
          return Boolean.FALSE;
        case "None":
        case "null":
          return null;
        default:
          pos = start;
          throw error("unexpected name '" + word + "' (only literals are allowed)");
      }
    }
    throw error("unexpected '" + c + "', expected a value");
  }

  private static boolean isStringPrefix(String w) {
    if (w.length() > 2) return false;
    String l = w.toLowerCase(java.util.Locale.ROOT);
    return switch (l) {
      case "r", "u", "b", "rb", "br" -> true;
      default -> false;
    };
  }

  private void enter() throws SyntaxException {
    if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
  }

  /** {@code {}} is an empty dict; {@code {k: v, ...}} a dict; {@code {a, b}} a set (returned as a list). */
  private Object braces() throws SyntaxException {
    enter();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      depth--;
      return new LinkedHashMap<>();
    }
    Object first = value();
    skipSpace();
    if (peek() == ':') {
      Map<Object, Object> map = new LinkedHashMap<>();
      pos++;
      skipSpace();
      map.put(first, value());
      while (true) {
        skipSpace();
        char c = peek();
        if (c == '}') { pos++; break; }
        if (c != ',') throw error("expected ',' or '}' in dict");
        pos++;
        skipSpace();
        if (peek() == '}') { pos++; break; }
        Object k = value();
        skipSpace();
        if (peek() != ':') throw error("expected ':' after dict key");
        pos++;
        skipSpace();
        map.put(k, value());
      }
      depth--;
      return map;
    }
    if (peek() != ',' && peek() != '}') throw error("expected ':' after dict key");
    List<Object> set = new ArrayList<>();
    set.add(first);
    finishSequence(set, '}');
    depth--;
    return set;
  }

  private List<Object> sequence(char open, char close) throws SyntaxException {
    enter();
    pos++;
    skipSpace();
    List<Object> list = new ArrayList<>();
    if (peek() == close) {
      pos++;
      depth--;
      return list;
    }
    list.add(value());
    finishSequence(list, close);
    depth--;
    return list;
  }

  private void finishSequence(List<Object> list, char close) throws SyntaxException {
    while (true) {
      skipSpace();
      char c = peek();
      if (c == close) { pos++; return; }
      if (c != ',') throw error("expected ',' or '" + close + "'");
      pos++;
      skipSpace();
      if (peek() == close) { pos++; return; }
      list.add(value());
    }
  }

  /** {@code ()} empty tuple, {@code (x,)} and {@code (x, y)} tuples, {@code (x)} just x. */
  private Object parenthesis() throws SyntaxException {
    enter();
    pos++;
    skipSpace();
    if (peek() == ')') {
      pos++;
      depth--;
      return new ArrayList<>();
    }
    Object first = value();
    skipSpace();
    if (peek() == ')') {
      pos++;
      depth--;
      return first;
    }
    List<Object> tuple = new ArrayList<>();
    tuple.add(first);
    finishSequence(tuple, ')');
    depth--;
    return tuple;
  }

  /** One or more adjacent string literals, concatenated. */
  private String strings() throws SyntaxException {
    StringBuilder sb = new StringBuilder();
    stringLiteral(sb);
    while (true) {
      int save = pos;
      skipSpace();
      if (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\'' || c == '"') { stringLiteral(sb); continue; }
        int w = pos;
        while (w < s.length() && Character.isLetter(s.charAt(w)) && w - pos < 2) w++;
        if (w > pos && w < s.length() && (s.charAt(w) == '\'' || s.charAt(w) == '"') && isStringPrefix(s.substring(pos, w))) {
          stringLiteral(sb);
          continue;
        }
      }
      pos = save;
      return sb.toString();
    }
  }

  /** Where the characters or bytes of one string literal go. */
  private interface Sink {
    /** A character taken literally from the source text (one UTF-16 unit). */
    void literal(char c);

    /** A code point produced by a {@code \\u}, {@code \\U} or {@code \\N} escape. */
    void codePoint(int cp);

    /** A value produced by a simple, {@code \\x} or octal escape (a byte in a byte string). */
    void unit(int v);
  }

  /** Python 3 {@code str} semantics: every unit is a character. */
  private static final class CharSink implements Sink {
    private final StringBuilder sb;

    CharSink(StringBuilder sb) { this.sb = sb; }

    @Override public void literal(char c) { sb.append(c); }

    @Override public void codePoint(int cp) { sb.appendCodePoint(cp); }

    @Override public void unit(int v) { sb.append((char) v); }
  }

  /** Python 2 byte-string semantics: collect bytes, decode as UTF-8 at the end. */
  private static final class ByteSink implements Sink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private char highSurrogate;

    @Override public void literal(char c) {
      if (c < 0x80) {
        bytes.write(c);
      } else if (Character.isHighSurrogate(c)) {
        highSurrogate = c;
      } else if (Character.isLowSurrogate(c) && highSurrogate != 0) {
        codePoint(Character.toCodePoint(highSurrogate, c));
        highSurrogate = 0;
      } else {
        codePoint(c);
      }
    }

    @Override public void codePoint(int cp) {
      if (cp < 0x80) {
        bytes.write(cp);
      } else if (cp < 0x800) {
        bytes.write(0xC0 | cp >> 6);
        bytes.write(0x80 | cp & 0x3F);
      } else if (cp < 0x10000) {
        bytes.write(0xE0 | cp >> 12);
        bytes.write(0x80 | cp >> 6 & 0x3F);
        bytes.write(0x80 | cp & 0x3F);
      } else {
        bytes.write(0xF0 | cp >> 18);
        bytes.write(0x80 | cp >> 12 & 0x3F);
        bytes.write(0x80 | cp >> 6 & 0x3F);
        bytes.write(0x80 | cp & 0x3F);
      }
    }

    @Override public void unit(int v) { bytes.write(v & 0xFF); }

    /** The UTF-8 decoded text, or {@code null} when the bytes are not valid UTF-8. */
    String decode() {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
      } catch (CharacterCodingException e) {
        return null;
      }
    }
  }

  private void stringLiteral(StringBuilder sb) throws SyntaxException {
    int literalStart = pos;
    boolean unicode = false;
    boolean bytes = false;
    for (int i = pos; Character.isLetter(s.charAt(i)); i++) {
      char p = Character.toLowerCase(s.charAt(i));
      if (p == 'u') unicode = true;
      if (p == 'b') bytes = true;
    }
    if (python2Bytes && !unicode) {
      ByteSink sink = new ByteSink();
      stringBody(sink, bytes);
      String text = sink.decode();
      if (text != null) {
        sb.append(text);
        return;
      }
      pos = literalStart;
    }
    stringBody(new CharSink(sb), bytes);
  }

  private void stringBody(Sink sb, boolean bytes) throws SyntaxException {
    boolean raw = false;
    while (Character.isLetter(s.charAt(pos))) {
      if (Character.toLowerCase(s.charAt(pos)) == 'r') raw = true;
      pos++;
    }
    int start = pos;
    char q = s.charAt(pos);
    boolean triple = s.startsWith("" + q + q + q, pos);
    pos += triple ? 3 : 1;
    while (true) {
      if (pos >= s.length()) {
        pos = start;
        throw error("unterminated string");
      }
      char c = s.charAt(pos);
      if (c == q) {
        if (!triple) { pos++; return; }
        if (s.startsWith("" + q + q + q, pos)) { pos += 3; return; }
        sb.literal(c);
        pos++;
        continue;
      }
      if (!triple && (c == '\n' || c == '\r')) throw error("line break inside a string");
      if (c == '\\') {
        if (raw) {
          // raw strings keep the backslash; it still prevents the next quote from closing the string
          sb.literal(c);
          if (pos + 1 < s.length()) sb.literal(s.charAt(pos + 1));
          pos += 2;
          continue;
        }
        escape(sb, bytes);
        continue;
      }
      sb.literal(c);
      pos++;
    }
  }

  private void escape(Sink sb, boolean bytes) throws SyntaxException {
    int at = pos;
    pos++;
    if (pos >= s.length()) throw error("backslash at end of input");
    char e = s.charAt(pos++);
    switch (e) {
      case '\n': return;
      case '\r':
        if (pos < s.length() && s.charAt(pos) == '\n') pos++;
        return;
      case '\\': sb.unit('\\'); return;
      case '\'': sb.unit('\''); return;
      case '"': sb.unit('"'); return;
      case 'a': sb.unit(0x07); return;
      case 'b': sb.unit('\b'); return;
      case 'f': sb.unit('\f'); return;
      case 'n': sb.unit('\n'); return;
      case 'r': sb.unit('\r'); return;
      case 't': sb.unit('\t'); return;
      case 'v': sb.unit(0x0B); return;
      case 'x': sb.unit(hex(2, at)); return;
      default: break;
    }
    if (e >= '0' && e <= '7') {
      int v = e - '0';
      for (int k = 0; k < 2 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; k++) {
        v = v * 8 + (s.charAt(pos++) - '0');
      }
      sb.unit(v);
      return;
    }
    if (!bytes) {
      if (e == 'u') { sb.codePoint(hex(4, at)); return; }
      if (e == 'U') {
        int cp = hex(8, at);
        if (!Character.isValidCodePoint(cp)) {
          pos = at;
          throw error("\\U escape out of the Unicode range");
        }
        sb.codePoint(cp);
        return;
      }
      if (e == 'N') {
        int close = s.indexOf('}', pos);
        if (pos >= s.length() || s.charAt(pos) != '{' || close < 0) {
          pos = at;
          throw error("malformed \\N{...} escape");
        }
        String name = s.substring(pos + 1, close);
        try {
          sb.codePoint(Character.codePointOf(name));
        } catch (IllegalArgumentException ex) {
          pos = at;
          throw error("unknown Unicode character name '" + name + "'");
        }
        pos = close + 1;
        return;
      }
    }
    sb.literal('\\');
    sb.literal(e);
  }

  private int hex(int digits, int escapeStart) throws SyntaxException {
    if (pos + digits > s.length()) {
      pos = escapeStart;
      throw error("truncated escape");
    }
    int v = 0;
    for (int k = 0; k < digits; k++) {
      int d = Character.digit(s.charAt(pos + k), 16);
      if (d < 0) {
        pos = escapeStart;
        throw error("bad hex digit in escape");
      }
      v = v * 16 + d;
    }
    pos += digits;
    return v;
  }

  private Object number() throws SyntaxException {
    int start = pos;
    boolean negative = false;
    if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
      negative = s.charAt(pos) == '-';
      pos++;
      skipSpace();
    }
    int body = pos;
    if (pos + 1 < s.length() && s.charAt(pos) == '0' && "xXoObB".indexOf(s.charAt(pos + 1)) >= 0) {
      int radix = switch (Character.toLowerCase(s.charAt(pos + 1))) {
        case 'x' -> 16;
        case 'o' -> 8;
        default -> 2;
      };
      pos += 2;
      int digitsStart = pos;
      while (pos < s.length() && (Character.digit(s.charAt(pos), radix) >= 0 || s.charAt(pos) == '_')) pos++;
      String digits = s.substring(digitsStart, pos).replace("_", "");
      if (digits.isEmpty()) {
        pos = start;
        throw error("malformed number");
      }
      skipLongSuffix();
      return integer(digits, radix, negative);
    }
    boolean isFloat = false;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if ((c >= '0' && c <= '9') || c == '_') {
        pos++;
      } else if (c == '.') {
        isFloat = true;
        pos++;
      } else if ((c == 'e' || c == 'E') && pos > body) {
        isFloat = true;
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
      } else {
        break;
      }
    }
    String text = s.substring(body, pos).replace("_", "");
    if (text.isEmpty() || text.equals(".")) {
      pos = start;
      throw error("malformed number");
    }
    if (isFloat) {
      try {
        double d = Double.parseDouble(text);
        return negative ? -d : d;
      } catch (NumberFormatException e) {
        pos = start;
        throw error("malformed number '" + s.substring(start, Math.min(s.length(), start + 30)) + "'");
      }
    }
    skipLongSuffix();
    return integer(text, 10, negative);
  }

  private void skipLongSuffix() {
    if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++;
  }

  private Object integer(String digits, int radix, boolean negative) {
    BigInteger b = new BigInteger(digits, radix);
    if (negative) b = b.negate();
    return b.bitLength() < 64 ? (Object) b.longValue() : b;
  }

  private char peek() throws SyntaxException {
    if (pos >= s.length()) throw error("unexpected end of input");
    return s.charAt(pos);
  }

  private void skipSpace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pos++;
      } else if (c == '\\' && pos + 1 < s.length() && s.charAt(pos + 1) == '\n') {
        pos += 2;
      } else {
        break;
      }
    }
  }

  private SyntaxException error(String problem) {
    return new SyntaxException(problem, pos + 1);
  }
}
