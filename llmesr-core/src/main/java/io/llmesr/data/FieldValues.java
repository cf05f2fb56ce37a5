package io.llmesr.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Turns parsed values (Python literals, JSON nodes) into {@link ItemRecord} field strings: lists joined with
 * {@code "; "} (nested lists flattened), blank or empty values become {@code null} (= field absent).
 */
final class FieldValues {
  static final String JOIN = "; ";

  private FieldValues() { }

  /** Text of a Python-literal value (see {@link PythonLiteral}); {@code null} when absent or blank. */
  static String text(Object v) {
    if (v == null) return null;
    if (v instanceof String str) return blankToNull(str);
    if (v instanceof Double d) return number(d);
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder();
      for (Object o : list) append(sb, text(o));
      return blankToNull(sb.toString());
    }
    if (v instanceof Map<?, ?> map) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String val = text(e.getValue());
        if (val != null) append(sb, e.getKey() + ": " + val);
      }
      return blankToNull(sb.toString());
    }
    return v.toString();
  }

  /** Text of a JSON value; arrays joined with {@code "; "}, objects as {@code k: v; ...}. */
  static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    if (n.isTextual()) return blankToNull(n.textValue());
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode e : n) append(sb, text(e));
      return blankToNull(sb.toString());
    }
    if (n.isObject()) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        String val = text(e.getValue());
        if (val != null) append(sb, e.getKey() + ": " + val);
      }
      return blankToNull(sb.toString());
    }
    if (n.isFloatingPointNumber()) return number(n.doubleValue());
    return n.asText();
  }

  /** Python-like float text: {@code 12.0}, {@code 3.17}. */
  static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return (long) d + ".0";
    return Double.toString(d);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static void append(StringBuilder sb, String part) {
    if (part == null) return;
    if (sb.length() > 0) sb.append(JOIN);
    sb.append(part);
  }

  /** Puts {@code value} under {@code name} unless it is {@code null}. */
  static void put(Map<String, String> fields, String name, String value) {
    if (value != null) fields.put(name, value);
  }
}
