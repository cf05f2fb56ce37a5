package io.llmesr.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Parsing one JSON object per line, with errors as {@link BadRecord}s. */
final class JsonLines {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private JsonLines() { }

  /** The line as a JSON object. */
  static ObjectNode object(String line) throws BadRecord {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw bad(e);
    }
    if (n == null || !n.isObject()) {
      throw new BadRecord(null, "bad json", "expected a JSON object, found " + (n == null ? "nothing" : n.getNodeType()));
    }
    return (ObjectNode) n;
  }

  /**
   * Streams over a top-level object and keeps the text of the scalar fields named in {@code names}
   * ({@code out[i]} = text of field {@code names[i]}, {@code null} when absent or JSON null). Other fields are
   * skipped without being materialised, which keeps long review texts cheap.
   *
   * @throws BadRecord on malformed JSON, a non-object line, or a wanted field that is an array/object
   */
  static void scalars(String line, String[] names, String[] out) throws BadRecord {
    java.util.Arrays.fill(out, null);
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRecord(null, "bad json", "expected a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        int idx = indexOf(names, name);
        if (idx < 0) {
          p.skipChildren();
          continue;
        }
        if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
          throw new BadRecord(name, "not a scalar", "expected a string or number, found " + (v == JsonToken.START_ARRAY ? "an array" : "an object"));
        }
        out[idx] = v == JsonToken.VALUE_NULL ? null : p.getText();
      }
      if (t != JsonToken.END_OBJECT) throw new BadRecord(null, "bad json", "malformed JSON object");
      if (p.nextToken() != null) throw new BadRecord(null, "bad json", "trailing characters after the JSON object");
    } catch (JsonProcessingException e) {
      throw bad(e);
    } catch (IOException e) {
      throw new BadRecord(null, "bad json", "invalid JSON: " + e.getMessage());
    }
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) return i;
    }
    return -1;
  }

  private static BadRecord bad(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    int nl = msg.indexOf('\n');
    if (nl >= 0) msg = msg.substring(0, nl);
    long col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
    return new BadRecord(null, "bad json", "invalid JSON" + (col > 0 ? " at column " + col : "") + ": " + msg);
  }
}
