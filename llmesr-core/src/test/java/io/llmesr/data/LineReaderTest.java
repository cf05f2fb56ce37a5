package io.llmesr.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
  @TempDir Path dir;

  private static List<String> lines(Path f) throws Exception {
    List<String> out = new ArrayList<>();
    try (LineReader r = new LineReader(f, StandardCharsets.UTF_8)) {
      for (String s; (s = r.next()) != null; ) out.add(s);
    }
    return out;
  }

  @Test
  void crlfBomMissingFinalNewlineAndEmptyLines() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(bom);
    b.write("first\r\n\r\nthird é\nlast".getBytes(StandardCharsets.UTF_8));
    Path f = Fixtures.writeBytes(dir.resolve("x.txt"), b.toByteArray());
    assertThat(lines(f)).containsExactly("first", "", "third é", "last");
    assertThat(lines(Fixtures.write(dir.resolve("y.txt"), "a\n"))).containsExactly("a");
  }

  @Test
  void linesLongerThanTheBufferAndMultibyteAcrossBufferBoundaries() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 70_000; i++) sb.append(i % 3 == 0 ? 'é' : 'a');
    String longLine = sb.toString();
    Path f = Fixtures.gzip(dir.resolve("long.gz"), "short\n" + longLine + "\n" + longLine + "x\nend\n");
    assertThat(lines(f)).containsExactly("short", longLine, longLine + "x", "end");
  }

  @Test
  void gzipIsDetectedByContentAndConcatenatedMembersAreRead() throws Exception {
    Path a = Fixtures.gzip(dir.resolve("a.part"), "one\ntwo\n");
    Path b = Fixtures.gzip(dir.resolve("b.part"), "three\n");
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(Files.readAllBytes(a));
    both.write(Files.readAllBytes(b));
    Path f = Fixtures.writeBytes(dir.resolve("no-gz-suffix.txt"), both.toByteArray());
    assertThat(TextFiles.isGzip(f)).isTrue();
    assertThat(lines(f)).containsExactly("one", "two", "three");
  }

  @Test
  void encodingErrorNamesLineAndReadingCanContinue() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write("ok\n".getBytes(StandardCharsets.UTF_8));
    b.write(new byte[] {'a', 'b', (byte) 0xC3, '(', '\n'});
    b.write("fine\n".getBytes(StandardCharsets.UTF_8));
    Path f = Fixtures.writeBytes(dir.resolve("bad.txt"), b.toByteArray());
    try (LineReader r = new LineReader(f, StandardCharsets.UTF_8)) {
      assertThat(r.next()).isEqualTo("ok");
      assertThatThrownBy(r::next).isInstanceOf(LineEncodingException.class)
          .hasMessageContaining("bad.txt:2: invalid UTF-8 byte sequence at byte 3 of the line")
          .satisfies(e -> assertThat(((LineEncodingException) e).line()).isEqualTo(2));
      assertThat(r.next()).isEqualTo("fine");
      assertThat(r.lineNumber()).isEqualTo(3);
      assertThat(r.next()).isNull();
    }
    // Latin-1 never fails
    try (LineReader r = new LineReader(f, StandardCharsets.ISO_8859_1)) {
      r.next();
      assertThat(r.next()).isEqualTo("ab\u00C3(");
    }
  }

  @Test
  void missingEmptyAndDirectoryInputs() throws Exception {
    assertThatThrownBy(() -> new LineReader(dir.resolve("nope"), StandardCharsets.UTF_8))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("nope: file not found");
    assertThatThrownBy(() -> new LineReader(Fixtures.write(dir.resolve("empty"), ""), StandardCharsets.UTF_8))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("empty: empty file (0 bytes)");
    assertThatThrownBy(() -> new LineReader(dir, StandardCharsets.UTF_8))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("is a directory");
    Path corrupt = Fixtures.writeBytes(dir.resolve("corrupt.gz"), new byte[] {0x1f, (byte) 0x8b, 9, 9, 9});
    assertThatThrownBy(() -> lines(corrupt)).isInstanceOf(DataFormatException.class).hasMessageContaining("corrupt.gz");
  }
}
