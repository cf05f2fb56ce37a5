package io.llmesr.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.Interaction;
import io.llmesr.data.ItemSource;
import io.llmesr.data.RawData;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotence and protection of derived data, with a real input file (hashed). */
class PrepareJobTest {
  @TempDir Path tmp;

  /** A minimal "user item time" reader, standing in for the real readers. */
  private static RawData fileSource(Path file) {
    return new RawData("test-tsv", sink -> {
      try (BufferedReader r = Files.newBufferedReader(file)) {
        String s;
        while ((s = r.readLine()) != null) {
          String[] f = s.split(" ");
          sink.accept(new Interaction(f[0], f[1], Long.parseLong(f[2]), Double.NaN));
        }
      }
    }, ItemSource.none(), List.of(file), null);
  }

  private Path input(String... rows) throws Exception {
    Path f = tmp.resolve("inter.txt");
    Files.write(f, List.of(rows));
    return f;
  }

  private static PrepareOptions opts(int k) {
    return new PrepareOptions("ds", new KCoreRecipe(k, false), new SplitSpec.LeaveOneOut(), null, null, Map.of());
  }

  @Test
  void rerunWithSameInputsAndParametersDoesNothing() throws Exception {
    Path in = input("a x 1", "a y 2", "a z 3", "b x 1", "b y 2", "b z 3");
    Path out = tmp.resolve("ds");
    assertThat(PrepareJob.run(fileSource(in), opts(1), out, false).outcome()).isEqualTo(DatasetIO.Outcome.CREATED);
    FileTime written = Files.getLastModifiedTime(out.resolve(DatasetIO.MANIFEST));
    Files.setLastModifiedTime(out.resolve(DatasetIO.MANIFEST), FileTime.fromMillis(1000));
    PrepareJob.Result again = PrepareJob.run(fileSource(in), opts(1), out, false);
    assertThat(again.outcome()).isEqualTo(DatasetIO.Outcome.UP_TO_DATE);
    assertThat(Files.getLastModifiedTime(out.resolve(DatasetIO.MANIFEST)).toMillis()).isEqualTo(1000);
    assertThat(written.toMillis()).isNotEqualTo(1000);
    assertThat(again.manifest().counts()).containsEntry("users", 2L);
  }

  @Test
  void derivedDataSurvivesUnchangedInputsAndBlocksChangedOnesWithoutForce() throws Exception {
    Path in = input("a x 1", "a y 2", "a z 3", "b x 1", "b y 2", "b z 3");
    Path out = tmp.resolve("ds");
    PrepareJob.run(fileSource(in), opts(1), out, false);
    Files.createDirectories(out.resolve("embeddings"));
    Files.writeString(out.resolve("embeddings/items.f32"), "vectors");

    assertThat(PrepareJob.run(fileSource(in), opts(1), out, false).outcome()).isEqualTo(DatasetIO.Outcome.UP_TO_DATE);
    assertThat(out.resolve("embeddings/items.f32")).hasContent("vectors");

    assertThatThrownBy(() -> PrepareJob.run(fileSource(in), opts(2), out, false))
        .isInstanceOf(DatasetIO.ReplaceRefusedException.class)
        .hasMessageContaining("recipe parameters").hasMessageContaining("k=1").hasMessageContaining("k=2")
        .hasMessageContaining("[embeddings/]").hasMessageContaining("--force");
    Files.write(in, List.of("a x 1", "a y 2", "a z 3", "b x 1", "b y 2", "b z 4"));
    assertThatThrownBy(() -> PrepareJob.run(fileSource(in), opts(1), out, false))
        .hasMessageContaining("inter.txt changed (sha256");
    assertThat(out.resolve("embeddings/items.f32")).hasContent("vectors");

    assertThat(PrepareJob.run(fileSource(in), opts(1), out, true).outcome()).isEqualTo(DatasetIO.Outcome.REPLACED);
    assertThat(out.resolve("embeddings")).doesNotExist();
    assertThat(DatasetIO.readTimestamps(out, DatasetIO.read(out))[1]).containsExactly(1, 2, 4);
  }
}
