package io.llmesr.experiment;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.experiment.YamlTree.Entry;
import io.llmesr.experiment.YamlTree.Mapping;
import io.llmesr.experiment.YamlTree.Node;
import io.llmesr.experiment.YamlTree.Scalar;
import io.llmesr.experiment.YamlTree.Seq;
import io.llmesr.model.Backbone;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and checks a study file (YAML, docs/experiments.md). Every error is a {@link StudyFileException} naming the
 * file, the line and the field: an unknown or missing field, a value of the wrong kind, an unknown backbone, method,
 * preset or protocol, a missing dataset directory, and any configuration override that {@code llmesr train} would
 * refuse (each run's configuration is resolved here, before anything is trained).
 */
public final class StudyFile {
  /** The fields a study file may have. */
  public static final List<String> FIELDS = List.of("name", "datasets", "backbones", "methods", "seeds", "preset",
      "epochs", "protocols", "set");
  private static final List<String> METHOD_FIELDS = List.of("id", "label", "set");
  /** Keys with a field of their own: not settable in {@code set}. */
  private static final Map<String, String> OWN_FIELD = Map.of("train.seed", "seeds", "train.epochs", "epochs",
      "dataset_dir", "datasets", "model.backbone", "backbones", "model.method", "methods", "preset", "preset");

  private final Path file;

  private StudyFile(Path file) {
    this.file = file;
  }

  /** Reads {@code file}; relative dataset paths are resolved against the working directory. */
  public static Study read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new StudyFileException(file, 1, null, "no such file");
    return new StudyFile(file).parse(YamlTree.read(file));
  }

  private Study parse(Node root) {
    if (!(root instanceof Mapping top)) throw error(root.line(), null, "expected a mapping of study fields");
    for (Entry e : top.entries().values()) {
      if (!FIELDS.contains(e.key())) {
        throw error(e.line(), e.key(), "unknown field (known: " + String.join(", ", FIELDS) + ")");
      }
    }
    String defaultName = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String name = top.entries().containsKey("name") ? text(top.entries().get("name"), "name") : defaultName;

    Entry ds = required(top, "datasets");
    List<Study.DatasetRef> datasets = new ArrayList<>();
    Set<String> datasetNames = new HashSet<>();
    for (Scalar s : scalars(ds.value(), "datasets")) {
      String text = s.text().trim();
      Path dir = Path.of(text);
      if (!Files.isDirectory(dir)) throw error(s.line(), "datasets", "no dataset directory " + text);
      String shortName = dir.toAbsolutePath().normalize().getFileName().toString();
      if (!datasetNames.add(shortName)) {
        throw error(s.line(), "datasets", "two datasets are both named " + shortName + " (run directories are named"
            + " after a dataset directory's name)");
      }
      datasets.add(new Study.DatasetRef(text, dir, shortName));
    }
    List<Backbone> backbones = parsed(required(top, "backbones"), "backbones", Backbone::parse);
    List<Long> seeds = parsed(required(top, "seeds"), "seeds", Long::parseLong);
    if (new HashSet<>(seeds).size() != seeds.size()) {
      throw error(top.entries().get("seeds").line(), "seeds", "a seed is repeated");
    }
    Preset preset = top.entries().containsKey("preset")
        ? parse(top.entries().get("preset"), "preset", Preset::parse) : Preset.PAPER;
    Entry ep = required(top, "epochs");
    int epochs = parse(ep, "epochs", Integer::parseInt);
    if (epochs < 1) throw error(ep.line(), "epochs", "must be at least 1, got " + epochs);
    List<EvalProtocol> protocols = top.entries().containsKey("protocols")
        ? parsed(top.entries().get("protocols"), "protocols", EvalProtocol::parse) : List.of(EvalProtocol.SAMPLED100);
    if (new HashSet<>(protocols).size() != protocols.size()) {
      throw error(top.entries().get("protocols").line(), "protocols", "a protocol is repeated");
    }
    Map<String, Entry> setLines = new LinkedHashMap<>();
    Map<String, List<String>> set = top.entries().containsKey("set")
        ? overrides(top.entries().get("set"), "set", setLines) : Map.of();

    Entry ms = required(top, "methods");
    List<Study.MethodEntry> methods = new ArrayList<>();
    List<Map<String, Entry>> methodSetLines = new ArrayList<>();
    List<Integer> methodLines = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    List<Node> items = ms.value() instanceof Seq seq ? seq.items() : List.of(ms.value());
    if (items.isEmpty()) throw error(ms.line(), "methods", "expected at least one method");
    for (int i = 0; i < items.size(); i++) {
      Node n = items.get(i);
      String field = "methods[" + i + "]";
      Map<String, Entry> lines = new LinkedHashMap<>();
      Study.MethodEntry m = method(n, field, lines);
      if (!labels.add(m.label())) throw error(n.line(), field, "label '" + m.label() + "' is used twice");
      methods.add(m);
      methodSetLines.add(lines);
      methodLines.add(n.line());
    }
    Study study = new Study(file, name, datasets, backbones, methods, seeds, preset, epochs, protocols, set);
    checkConfigurations(study, setLines, methodSetLines, methodLines);
    return study;
  }

  private Study.MethodEntry method(Node n, String field, Map<String, Entry> setLines) {
    if (n instanceof Scalar s) {
      String id = scalarText(s, field);
      return new Study.MethodEntry(id, id, Map.of());
    }
    if (!(n instanceof Mapping m)) throw error(n.line(), field, "expected a method id or a mapping {id, label, set}");
    for (Entry e : m.entries().values()) {
      if (!METHOD_FIELDS.contains(e.key())) {
        throw error(e.line(), field + "." + e.key(), "unknown field (known: " + String.join(", ", METHOD_FIELDS) + ")");
      }
    }
    Entry id = m.entries().get("id");
    if (id == null) throw error(n.line(), field + ".id", "missing: the registered method (plain, llmesr, ...)");
    String method = text(id, field + ".id");
    String label = m.entries().containsKey("label") ? text(m.entries().get("label"), field + ".label") : method;
    if (!label.matches("[A-Za-z0-9][A-Za-z0-9._+-]*")) {
      throw error(m.entries().getOrDefault("label", id).line(), field + ".label", "'" + label
          + "' must be letters, digits, '.', '_', '+' or '-' (it names run directories)");
    }
    Map<String, List<String>> set = m.entries().containsKey("set")
        ? overrides(m.entries().get("set"), field + ".set", setLines) : Map.of();
    return new Study.MethodEntry(label, method, set);
  }

  /** {@code set}: key → one value or a list of values; records each key's entry for later errors. */
  private Map<String, List<String>> overrides(Entry e, String field, Map<String, Entry> lines) {
    if (!(e.value() instanceof Mapping m)) {
      throw error(e.value().line(), field, "expected a mapping KEY: VALUE or KEY: [VALUES] (a sweep), got "
          + e.value().kind());
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Entry k : m.entries().values()) {
      String key = k.key().trim();
      String f = field + "." + key;
      if (OWN_FIELD.containsKey(key)) {
        throw error(k.line(), f, "set it with the study field '" + OWN_FIELD.get(key) + "'");
      }
      List<String> values = new ArrayList<>();
      for (Scalar s : scalars(k.value(), f)) values.add(scalarText(s, f));
      if (new HashSet<>(values).size() != values.size()) throw error(k.line(), f, "a value is repeated");
      out.put(key, values);
      lines.put(key, k);
    }
    return out;
  }

  /**
   * Resolves every (backbone, method entry, sweep point) configuration as {@code llmesr train} would, so a bad key or
   * value is refused here, naming the line of the override that causes it (or of the method entry).
   */
  private void checkConfigurations(Study study, Map<String, Entry> setLines, List<Map<String, Entry>> methodSetLines,
                                   List<Integer> methodLines) {
    Path anyDataset = study.datasets().get(0).dir().toAbsolutePath().normalize();
    for (int i = 0; i < study.methods().size(); i++) {
      Study.MethodEntry m = study.methods().get(i);
      for (Backbone b : study.backbones()) {
        for (Map<String, String> overrides : StudyPlan.sweepPoints(study, m)) {
          try {
            RunConfig.resolve(study.preset(), b, m.method(), anyDataset, overrides).model().options().requireKnown();
          } catch (IllegalArgumentException ex) {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            Entry at = culprit(msg, methodSetLines.get(i));
            if (at == null) at = culprit(msg, setLines);
            if (at != null) {
              String where = methodSetLines.get(i).containsKey(at.key()) ? "methods[" + i + "].set." : "set.";
              throw error(at.line(), where + at.key(), msg + " (method " + m.label() + ", backbone " + b.id() + ")");
            }
            throw error(methodLines.get(i), "methods[" + i + "]", msg + " (backbone " + b.id() + ")");
          }
        }
      }
    }
  }

  /** The override whose key (or method option name) the message quotes. */
  private static Entry culprit(String msg, Map<String, Entry> lines) {
    for (Entry e : lines.values()) {
      String key = e.key().trim();
      String shortName = key.startsWith("method.") ? key.substring("method.".length()) : key;
      if (msg.contains("'" + key + "'") || msg.contains("'" + shortName + "'")) return e;
    }
    return null;
  }

  private Entry required(Mapping top, String field) {
    Entry e = top.entries().get(field);
    if (e == null) throw error(top.line(), field, "missing");
    return e;
  }

  private String text(Entry e, String field) {
    if (!(e.value() instanceof Scalar s)) throw error(e.value().line(), field, "expected a value, got " + e.value().kind());
    return scalarText(s, field);
  }

  private String scalarText(Scalar s, String field) {
    if (s.text() == null || s.text().isBlank()) throw error(s.line(), field, "empty value");
    return s.text().trim();
  }

  /** A value or a list of values (at least one), each a scalar. */
  private List<Scalar> scalars(Node n, String field) {
    List<Scalar> out = new ArrayList<>();
    if (n instanceof Scalar s) {
      scalarText(s, field);
      out.add(s);
      return out;
    }
    if (!(n instanceof Seq seq)) throw error(n.line(), field, "expected a value or a list of values, got " + n.kind());
    if (seq.items().isEmpty()) throw error(n.line(), field, "expected at least one value");
    for (Node item : seq.items()) {
      if (!(item instanceof Scalar s)) throw error(item.line(), field, "expected a value, got " + item.kind());
      scalarText(s, field);
      out.add(s);
    }
    return out;
  }

  private <T> T parse(Entry e, String field, Function<String, T> parser) {
    if (!(e.value() instanceof Scalar s)) throw error(e.value().line(), field, "expected a value, got " + e.value().kind());
    return parseScalar(s, field, parser);
  }

  private <T> List<T> parsed(Entry e, String field, Function<String, T> parser) {
    List<T> out = new ArrayList<>();
    for (Scalar s : scalars(e.value(), field)) out.add(parseScalar(s, field, parser));
    return out;
  }

  private <T> T parseScalar(Scalar s, String field, Function<String, T> parser) {
    String t = scalarText(s, field);
    try {
      return parser.apply(t);
    } catch (NumberFormatException ex) {
      throw error(s.line(), field, "'" + t + "' is not an integer");
    } catch (IllegalArgumentException ex) {
      throw error(s.line(), field, ex.getMessage());
    }
  }

  private StudyFileException error(int line, String field, String message) {
    return new StudyFileException(file, line, field, message);
  }
}
