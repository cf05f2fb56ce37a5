package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One meaning per option name: wherever two verbs have an option of the same name, it has the same type, the same
 * parameter label and the same meaning, the meaning being its description up to the first colon or full stop, with
 * any "(default …)" left out (so that verbs may differ in defaults and in the detail they add after the meaning).
 * Options declared once in {@link Mixins} pass by construction. The only exceptions are {@link #ALLOWED}, each
 * with its reason.
 */
class OptionMeaningTest {
  /** Option names whose wording may differ between verbs, and why that is still one meaning. */
  static final Map<String, String> ALLOWED = Map.of(
      "--batch-size", "how many units one call processes together; the unit is the verb's: texts (embed), users"
          + " (evaluate, baseline), requests (serve)");

  /** One verb's option of a given name. */
  record Use(String verb, String type, String paramLabel, String meaning) {
    String form() {
      return type + " " + paramLabel + " \"" + meaning + "\"";
    }
  }

  /** Every option name of every verb, with its uses. */
  static Map<String, List<Use>> inventory() {
    Map<String, List<Use>> uses = new TreeMap<>();
    for (Map.Entry<String, CommandLine> verb : Main.newCommandLine().getSubcommands().entrySet()) {
      if (verb.getKey().equals("help")) continue;   // picocli's own help command
      for (OptionSpec o : verb.getValue().getCommandSpec().options()) {
        Use u = new Use(verb.getKey(), boxed(o.type()).getSimpleName(), o.paramLabel(),
            meaning(String.join(" ", o.description())));
        for (String name : o.names()) uses.computeIfAbsent(name, n -> new ArrayList<>()).add(u);
      }
    }
    return uses;
  }

  /** The description up to its first colon or full stop, without "(default …)", in lower case. */
  static String meaning(String description) {
    String d = description.replaceAll("\\s*\\(default[^()]*(\\([^()]*\\)[^()]*)*\\)", "");
    int cut = d.length();
    for (String stop : List.of(": ", ". ")) {
      int at = d.indexOf(stop);
      if (at >= 0) cut = Math.min(cut, at);
    }
    return d.substring(0, cut).replaceAll("\\.$", "").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
  }

  private static Class<?> boxed(Class<?> c) {
    if (!c.isPrimitive()) return c;
    if (c == int.class) return Integer.class;
    if (c == long.class) return Long.class;
    if (c == double.class) return Double.class;
    if (c == boolean.class) return Boolean.class;
    if (c == char.class) return Character.class;
    if (c == float.class) return Float.class;
    return c;
  }

  @Test
  void meaningIsTheFirstClauseWithoutTheDefault() {
    assertThat(meaning("Train for at most N epochs (default: 200, the paper's). With --resume it may be raised."))
        .isEqualTo("train for at most n epochs");
    assertThat(meaning("Write a PNG chart here: the long-tail curve (with the 20/80 cut).")).isEqualTo("write a png chart here");
    assertThat(meaning("Cut-offs K of HR@K and NDCG@K (default: ${DEFAULT-VALUE}).")).isEqualTo("cut-offs k of hr@k and ndcg@k");
  }

  @Test
  void noOptionNameHasTwoMeanings() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, List<Use>> e : inventory().entrySet()) {
      String name = e.getKey();
      List<Use> uses = e.getValue();
      Set<String> types = new LinkedHashSet<>();
      Set<String> forms = new LinkedHashSet<>();
      for (Use u : uses) {
        types.add(u.type() + " " + u.paramLabel());
        forms.add(u.form());
      }
      boolean differs = ALLOWED.containsKey(name) ? types.size() > 1 : forms.size() > 1;
      if (differs) {
        StringBuilder sb = new StringBuilder(name + " has " + forms.size() + " meanings:");
        for (Use u : uses) sb.append("\n    ").append(u.verb()).append(": ").append(u.form());
        problems.add(sb.toString());
      }
    }
    assertThat(problems).as("An option name must mean the same in every verb: give it the same type, label and"
        + " meaning (its description up to the first colon or full stop, '(default ...)' aside), declare it once in"
        + " Mixins, or rename it (and add the old name to Main.RENAMED). Allow-list it in ALLOWED only with a reason.")
        .isEmpty();
  }

  @Test
  void theAllowListHoldsOnlyNamesThatNeedIt() {
    Map<String, List<Use>> inventory = inventory();
    for (String name : ALLOWED.keySet()) {
      List<Use> uses = inventory.get(name);
      assertThat(uses).as(name + " is allow-listed but no verb has it").isNotNull();
      assertThat(uses.stream().map(Use::meaning).distinct().count())
          .as(name + " is allow-listed but means the same everywhere: remove it from ALLOWED").isGreaterThan(1);
    }
  }

  @Test
  void theSharedOptionsAreUsedWhereTheDocsSay() {
    Map<String, List<Use>> inventory = inventory();
    assertThat(verbs(inventory, "--json")).containsExactlyInAnyOrder("describe", "embed", "pca", "similar-users",
        "evaluate", "baseline", "recommend", "evaluate-cold-start");
    assertThat(verbs(inventory, "--out")).containsExactlyInAnyOrder("prepare", "train", "experiment", "export");
    assertThat(verbs(inventory, "--threads")).containsExactlyInAnyOrder("embed", "similar-users");
    assertThat(verbs(inventory, "--checkpoint")).containsExactlyInAnyOrder("evaluate", "export");
    assertThat(verbs(inventory, "--json-file")).containsExactlyInAnyOrder("evaluate", "baseline");
    assertThat(verbs(inventory, "--split")).containsExactlyInAnyOrder("evaluate", "baseline");
    assertThat(verbs(inventory, "--ranks")).containsExactlyInAnyOrder("evaluate", "baseline");
    assertThat(verbs(inventory, "--markdown-file")).containsExactlyInAnyOrder("aggregate", "evaluate-cold-start");
    assertThat(verbs(inventory, "--k")).containsExactly("recommend");
  }

  private static List<String> verbs(Map<String, List<Use>> inventory, String name) {
    return inventory.getOrDefault(name, List.of()).stream().map(Use::verb).toList();
  }
}
