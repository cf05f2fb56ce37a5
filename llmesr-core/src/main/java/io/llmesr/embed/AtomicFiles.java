package io.llmesr.embed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that readers see either the old or the new content, never a half-written file: the bytes
 * go to a temporary file in the same directory, are forced to disk, then renamed over the target.
 */
public final class AtomicFiles {
  private AtomicFiles() { }

  /** Writes what {@code body} produces to a temporary sibling of {@code target}; returns the temp path. */
  public static Path writeTemp(Path target, IoConsumer<OutputStream> body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      // createTempFile makes the file owner-only; a table is ordinary data others may read
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      body.accept(out);
      out.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /** Renames {@code tmp} over {@code target} atomically (falls back to a plain replace if unsupported). */
  public static void commit(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** {@link #writeTemp} then {@link #commit}. */
  public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
    commit(writeTemp(target, body), target);
  }

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

  /** A consumer that may throw {@link IOException}. */
  @FunctionalInterface
  public interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }
}
