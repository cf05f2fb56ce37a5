package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every verb documents itself with {@code --help}; an option name that was renamed says what it became. */
class CliHelpTest {
  static Stream<String> verbs() {
    return Main.newCommandLine().getSubcommands().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("verbs")
  void everyVerbTakesHelpAndExitsZero(String verb) {
    CliRun r = CliRun.of(verb, "--help");
    assertThat(r.exitCode()).as(verb + " --help\n" + r.err()).isZero();
    assertThat(r.out()).contains("Usage: llmesr " + verb + " [-h");
    CliRun h = CliRun.of(verb, "-h");
    assertThat(h.exitCode()).as(verb + " -h").isZero();
  }

  @Test
  void everyVerbPrintsTheVersion() {
    verbs().filter(v -> !v.equals("help")).forEach(v -> {
      CliRun r = CliRun.of(v, "--version");
      assertThat(r.exitCode()).as(v).isZero();
      assertThat(r.out()).as(v).startsWith("llmesr ");
    });
  }

  @Test
  void theTopLevelHelpListsEveryVerbAndPointsToTheCliPage() {
    CliRun r = CliRun.of("--help");
    assertThat(r.exitCode()).isZero();
    verbs().forEach(v -> assertThat(r.out()).contains("  " + v));
    assertThat(r.out()).contains("docs/cli.md");
  }

  @Test
  void everyRenamedOptionIsGoneFromItsVerbAndItsSuccessorIsThere() {
    CommandLine root = Main.newCommandLine();
    for (Map.Entry<String, Map<String, String>> verb : Main.RENAMED.entrySet()) {
      CommandLine cl = root.getSubcommands().get(verb.getKey());
      assertThat(cl).as(verb.getKey()).isNotNull();
      for (Map.Entry<String, String> rename : verb.getValue().entrySet()) {
        String what = verb.getKey() + " " + rename.getKey() + " -> " + rename.getValue();
        assertThat(cl.getCommandSpec().findOption(rename.getKey())).as(what).isNull();
        assertThat(cl.getCommandSpec().findOption(rename.getValue())).as(what).isNotNull();
        assertThat(Main.renamedHint(verb.getKey(), verb.getKey(), rename.getKey() + "=1")).as(what)
            .contains(rename.getKey() + " was renamed to " + rename.getValue());
        assertThat(Main.renamedHint(verb.getKey(), verb.getKey(), rename.getValue(), "1")).as(what).isNull();
      }
    }
  }

  @Test
  void usingARenamedOptionIsAUsageErrorNamingTheNewOne() {
    CliRun prepare = CliRun.of("prepare", "--input", "src", "--format", "atomic", "--out", "never-written", "--k", "5");
    assertThat(prepare.exitCode()).isEqualTo(2);
    assertThat(prepare.err()).contains("llmesr prepare --k was renamed to --kcore").contains("prepare --help");
    CliRun compare = CliRun.of("compare", "a.json", "b.json", "--k", "5");
    assertThat(compare.exitCode()).isEqualTo(2);
    assertThat(compare.err()).contains("--k was renamed to --cutoff");
    CliRun evaluate = CliRun.of("evaluate", "run", "--out", "report.json");
    assertThat(evaluate.exitCode()).isEqualTo(2);
    assertThat(evaluate.err()).contains("--out was renamed to --json-file");
    // other unknown options keep picocli's own message
    CliRun unknown = CliRun.of("pca", "ds", "--no-such-option");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option: '--no-such-option'").doesNotContain("renamed");
  }
}
