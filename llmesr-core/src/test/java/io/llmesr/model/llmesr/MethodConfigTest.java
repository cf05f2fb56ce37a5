package io.llmesr.model.llmesr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.llmesr.config.ConfigKey;
import io.llmesr.config.MethodOptions;
import io.llmesr.model.Backbone;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
import io.llmesr.prepare.Dataset;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunKeys;
import io.llmesr.train.TinyData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole configuration, method options included, is typed by its declarations ({@link RunKeys},
 * {@link ModelFactory#options()}): every method/backbone pair builds from it and round-trips through its flat form,
 * and every key refuses a bad value in {@link RunConfig#resolve}/{@link RunConfig#fromMap}, naming the key.
 */
class MethodConfigTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  @TempDir static Path tmp;

  private static final Map<String, String> SMALL = Map.of("model.hidden_size", "16", "model.max_len", "12",
      "model.dropout", "0.1");

  @Test
  void everyMethodAndBackboneBuildsFromItsTypedConfigurationAndRoundTrips() throws Exception {
    Dataset ds = TinyData.chain(40, 60, 5, 10);
    Path dir = tmp.resolve("data");
    LlmEsrTablesReaderTest.writeTables(dir, ds.numItems(), ds.numUsers(), 24, 16, 10, 3);
    List<String> methods = ModelFactory.all().stream().map(ModelFactory::method).toList();
    assertThat(methods).contains("plain", "llmesr");
    for (String method : methods) {
      for (Backbone backbone : Backbone.values()) {
        for (Preset preset : Preset.values()) {
          RunConfig c = RunConfig.resolve(preset, backbone, method, dir, SMALL);
          Map<String, String> flat = c.toMap();
          RunConfig back = RunConfig.fromMap(flat);
          assertThat(back).isEqualTo(c);
          assertThat(List.copyOf(back.toMap().entrySet())).isEqualTo(List.copyOf(flat.entrySet()));
          // the typed view: every declared option at its default (none was given)
          MethodOptions options = c.model().options();
          assertThat(options.unknown()).isEmpty();
          for (ConfigKey<?> k : ModelFactory.forMethod(method).options()) {
            assertThat((Object) options.get(k)).as(k.name()).isEqualTo(k.defaultValue(null));
          }
          ModelSpec spec = c.model().toSpec(ds.numItems());
          try (SequenceModel model = ModelBuilder.build(c, spec, NDManager.newBaseManager(), Optional.of(ds))) {
            assertThat(model.parameters().trainableCount()).as(method + "/" + backbone).isPositive();
          }
        }
      }
    }
    // the typed views of the methods' options are what the factories read
    assertThat(LlmEsrModelFactory.parseOptions(Map.of())).isEqualTo(LlmEsrOptions.paper());
    RunConfig set = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "llmesr", dir,
        Map.of("method.alpha", "0.5", "method.sim-users", "3", "method.ablation", "no-ca"));
    assertThat(set.model().options().get(LlmEsrModelFactory.ALPHA_KEY)).isEqualTo(0.5);
    assertThat(set.model().options().get(LlmEsrModelFactory.SIM_USERS_KEY)).isEqualTo(3);
    assertThat(set.model().options().get(LlmEsrModelFactory.ABLATION_KEY)).containsExactly(Ablation.NO_CA);
    // stored as given
    assertThat(set.toMap()).containsEntry("method.sim-users", "3").doesNotContainKey("method.sim_users");
  }

  /** A value of the key's type that breaks its first rule, or a text that is not of its type at all. */
  private static List<String> badValues(ConfigKey<?> k) {
    List<String> bad = new ArrayList<>();
    switch (k.type()) {
      case "integer", "number" -> bad.add("x");
      case "true/false" -> bad.add("maybe");
      case "text" -> bad.add("");
      default -> bad.add("no-such-choice");
    }
    String req = k.requirements();
    if (req.startsWith(">= 1")) bad.add("0");
    if (req.startsWith(">= 0")) bad.add("-1");
    if (req.startsWith("> 0")) bad.add("-1");
    if (req.startsWith("in [0,1)")) bad.add("1");
    if (req.startsWith("in (0,1]")) bad.add("0");
    if (req.startsWith("in [0,1]")) bad.add("1.5");
    if (!req.isEmpty() && bad.size() < 2 && !k.type().equals("text")) {
      throw new AssertionError(k.name() + ": add a value that breaks '" + req + "' to this test");
    }
    return bad;
  }

  @Test
  void everyKeyRefusesABadValueNamingIt() {
    int checked = 0;
    for (RunKeys.Bound<?> b : RunKeys.ALL) {
      ConfigKey<?> k = b.key();
      for (String bad : badValues(k)) {
        Map<String, String> flat = new LinkedHashMap<>(
            RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"), Map.of()).toMap());
        flat.put(k.name(), bad);
        assertThatThrownBy(() -> RunConfig.fromMap(flat)).as(k.name() + "=" + bad)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + k.name() + "'");
        if (k.overridable()) {
          assertThatThrownBy(() -> RunConfig.resolve(Preset.FAST, Backbone.BERT4REC, "llmesr", Path.of("/d"),
              Map.of(k.name(), bad))).as(k.name() + "=" + bad).hasMessageContaining("'" + k.name() + "'");
        } else {
          assertThatThrownBy(() -> RunConfig.resolve(Preset.FAST, Backbone.BERT4REC, "llmesr", Path.of("/d"),
              Map.of(k.name(), bad))).hasMessageContaining("'" + k.name() + "' cannot be overridden");
        }
        checked++;
      }
    }
    for (ModelFactory f : ModelFactory.all()) {
      for (ConfigKey<?> k : f.options()) {
        for (String bad : badValues(k)) {
          assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.GRU4REC, f.method(), Path.of("/d"),
              Map.of(k.name(), bad))).as(k.name() + "=" + bad).isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("'" + k.name() + "'");
          Map<String, String> flat = new HashMap<>(
              RunConfig.resolve(Preset.PAPER, Backbone.GRU4REC, f.method(), Path.of("/d"), Map.of()).toMap());
          flat.put(k.name(), bad);
          assertThatThrownBy(() -> RunConfig.fromMap(flat)).hasMessageContaining("'" + k.name() + "'");
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(40);
    // options that are each fine but not together name the option
    assertThatThrownBy(() -> RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "llmesr", Path.of("/d"),
        Map.of("method.ablation", "no-co-view,no-se-view"))).hasMessageContaining("'method.ablation'")
        .hasMessageContaining("no view");
  }

  @Test
  void unknownOptionsAreRefusedNamingTheKnownOnesWhenTheModelIsBuilt() {
    // resolve keeps names the method does not declare (as before); the factory refuses them, before a run writes
    RunConfig plain = RunConfig.resolve(Preset.PAPER, Backbone.SASREC, "plain", Path.of("/d"),
        Map.of("method.alpha", "0.2"));
    assertThat(plain.model().options().unknown()).containsExactly("alpha");
    assertThatThrownBy(() -> plain.model().options().requireKnown())
        .hasMessageContaining("unknown option 'alpha' for method plain (known: fold_padding)");
    ModelSpec spec = plain.model().toSpec(10);
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> ModelBuilder.build(plain, spec, m, Optional.empty()))
          .hasMessageContaining("'alpha'").hasMessageContaining("known: fold_padding");
    }
    assertThatThrownBy(() -> LlmEsrModelFactory.parseOptions(Map.of("fold_padding", "true")))
        .hasMessageContaining("known: ablation, alpha, cross_heads, sim_users, teacher");
    assertThat(new PlainModelFactory().options()).containsExactly(PlainModelFactory.FOLD);
  }
}
