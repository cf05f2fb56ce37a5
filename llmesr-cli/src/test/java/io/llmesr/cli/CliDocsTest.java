package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli.md is the verbs' {@code --help} as the commands print it today. */
class CliDocsTest {
  private static Path file() {
    return QuickstartCommand.home().resolve("docs/cli.md");
  }

  @Test
  void docsCliMdIsUpToDate() throws Exception {
    Path file = file();
    assertThat(file).as("docs/cli.md (Main's usage points to it); create it with: " + CliDocs.REFRESH).exists();
    String current = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(current).as("docs/cli.md has no generated part").contains(CliDocs.MARKER);
    assertThat(current)
        .as("docs/cli.md is stale: the commands' --help changed. Refresh it from the repository root with%n  %s%n",
            CliDocs.REFRESH)
        .isEqualTo(CliDocs.regenerate(current));
  }

  @Test
  void everyVerbHasItsSectionAndTheHeaderIsKept() {
    String text = CliDocs.regenerate("# My header\n\nprose\n\n" + CliDocs.MARKER + "\nold generated text\n");
    assertThat(text).startsWith("# My header\n\nprose\n\n" + CliDocs.MARKER + "\n").doesNotContain("old generated text");
    for (String verb : Main.newCommandLine().getSubcommands().keySet()) {
      if (verb.equals("help")) continue;
      assertThat(text).contains("\n## `llmesr " + verb + "`\n\n```text\nUsage: llmesr " + verb);
    }
    assertThat(text).doesNotContain("\u001B[");   // no ANSI escapes
    assertThat(CliDocs.regenerate(text)).isEqualTo(text);
  }
}
