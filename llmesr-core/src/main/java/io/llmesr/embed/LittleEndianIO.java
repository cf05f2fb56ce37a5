package io.llmesr.embed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads and writes raw arrays of little-endian float32 / int32 values (the embedding table files). */
final class LittleEndianIO {
  private LittleEndianIO() { }

  /** Writes {@code data} as float32 little-endian. */
  public static void writeFloats(OutputStream out, float[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.length; ) {
      buf.clear();
      int n = Math.min(data.length - i, buf.capacity() / 4);
      buf.asFloatBuffer().put(data, i, n);
      out.write(buf.array(), 0, n * 4);
      i += n;
    }
  }

  /** Writes {@code data} as int32 little-endian. */
  public static void writeInts(OutputStream out, int[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.length; ) {
      buf.clear();
      int n = Math.min(data.length - i, buf.capacity() / 4);
      buf.asIntBuffer().put(data, i, n);
      out.write(buf.array(), 0, n * 4);
      i += n;
    }
  }

  /** Reads a whole file of float32 little-endian values. */
  public static float[] readFloats(Path file, long count) throws IOException {
    if (count > Integer.MAX_VALUE - 8) throw new IOException(file + ": too many values (" + count + ")");
    float[] out = new float[(int) count];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      int i = 0;
      while (i < out.length) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), (long) (out.length - i) * 4));
        while (buf.hasRemaining()) {
          if (ch.read(buf) < 0) throw new IOException(file + ": ends after " + i + " of " + count + " values");
        }
        buf.flip();
        int n = buf.remaining() / 4;
        buf.asFloatBuffer().get(out, i, n);
        i += n;
      }
    }
    return out;
  }

  /** Reads a whole file of int32 little-endian values. */
  public static int[] readInts(Path file, long count) throws IOException {
    if (count > Integer.MAX_VALUE - 8) throw new IOException(file + ": too many values (" + count + ")");
    int[] out = new int[(int) count];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      int i = 0;
      while (i < out.length) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), (long) (out.length - i) * 4));
        while (buf.hasRemaining()) {
          if (ch.read(buf) < 0) throw new IOException(file + ": ends after " + i + " of " + count + " values");
        }
        buf.flip();
        int n = buf.remaining() / 4;
        buf.asIntBuffer().get(out, i, n);
        i += n;
      }
    }
    return out;
  }
}
