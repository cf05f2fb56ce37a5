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
    float[] out = new float[checkedCount(file, count)];
    readChunks(file, count, (buf, at, n) -> buf.asFloatBuffer().get(out, at, n));
    return out;
  }

  /** Reads a whole file of int32 little-endian values. */
  public static int[] readInts(Path file, long count) throws IOException {
    int[] out = new int[checkedCount(file, count)];
    readChunks(file, count, (buf, at, n) -> buf.asIntBuffer().get(out, at, n));
    return out;
  }

  /** Receives {@code n} 4-byte values from {@code buf}, to be stored from index {@code at}. */
  private interface Chunk {
    void take(ByteBuffer buf, int at, int n);
  }

  private static int checkedCount(Path file, long count) throws IOException {
    if (count > Integer.MAX_VALUE - 8) throw new IOException(file + ": too many values (" + count + ")");
    return (int) count;
  }

  /** Streams {@code count} 4-byte little-endian values of {@code file} through a 1 MB buffer into {@code sink}. */
  private static void readChunks(Path file, long count, Chunk sink) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      int i = 0;
      while (i < count) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), (count - i) * 4));
        while (buf.hasRemaining()) {
          if (ch.read(buf) < 0) throw new IOException(file + ": ends after " + i + " of " + count + " values");
        }
        buf.flip();
        int n = buf.remaining() / 4;
        sink.take(buf, i, n);
        i += n;
      }
    }
  }
}
