package io.llmesr.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.config.ConfigKey;
import io.llmesr.model.ModelFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/training.md's key table is the declarations' ({@link ConfigDocs}). */
class ConfigDocsTest {
  private static final Path FILE = Path.of("..", "docs", "training.md");

  @Test
  void docsTrainingMdKeyTableIsUpToDate() throws Exception {
    String current = Files.readString(FILE, StandardCharsets.UTF_8);
    String fresh = ConfigDocs.regenerate(current);
    if (Boolean.getBoolean("llmesr.refreshDocs")) Files.writeString(FILE, fresh, StandardCharsets.UTF_8);
    assertThat(current).as("docs/training.md's key table is stale: refresh it from the repository root with%n  %s%n",
        ConfigDocs.REFRESH).isEqualTo(fresh);
  }

  @Test
  void everyKeyHasARowWithItsDoc() {
    String table = ConfigDocs.table();
    for (RunKeys.Bound<?> b : RunKeys.ALL) {
      assertThat(b.key().doc()).as(b.key().name()).isNotBlank();
      assertThat(table).contains("| `" + b.key().name() + "` |");
    }
    for (ModelFactory f : ModelFactory.all()) {
      for (ConfigKey<?> k : f.options()) {
        assertThat(k.name()).startsWith(RunKeys.METHOD_PREFIX);
        assertThat(k.doc()).as(k.name()).isNotBlank();
        assertThat(table).contains("| `" + k.name() + "` |").contains("method `" + f.method() + "`: ");
      }
    }
  }
}
