package io.llmesr.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void writesContentAndCreatesParents() throws IOException {
    Path f = tmp.resolve("a/b/out.bin");
    AtomicFiles.write(f, out -> {
      out.write(new byte[] {1, 2, 3});
      out.write(new byte[100_000]);
    });
    assertThat(Files.size(f)).isEqualTo(100_003);
    AtomicFiles.writeString(f, "héllo\n");
    assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("héllo\n");
    AtomicFiles.writeBytes(f, new byte[] {7});
    assertThat(Files.readAllBytes(f)).containsExactly(7);
    assertThat(names(f.getParent())).containsExactly("out.bin");
  }

  @Test
  void aBodyMayCloseItsStream() throws IOException {
    Path f = tmp.resolve("x.gz");
    AtomicFiles.write(f, out -> {
      try (OutputStream gz = new GZIPOutputStream(out)) {
        gz.write("compressed".getBytes(StandardCharsets.UTF_8));
      }
    });
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(f))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("compressed");
    }
  }

  @Test
  void failingBodyKeepsOldContentAndLeavesNoTempFile() throws IOException {
    Path f = tmp.resolve("table.f32");
    AtomicFiles.writeString(f, "old");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write(new byte[200_000]); // more than the buffer: bytes reached the temp file
      throw new IOException("disk full (simulated)");
    })).hasMessageContaining("simulated");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      throw new IllegalStateException("bug (simulated)");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(f).hasContent("old");
    assertThat(names(tmp)).containsExactly("table.f32");

    Path absent = tmp.resolve("new.txt");
    assertThatThrownBy(() -> AtomicFiles.write(absent, out -> {
      throw new IOException("simulated");
    })).isInstanceOf(IOException.class);
    assertThat(absent).doesNotExist();
    assertThat(names(tmp)).containsExactly("table.f32");
  }

  @Test
  void permissionsAreThoseOfANormallyCreatedFileNotOwnerOnly() throws IOException {
    assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"), "POSIX file system");
    Path reference = Files.writeString(tmp.resolve("reference.txt"), "x");
    Set<PosixFilePermission> normal = Files.getPosixFilePermissions(reference);
    Path f = tmp.resolve("out.txt");
    AtomicFiles.writeString(f, "new");
    assertThat(Files.getPosixFilePermissions(f)).isEqualTo(normal);
    // replacing an owner-only file gives a normal one too
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    AtomicFiles.writeString(f, "newer");
    assertThat(Files.getPosixFilePermissions(f)).isEqualTo(normal);
    assumeTrue(!normal.equals(PosixFilePermissions.fromString("rw-------")), "umask is not 077");
    assertThat(Files.getPosixFilePermissions(f)).contains(PosixFilePermission.GROUP_READ);
  }

  @Test
  void batchRenamesNothingUnlessEveryFileWasWritten() throws IOException {
    Path table = tmp.resolve("items.f32");
    Path manifest = tmp.resolve("items.json");
    AtomicFiles.writeString(table, "old table");
    AtomicFiles.writeString(manifest, "old manifest");
    assertThatThrownBy(() -> {
      try (AtomicFiles.Batch b = AtomicFiles.batch()) {
        b.add(table, out -> out.write("new table".getBytes(StandardCharsets.UTF_8)));
        b.add(manifest, out -> {
          throw new IOException("simulated");
        });
        b.commit();
      }
    }).hasMessageContaining("simulated");
    assertThat(table).hasContent("old table");
    assertThat(manifest).hasContent("old manifest");
    assertThat(names(tmp)).containsExactlyInAnyOrder("items.f32", "items.json");

    try (AtomicFiles.Batch b = AtomicFiles.batch()) {
      b.add(table, out -> out.write("new table".getBytes(StandardCharsets.UTF_8)));
      b.add(manifest, out -> out.write("new manifest".getBytes(StandardCharsets.UTF_8)));
      b.commit();
    }
    assertThat(table).hasContent("new table");
    assertThat(manifest).hasContent("new manifest");
    assertThat(names(tmp)).containsExactlyInAnyOrder("items.f32", "items.json");
  }

  @Test
  void replaceDirectoryCreatesReplacesAndCleansUp() throws IOException {
    Path target = tmp.resolve("ds");
    Path staged = AtomicFiles.createStagingDirectory(target);
    assertThat(staged.getFileName().toString()).startsWith(".ds.tmp-");
    Files.writeString(staged.resolve("f"), "one");
    assertThat(AtomicFiles.replaceDirectory(staged, target)).isFalse();
    assertThat(target.resolve("f")).hasContent("one");

    Path second = AtomicFiles.createStagingDirectory(target);
    Files.writeString(second.resolve("g"), "two");
    assertThat(AtomicFiles.replaceDirectory(second, target)).isTrue();
    assertThat(names(target)).containsExactly("g");
    assertThat(names(tmp)).containsExactly("ds");

    AtomicFiles.deleteRecursively(target);
    assertThat(target).doesNotExist();
    AtomicFiles.deleteRecursively(target); // absent: no-op
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
