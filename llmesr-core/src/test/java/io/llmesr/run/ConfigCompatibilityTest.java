package io.llmesr.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.model.Backbone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declared keys ({@link RunKeys}, methods' options) write the same {@code config.json} text, in the same order,
 * as {@code RunConfig} did before ({@link LegacyRunConfig}, a frozen copy), read the same stored maps (older runs
 * included), and refuse what it refused — so old runs resume and are recognised as the same configuration.
 *
 * <p>Keys declared after the frozen copy ({@link #ADDED}: the training objective) are written after the old keys'
 * place in {@link RunKeys} order; a stored map without them reads as their defaults (the paper's objective), and
 * apart from them the text is the old one.
 */
class ConfigCompatibilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keys added after {@link LegacyRunConfig}, with the value an older run reads as. */
  static final Map<String, String> ADDED = new LinkedHashMap<>(Map.of("train.loss", "bce", "train.negatives", "auto",
      "train.sampler", "uniform", "train.gbce_t", "0.75", "train.ce_chunk", "2048"));

  /** {@code m} without the {@link #ADDED} keys, after checking that they hold the values older runs read as. */
  static Map<String, String> withoutAdded(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>(m);
    ADDED.forEach((k, v) -> assertThat(out.remove(k)).as(k).isEqualTo(v));
    return out;
  }

  @TempDir Path tmp;

  /** Override sets both versions accept. */
  private static final List<Map<String, String>> VALID = List.of(
      Map.of(),
      Map.of("train.lr", "0.002", "train.eps", "1e-9", "model.dropout", "0.25", "train.mask_prob", "0.20"),
      Map.of("train.epochs", "7", "train.seed", "44", "eval.seed", "-3", "model.hidden_size", "32",
          "model.heads", "2"),
      Map.of("model.masking", "PADDING", "model.dynamic_length", "TRUE", "train.length_buckets", "false"),
      Map.of("train.loss_norm", "epoch", "eval.valid_protocol", "Full", "eval.thresholds", "paper-beauty"),
      Map.of("eval.thresholds", "9/4", "train.beta1", "0", "train.beta2", "0.5", "model.max_len", "50",
          "model.blocks", "3"),
      Map.of("train.lr", "1E-3", "model.dropout", "0.1", "train.batch_size", " 64 "),
      Map.of("model.backbone", "bert4rec", "model.method", "somethingelse"));

  /** Method option sets both versions accept at resolve (and their model builds accept, per method). */
  private static final List<Map<String, String>> PLAIN_OPTIONS = List.of(Map.of(), Map.of("method.fold_padding", "false"),
      Map.of("method.fold_padding", " TRUE "));
  private static final List<Map<String, String>> LLMESR_OPTIONS = List.of(Map.of(),
      Map.of("method.alpha", "0.10", "method.teacher", "Cached"),
      Map.of("method.sim-users", "4", "method.ablation", "no-share, no-ca", "method.cross_heads", "1"),
      Map.of("method.alpha", "1", "method.ablation", "", "method.teacher", "batch"),
      Map.of("method.Sim_Users", "20", "method.alpha", "0"));

  /** Override sets both versions refuse (bad values of the run's own keys). */
  private static final List<Map<String, String>> INVALID = List.of(
      Map.of("train.lr", "-1"), Map.of("train.lr", "x"), Map.of("train.epochs", "0"), Map.of("model.heads", "3"),
      Map.of("model.dynamic_length", "true", "model.masking", "none"), Map.of("model.dropout", "1"),
      Map.of("train.mask_prob", "0"), Map.of("eval.valid_protocol", "sampled50"), Map.of("train.loss_norm", "sum"),
      Map.of("eval.thresholds", "nope"), Map.of("model.method", " "), Map.of("preset", "fast"),
      Map.of("train.learning_rate", "1"), Map.of("model.backbone", "rnn"), Map.of("train.seed", "4.5"),
      Map.of("train.beta2", "1"), Map.of("train.eval_batch_size", "0"), Map.of("model.hidden_size", "0"));

  @Test
  void resolveWritesTheSameTextInTheSameOrder() {
    int compared = 0;
    for (Preset preset : Preset.values()) {
      for (Backbone backbone : Backbone.values()) {
        for (String method : List.of("plain", "llmesr")) {
          for (Map<String, String> base : VALID) {
            for (Map<String, String> options : method.equals("plain") ? PLAIN_OPTIONS : LLMESR_OPTIONS) {
              Map<String, String> o = new LinkedHashMap<>(base);
              o.putAll(options);
              Map<String, String> before;
              try {
                before = LegacyRunConfig.resolve(preset, backbone, method, Path.of("/data/x"), o).toMap();
              } catch (IllegalArgumentException e) {
                assertThatThrownBy(() -> RunConfig.resolve(preset, backbone, method, Path.of("/data/x"), o))
                    .as("refused before: %s", o).isInstanceOf(IllegalArgumentException.class);
                continue;
              }
              RunConfig now = RunConfig.resolve(preset, backbone, method, Path.of("/data/x"), o);
              assertThat(List.copyOf(withoutAdded(now.toMap()).entrySet()))
                  .as(preset + " " + backbone + " " + method + " " + o).isEqualTo(List.copyOf(before.entrySet()));
              assertThat(List.copyOf(withoutAdded(RunConfig.fromMap(now.toMap()).toMap()).entrySet()))
                  .isEqualTo(List.copyOf(before.entrySet()));
              compared++;
            }
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(150);
  }

  @Test
  void whatWasRefusedIsStillRefusedNamingTheKey() {
    for (Map<String, String> o : INVALID) {
      assertThatThrownBy(() -> LegacyRunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"), o))
          .as("legacy %s", o).isInstanceOf(IllegalArgumentException.class);
      boolean crossKey = o.containsKey("model.dynamic_length") || o.containsKey("model.heads");
      assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"), o))
          .as("%s", o).isInstanceOf(IllegalArgumentException.class)
          // a rule between keys names the section ("model: numHeads 3 must divide hiddenSize 64"), as before
          .hasMessageContaining(crossKey ? "model: " : o.keySet().iterator().next());
    }
  }

  @Test
  void storedMapsOfOlderRunsReadTheSame() {
    for (Preset preset : Preset.values()) {
      for (Map<String, String> base : VALID) {
        Map<String, String> full;
        try {
          full = LegacyRunConfig.resolve(preset, Backbone.SASREC, "llmesr", Path.of("/d"), base).toMap();
        } catch (IllegalArgumentException e) {
          continue;
        }
        for (List<String> missing : List.of(List.of("train.length_buckets"), List.of("train.loss_norm"),
            List.of("eval.valid_protocol"), List.of("train.length_buckets", "train.loss_norm", "eval.valid_protocol"))) {
          Map<String, String> old = new LinkedHashMap<>(full);
          missing.forEach(old::remove);
          assertThat(List.copyOf(withoutAdded(RunConfig.fromMap(old).toMap()).entrySet())).as(missing + " " + base)
              .isEqualTo(List.copyOf(LegacyRunConfig.fromMap(old).toMap().entrySet()));
        }
        Map<String, String> noEpochs = new LinkedHashMap<>(full);
        noEpochs.remove("train.epochs");
        assertThatThrownBy(() -> RunConfig.fromMap(noEpochs)).hasMessageContaining("'train.epochs' is missing");
      }
    }
  }

  /** Every config.json stored in the repository's studies reads and writes back as before, byte for byte. */
  @Test
  void theStudiesRunsWriteTheirConfigByteForByte() throws Exception {
    Path studies = Path.of("..", "studies");
    assumeThat(Files.isDirectory(studies)).isTrue();
    List<Path> configs;
    try (Stream<Path> s = Files.walk(studies)) {
      configs = s.filter(p -> p.getFileName().toString().equals(RunDirectory.CONFIG)).sorted().toList();
    }
    assertThat(configs).isNotEmpty();
    int identical = 0;
    for (Path f : configs) {
      Map<String, String> stored = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(f.toFile()).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        stored.put(e.getKey(), e.getValue().asText());
      }
      RunConfig now = RunConfig.fromMap(stored);
      String before = text(LegacyRunConfig.fromMap(stored).toMap());
      RunDirectory run = new RunDirectory(tmp.resolve("run" + identical + "-" + configs.indexOf(f)));
      run.writeConfig(now);
      Map<String, String> writtenMap = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(run.config().toFile()).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        writtenMap.put(e.getKey(), e.getValue().asText());
      }
      String written = text(withoutAdded(writtenMap));
      assertThat(written).as(f.toString()).isEqualTo(before);
      List<String> oldKeys = new ArrayList<>(RunConfig.knownKeys());
      oldKeys.removeAll(ADDED.keySet());
      if (stored.keySet().containsAll(oldKeys)) {
        assertThat(written).as(f.toString()).isEqualTo(Files.readString(f));
        identical++;
      }
      assertThat(run.readConfig()).isEqualTo(now);
    }
    assertThat(identical).isPositive();
  }

  /** The text {@link RunDirectory#writeConfig} writes for a flat map. */
  private static String text(Map<String, String> m) throws Exception {
    ObjectNode node = JSON.createObjectNode();
    m.forEach(node::put);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
  }

  @Test
  void theKeysAreTheOldKeysInTheOldOrder() {
    List<String> known = new ArrayList<>(RunConfig.knownKeys());
    known.removeAll(ADDED.keySet());
    assertThat(known).containsExactlyElementsOf(
        new ArrayList<>(LegacyRunConfig.defaults(Preset.PAPER, Backbone.SASREC, "plain").keySet()));
    for (Preset p : Preset.values()) {
      for (Backbone b : Backbone.values()) {
        Map<String, String> before = LegacyRunConfig.defaults(p, b, "llmesr");
        Map<String, String> now = withoutAdded(RunConfig.defaults(p, b, "llmesr"));
        assertThat(now.keySet()).containsExactlyElementsOf(before.keySet());
        // the same values (eps: "1e-8" then, its canonical text "1.0E-8" now)
        before.forEach((k, v) -> assertThat(k.equals("train.eps") ? Double.parseDouble(now.get(k)) + ""
            : now.get(k)).as(k).isEqualTo(k.equals("train.eps") ? Double.parseDouble(v) + "" : v));
      }
    }
  }
}
