package io.llmesr.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of a JSON object's fields; each wrong type or value is an {@link ApiException} (400) naming the
 * field, with {@code prefix} in front (e.g. {@code requests[2].k}).
 */
final class Fields {
  private final ObjectNode node;
  private final String prefix;

  Fields(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  /** The object at {@code element}, with {@code name} as the prefix of its field names. */
  static Fields of(JsonNode element, String name) {
    if (element == null || !element.isObject()) {
      throw ApiException.badRequest(name, name + " must be a JSON object");
    }
    return new Fields((ObjectNode) element, name + ".");
  }

  /** The full name of field {@code f}. */
  String name(String f) {
    return prefix + f;
  }

  /** Refuses fields not in {@code allowed} (a misspelt option must not pass silently). */
  Fields only(Set<String> allowed) {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!allowed.contains(f)) throw ApiException.badRequest(name(f), "unknown field '" + name(f) + "'");
    }
    return this;
  }

  boolean has(String f) {
    JsonNode v = node.get(f);
    return v != null && !v.isNull();
  }

  JsonNode raw(String f) {
    return node.get(f);
  }

  /** A non-blank string. */
  String requiredString(String f) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) throw ApiException.badRequest(name(f), name(f) + " is required");
    if (!v.isTextual()) throw ApiException.badRequest(name(f), name(f) + " must be a string");
    if (v.textValue().isBlank()) throw ApiException.badRequest(name(f), name(f) + " must not be empty");
    return v.textValue();
  }

  /** An integer, or {@code dflt} when absent. */
  int optInt(String f, int dflt) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) return dflt;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiException.badRequest(name(f), name(f) + " must be an integer");
    }
    return v.intValue();
  }

  /** A boolean, or {@code dflt} when absent. */
  boolean optBool(String f, boolean dflt) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) return dflt;
    if (!v.isBoolean()) throw ApiException.badRequest(name(f), name(f) + " must be true or false");
    return v.booleanValue();
  }

  /** An array of strings ({@code required}: present), empty when absent and not required. */
  List<String> stringList(String f, boolean required) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) {
      if (required) throw ApiException.badRequest(name(f), name(f) + " is required");
      return List.of();
    }
    if (!v.isArray()) throw ApiException.badRequest(name(f), name(f) + " must be an array of item ids (strings)");
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw ApiException.badRequest(name(f), name(f) + "[" + i + "] must be a string item id");
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** An object whose values are all strings ({@code fields} of a new item). */
  Map<String, String> stringMap(String f) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) return null;
    if (!v.isObject()) throw ApiException.badRequest(name(f), name(f) + " must be an object of strings");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isTextual()) {
        throw ApiException.badRequest(name(f), name(f) + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }
}
