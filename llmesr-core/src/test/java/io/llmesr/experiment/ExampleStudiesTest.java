package io.llmesr.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example study files under {@code studies/examples} are valid (their dataset directories, which a checkout does
 * not have until {@code llmesr quickstart} has run, are replaced by an empty directory).
 */
class ExampleStudiesTest {
  @TempDir Path tmp;

  @Test
  void everyExampleReads() throws Exception {
    Path dir = Path.of("..", "studies", "examples");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    Path ds = Files.createDirectories(tmp.resolve("beauty-demo"));
    for (Path f : files) {
      String text = Files.readString(f).replace("work/quickstart/beauty-demo", ds.toString());
      Path copy = Files.writeString(tmp.resolve(f.getFileName()), text);
      Study study = StudyFile.read(copy);
      assertThat(StudyPlan.of(study, tmp.resolve("out")).runs()).as(f.toString()).isNotEmpty();
    }
    Study demo = StudyFile.read(tmp.resolve("demo-methods.yaml"));
    assertThat(StudyPlan.of(demo, tmp.resolve("out")).runs()).hasSize(12);
  }
}
