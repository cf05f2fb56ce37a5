package io.llmesr.embed;

import io.llmesr.data.DataFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reader (and writer) of NumPy {@code .npy} files holding a 2-D float matrix, the usual way to hand over
 * precomputed embeddings (e.g. the paper's {@code itm_emb_np.pkl} after {@code np.save}).
 *
 * <p>Format (numpy {@code lib/format.py}): magic {@code \x93NUMPY}, major and minor version bytes, header
 * length (uint16 little-endian for version 1, uint32 for 2 and 3), then a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (rows, cols), }} padded with spaces and a newline
 * (latin-1 for versions 1–2, UTF-8 for 3), then the raw data. Supported: versions 1, 2, 3; dtypes
 * {@code <f4} and {@code <f8} (float64 is rounded to float32); C order; 2-D shape. Anything else is
 * refused with a message saying what was found.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
  private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

  private Npy() { }

  /** A 2-D matrix read from a {@code .npy} file, as float32. */
  public record Matrix(int rows, int cols, float[] data, String dtype) { }

  /** Reads {@code file}; see the class comment for what is accepted. */
  public static Matrix read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      while (pre.hasRemaining() && ch.read(pre) > 0) { }
      pre.flip();
      if (pre.remaining() < 10) throw bad(file, "too short to be a .npy file (" + size + " bytes)");
      byte[] magic = new byte[6];
      pre.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw bad(file, "not a .npy file (no \\x93NUMPY magic); pickles (.pkl) must be converted with numpy.save");
      }
      int major = pre.get() & 0xff;
      int minor = pre.get() & 0xff;
      long headerLen;
      int prefix;
      if (major == 1) {
        headerLen = pre.getShort() & 0xffff;
        prefix = 10;
      } else if (major == 2 || major == 3) {
        if (pre.remaining() < 4) throw bad(file, "header length cut off");
        headerLen = pre.getInt() & 0xffffffffL;
        prefix = 12;
      } else {
        throw bad(file, "unsupported .npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
      }
      if (prefix + headerLen > size) throw bad(file, "header of " + headerLen + " bytes runs past the end of the file");
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      ch.position(prefix);
      while (hb.hasRemaining() && ch.read(hb) > 0) { }
      String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      Matcher d = DESCR.matcher(header);
      Matcher f = FORTRAN.matcher(header);
      Matcher s = SHAPE.matcher(header);
      if (!d.find() || !f.find() || !s.find()) throw bad(file, "header is not a numpy header dict: " + header.strip());
      String descr = d.group(1);
      int itemSize;
      if (descr.equals("<f4")) {
        itemSize = 4;
      } else if (descr.equals("<f8")) {
        itemSize = 8;
      } else {
        throw bad(file, "dtype '" + descr + "' is not supported; need little-endian float32 '<f4' or float64 '<f8'"
            + " (convert with arr.astype('<f4'))");
      }
      if (f.group(1).equals("True")) {
        throw bad(file, "Fortran (column-major) order is not supported; save a C-ordered array (np.ascontiguousarray)");
      }
      String[] dims = s.group(1).split(",");
      java.util.List<Long> shape = new java.util.ArrayList<>();
      for (String x : dims) {
        if (!x.isBlank()) shape.add(Long.parseLong(x.strip().replace("L", "")));
      }
      if (shape.size() != 2) {
        throw bad(file, "shape " + shape + " is not 2-D; need (rows, dimension)");
      }
      long rows = shape.get(0);
      long cols = shape.get(1);
      if (cols <= 0) throw bad(file, "shape " + shape + " has no columns");
      if (rows * cols > Integer.MAX_VALUE - 8) throw bad(file, "shape " + shape + " is too large");
      long dataStart = prefix + headerLen;
      long want = rows * cols * itemSize;
      if (size - dataStart != want) {
        throw bad(file, "shape " + shape + " of " + descr + " needs " + want + " data bytes but the file has "
            + (size - dataStart));
      }
      float[] out = new float[(int) (rows * cols)];
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      ch.position(dataStart);
      int i = 0;
      while (i < out.length) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), (long) (out.length - i) * itemSize));
        while (buf.hasRemaining()) {
          if (ch.read(buf) < 0) throw bad(file, "data ends early");
        }
        buf.flip();
        if (itemSize == 4) {
          int n = buf.remaining() / 4;
          buf.asFloatBuffer().get(out, i, n);
          i += n;
        } else {
          while (buf.remaining() >= 8) out[i++] = (float) buf.getDouble();
        }
      }
      return new Matrix((int) rows, (int) cols, out, descr);
    }
  }

  /** Writes a 2-D float32 matrix as a version-1 {@code .npy} ({@code <f4}, C order). */
  public static void writeF4(OutputStream out, int rows, int cols, float[] data) throws IOException {
    out.write(header(rows, cols, "<f4"));
    LittleEndianIO.writeFloats(out, data);
  }

  /** Writes a 2-D matrix as version-1 {@code .npy} with dtype {@code <f8}. */
  public static void writeF8(OutputStream out, int rows, int cols, double[] data) throws IOException {
    out.write(header(rows, cols, "<f8"));
    ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : data) b.putDouble(x);
    out.write(b.array());
  }

  /** A version-1 header for a C-ordered 2-D array, padded so the data starts at a multiple of 64. */
  public static byte[] header(int rows, int cols, String descr) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String h = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + h.length()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length()).put(h.getBytes(StandardCharsets.ISO_8859_1));
    return b.array();
  }

  private static DataFormatException bad(Path file, String problem) {
    return new DataFormatException(file, 0, null, problem);
  }
}
