package io.llmesr.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFileTest {
  @TempDir
  Path tmp;

  @Test
  void roundTripIsExactAndLittleEndian() throws IOException {
    Map<String, TensorFile.Tensor> m = new LinkedHashMap<>();
    m.put("a", new TensorFile.Tensor(new long[] {2, 2}, new float[] {1f, -2.5f, Float.MIN_VALUE, 3e38f}));
    m.put("b", new TensorFile.Tensor(new long[] {3}, new float[] {0.1f, 0.2f, 0.3f}));
    TensorFile.write(tmp, "t", m);
    byte[] raw = Files.readAllBytes(tmp.resolve("t.bin"));
    assertThat(raw).hasSize(7 * 4);
    assertThat(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getFloat(4)).isEqualTo(-2.5f);
    Map<String, TensorFile.Tensor> back = TensorFile.read(tmp, "t");
    assertThat(back.keySet()).containsExactly("a", "b");
    assertThat(back.get("a").values()).containsExactly(1f, -2.5f, Float.MIN_VALUE, 3e38f);
    assertThat(back.get("b").shape()).containsExactly(3);
  }

  @Test
  void corruptionIsReportedWithTheFile() throws IOException {
    TensorFile.write(tmp, "t", Map.of("a", new TensorFile.Tensor(new long[] {2}, new float[] {1f, 2f})));
    byte[] raw = Files.readAllBytes(tmp.resolve("t.bin"));
    raw[0] ^= 1;
    Files.write(tmp.resolve("t.bin"), raw);
    assertThatThrownBy(() -> TensorFile.read(tmp, "t")).hasMessageContaining("t.bin").hasMessageContaining("SHA-256");
    Files.write(tmp.resolve("t.bin"), new byte[4]);
    assertThatThrownBy(() -> TensorFile.read(tmp, "t")).hasMessageContaining("4 bytes").hasMessageContaining("needs 8");
  }

  @Test
  void parameterStoreLoadRestoresExactlyAndRejectsMismatches() throws IOException {
    try (ai.djl.ndarray.NDManager root = ai.djl.ndarray.NDManager.newBaseManager()) {
      ModelSpec spec = new ModelSpec(Backbone.SASREC, 20, 8, 6, 1, 1, 0.5f, Masking.NONE, false);
      ParameterStore a = new ParameterStore(root.newSubManager(), 1);
      PlainModelFactory.build(spec, a);
      ParameterStore b = new ParameterStore(root.newSubManager(), 2);
      PlainModelFactory.build(spec, b);
      TensorFile.write(tmp, "params", a.snapshot());
      b.load(TensorFile.read(tmp, "params"));
      for (ParameterStore.Param p : a.all()) {
        assertThat(b.get(p.name()).array().toFloatArray()).containsExactly(p.array().toFloatArray());
      }
      ParameterStore c = new ParameterStore(root.newSubManager(), 3);
      PlainModelFactory.build(new ModelSpec(Backbone.SASREC, 21, 8, 6, 1, 1, 0.5f, Masking.NONE, false), c);
      assertThatThrownBy(() -> c.load(TensorFile.read(tmp, "params"))).hasMessageContaining("item_emb")
          .hasMessageContaining("shape");
    }
  }
}
