package io.llmesr.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node remembers its line, so that a study file's errors can name the line
 * of the field at fault (Jackson's own tree forgets locations). Read with Jackson's streaming YAML parser.
 * Scalars keep their source text ({@code 0.10} stays {@code 0.10}); a duplicate key is an error.
 */
final class YamlTree {
  private YamlTree() { }

  /** A node of the tree: a {@link Scalar}, a {@link Seq} or a {@link Mapping}, with its 1-based line. */
  sealed interface Node permits Scalar, Seq, Mapping {
    int line();

    /** What the node is, for error messages ("a list", "a mapping", "a value"). */
    String kind();
  }

  /** A scalar: its text, {@code null} for YAML's null. */
  record Scalar(String text, int line) implements Node {
    @Override
    public String kind() {
      return "a value";
    }
  }

  /** A sequence. */
  record Seq(List<Node> items, int line) implements Node {
    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A mapping: keys in file order, each with its own line. */
  record Mapping(Map<String, Entry> entries, int line) implements Node {
    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** A mapping entry: the key's line and the value. */
  record Entry(String key, int line, Node value) { }

  /** Reads {@code file}; a syntax error or a duplicate key is an {@link StudyFileException} naming file and line. */
  static Node read(Path file) throws IOException {
    try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
      JsonToken t = p.nextToken();
      if (t == null) throw new StudyFileException(file, 1, null, "the file is empty");
      return node(file, p);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
      throw new StudyFileException(file, line, null, "not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static Node node(Path file, JsonParser p) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) items.add(node(file, p));
        return new Seq(Collections.unmodifiableList(items), line);
      }
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          if (entries.containsKey(key)) {
            throw new StudyFileException(file, keyLine, key, "given twice (first on line "
                + entries.get(key).line() + ")");
          }
          p.nextToken();
          entries.put(key, new Entry(key, keyLine, node(file, p)));
        }
        return new Mapping(Collections.unmodifiableMap(entries), line);
      }
      case VALUE_NULL -> {
        return new Scalar(null, line);
      }
      default -> {
        return new Scalar(p.getText(), line);
      }
    }
  }
}
