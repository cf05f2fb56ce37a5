package io.llmesr.recommend.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.recommend.Recommender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of a JSON object's fields; each wrong type or value is a {@link Recommender.RequestException} naming
 * the field, with {@code prefix} in front (e.g. {@code requests[2].k}). The HTTP server answers it with 400; the
 * {@code recommend --input} command with an error line.
 */
public final class JsonFields {
  private final ObjectNode node;
  private final String prefix;

  public JsonFields(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  /** The object at {@code element}, with {@code name} as the prefix of its field names. */
  public static JsonFields of(JsonNode element, String name) {
    if (element == null || !element.isObject()) {
      throw new Recommender.RequestException(name, name + " must be a JSON object");
    }
    return new JsonFields((ObjectNode) element, name + ".");
  }

  /** The full name of field {@code f}. */
  public String name(String f) {
    return prefix + f;
  }

  /** Refuses fields not in {@code allowed} (a misspelt option must not pass silently). */
  public JsonFields only(Set<String> allowed) {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!allowed.contains(f)) throw new Recommender.RequestException(name(f), "unknown field '" + name(f) + "'");
    }
    return this;
  }

  public boolean has(String f) {
    JsonNode v = node.get(f);
    return v != null && !v.isNull();
  }

  public JsonNode raw(String f) {
    return node.get(f);
  }

  /** A non-blank string. */
  public String requiredString(String f) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) throw new Recommender.RequestException(name(f), name(f) + " is required");
    if (!v.isTextual()) throw new Recommender.RequestException(name(f), name(f) + " must be a string");
    if (v.textValue().isBlank()) throw new Recommender.RequestException(name(f), name(f) + " must not be empty");
    return v.textValue();
  }

  /** An integer, or {@code dflt} when absent. */
  public int optInt(String f, int dflt) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) return dflt;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new Recommender.RequestException(name(f), name(f) + " must be an integer");
    }
    return v.intValue();
  }

  /** A boolean, or {@code dflt} when absent. */
  public boolean optBool(String f, boolean dflt) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) return dflt;
    if (!v.isBoolean()) throw new Recommender.RequestException(name(f), name(f) + " must be true or false");
    return v.booleanValue();
  }

  /** An array of strings ({@code required}: present), empty when absent and not required. */
  public List<String> stringList(String f, boolean required) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) {
      if (required) throw new Recommender.RequestException(name(f), name(f) + " is required");
      return List.of();
    }
    if (!v.isArray()) throw new Recommender.RequestException(name(f), name(f) + " must be an array of item ids (strings)");
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw new Recommender.RequestException(name(f), name(f) + "[" + i + "] must be a string item id");
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** An object whose values are all strings ({@code fields} of a new item). */
  public Map<String, String> stringMap(String f) {
    JsonNode v = node.get(f);
    if (v == null || v.isNull()) return null;
    if (!v.isObject()) throw new Recommender.RequestException(name(f), name(f) + " must be an object of strings");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isTextual()) {
        throw new Recommender.RequestException(name(f), name(f) + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }
}
