package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmesr.data.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  /** A .npy with an arbitrary header dict and version, like numpy writes it (hand-built bytes). */
  static byte[] npy(int major, String dict, byte[] data) {
    String h = dict;
    int prefix = major == 1 ? 10 : 12;
    int pad = (64 - (prefix + h.length() + 1) % 64) % 64;
    h = h + " ".repeat(pad) + "\n";
    byte[] hb = h.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(prefix + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) b.putShort((short) hb.length); else b.putInt(hb.length);
    b.put(hb).put(data);
    return b.array();
  }

  static byte[] f4(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) b.putFloat(x);
    return b.array();
  }

  static byte[] f8(double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) b.putDouble(x);
    return b.array();
  }

  Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsFloat32AndFloat64InAllThreeVersions() throws IOException {
    String d4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    String d8 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
    for (int v = 1; v <= 3; v++) {
      Npy.Matrix m = Npy.read(write("a" + v + ".npy", npy(v, d4, f4(1, 2, 3, 4, 5, 6))));
      assertThat(m.rows()).isEqualTo(2);
      assertThat(m.cols()).isEqualTo(3);
      assertThat(m.data()).containsExactly(1, 2, 3, 4, 5, 6);
      Npy.Matrix m8 = Npy.read(write("b" + v + ".npy", npy(v, d8, f8(0.1, 2, 3, 4, 5, 1e-3))));
      assertThat(m8.data()).containsExactly(0.1f, 2, 3, 4, 5, 1e-3f);
      assertThat(m8.dtype()).isEqualTo("<f8");
    }
  }

  @Test
  void writerRoundTrips() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.writeF4(out, 3, 2, new float[] {1, -2, 3.5f, 4, 5, 6});
    byte[] b = out.toByteArray();
    assertThat((b.length - 6 * 4) % 64).isZero(); // data aligned like numpy does
    assertThat(Npy.read(write("w.npy", b)).data()).containsExactly(1, -2, 3.5f, 4, 5, 6);
  }

  @Test
  void refusesWhatItCannotRead() throws IOException {
    assertThatThrownBy(() -> Npy.read(write("f.npy", npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", f4(1, 2, 3, 4)))))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("Fortran");
    assertThatThrownBy(() -> Npy.read(write("i.npy", npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2), }", f8(1, 2)))))
        .hasMessageContaining("dtype '<i8' is not supported");
    assertThatThrownBy(() -> Npy.read(write("be.npy", npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }", f4(1, 2)))))
        .hasMessageContaining("dtype '>f4'");
    assertThatThrownBy(() -> Npy.read(write("s1.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", f4(1, 2, 3, 4)))))
        .hasMessageContaining("not 2-D");
    assertThatThrownBy(() -> Npy.read(write("s3.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 2), }", f4(1, 2, 3, 4)))))
        .hasMessageContaining("not 2-D");
    assertThatThrownBy(() -> Npy.read(write("short.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", f4(1, 2, 3)))))
        .hasMessageContaining("needs 16 data bytes but the file has 12");
    assertThatThrownBy(() -> Npy.read(write("x.pkl", "\u0080\u0004not numpy".getBytes(StandardCharsets.ISO_8859_1))))
        .hasMessageContaining("not a .npy file").hasMessageContaining("x.pkl");

  }
}
