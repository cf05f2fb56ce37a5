package io.llmesr.embed;

import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed store of encoder outputs, so that re-running {@code embed}, or adding items, encodes only
 * texts it has not seen, and an interrupted run resumes where it stopped.
 *
 * <p>Layout: one directory per encoder vector space, {@code cache/<first 16 hex of encoderKey>/}, holding
 * {@code encoder.json} (name, version, dimension — for people) and {@code vectors.log}, an append-only log:
 * <pre>
 * header  : 8 bytes "LLMESRC1", int32 format version (1), int32 dim, 16 bytes reserved      (32 bytes)
 * record  : int32 magic 0x4C454331, 32-byte key, int32 flags (bit 0 = text was truncated),
 *           dim x float32 vector, int32 CRC-32 of the preceding bytes of the record    (44 + 4*dim bytes)
 * </pre>
 * all little-endian; the key is {@link Hashing#textKey}. Records are appended one batch at a time and the
 * file is forced to disk after each batch. When opened, a trailing partial record (a write torn by a crash)
 * is cut off, and a record whose CRC does not match is ignored; both are logged. A later record for the same
 * key wins. A file lock keeps two processes from appending at once.
 */
final class EmbeddingCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);
  private static final byte[] HEADER_MAGIC = "LLMESRC1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = 32;
  private static final int RECORD_MAGIC = 0x4C454331;
  static final String LOG_FILE = "vectors.log";

  private final Path file;
  private final int dim;
  private final int recordBytes;
  private final FileChannel channel;
  private final FileLock lock;
  private final Map<Key, Long> index = new HashMap<>();
  private long end;
  private int droppedTorn;
  private int droppedCorrupt;

  private EmbeddingCache(Path file, int dim, FileChannel channel, FileLock lock) {
    this.file = file;
    this.dim = dim;
    this.recordBytes = 44 + 4 * dim;
    this.channel = channel;
    this.lock = lock;
  }

  /** The directory of the cache for {@code encoder} under {@code cacheRoot}. */
  public static Path directory(Path cacheRoot, EmbeddingManifest.EncoderInfo encoder) {
    return cacheRoot.resolve(encoder.key().substring(0, 16));
  }

  /**
   * Opens (creating if needed) the cache of {@code encoder} under {@code cacheRoot}, scanning the log.
   *
   * @throws IOException when another process holds the cache, or the log belongs to another dimension
   */
  public static EmbeddingCache open(Path cacheRoot, EmbeddingManifest.EncoderInfo encoder) throws IOException {
    Path dir = directory(cacheRoot, encoder);
    Files.createDirectories(dir);
    Path info = dir.resolve("encoder.json");
    if (!Files.exists(info)) AtomicFiles.writeBytes(info, EmbedJson.bytes(encoder));
    Path file = dir.resolve(LOG_FILE);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IOException(file + ": locked by another running embed; wait for it to finish");
    }
    EmbeddingCache c = new EmbeddingCache(file, encoder.dimension(), ch, lock);
    try {
      c.load();
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void load() throws IOException {
    long size = channel.size();
    if (size < HEADER_BYTES) {
      if (size > 0) LOG.warn("{}: header torn ({} bytes); starting the cache afresh", file, size);
      channel.truncate(0);
      ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      h.put(HEADER_MAGIC).putInt(1).putInt(dim);
      h.position(HEADER_BYTES).flip();
      channel.write(h, 0);
      channel.force(true);
      end = HEADER_BYTES;
      return;
    }
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(h, 0);
    h.flip();
    byte[] magic = new byte[8];
    h.get(magic);
    int version = h.getInt();
    int fileDim = h.getInt();
    if (!java.util.Arrays.equals(magic, HEADER_MAGIC) || version != 1) {
      throw new IOException(file + ": not an llmesr embedding cache (bad header); delete the cache directory");
    }
    if (fileDim != dim) {
      throw new IOException(file + ": cache holds " + fileDim + "-d vectors, encoder has " + dim);
    }
    long full = (size - HEADER_BYTES) / recordBytes;
    long usable = HEADER_BYTES + full * recordBytes;
    if (usable != size) {
      droppedTorn = 1;
      LOG.warn("{}: dropping a torn last record ({} trailing bytes), probably from an interrupted run", file,
          size - usable);
      channel.truncate(usable);
      channel.force(true);
    }
    ByteBuffer buf = ByteBuffer.allocateDirect(recordBytes * 256).order(ByteOrder.LITTLE_ENDIAN);
    byte[] rec = new byte[recordBytes];
    CRC32 crc = new CRC32();
    long pos = HEADER_BYTES;
    while (pos < usable) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), usable - pos));
      readFully(buf, pos);
      buf.flip();
      while (buf.remaining() >= recordBytes) {
        buf.get(rec);
        ByteBuffer r = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
        crc.reset();
        crc.update(rec, 0, recordBytes - 4);
        int stored = r.getInt(recordBytes - 4);
        if (r.getInt(0) != RECORD_MAGIC || (int) crc.getValue() != stored) {
          droppedCorrupt++;
        } else {
          index.put(Key.of(rec, 4), pos);
        }
        pos += recordBytes;
      }
    }
    if (droppedCorrupt > 0) LOG.warn("{}: ignored {} records with a bad checksum", file, droppedCorrupt);
    end = usable;
  }

  private void readFully(ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = channel.read(b, pos);
      if (n < 0) throw new IOException(file + ": unexpected end at " + pos);
      pos += n;
    }
  }

  /** Number of distinct texts cached. */
  public int size() {
    return index.size();
  }

  /** Records dropped when opening: torn last record (0 or 1) and checksum failures. */
  public int droppedRecords() {
    return droppedTorn + droppedCorrupt;
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  /** Whether a vector for {@code key} (32 bytes) is cached. */
  public boolean contains(byte[] key) {
    return index.containsKey(Key.of(key, 0));
  }

  /**
   * The cached vector of {@code key}, or {@code null}.
   *
   * @param truncatedOut if non-null, element 0 receives the truncation flag
   */
  public float[] get(byte[] key, boolean[] truncatedOut) throws IOException {
    Long pos = index.get(Key.of(key, 0));
    if (pos == null) return null;
    ByteBuffer b = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
    readFully(b, pos);
    b.flip();
    b.position(36);
    int flags = b.getInt();
    if (truncatedOut != null) truncatedOut[0] = (flags & 1) != 0;
    float[] v = new float[dim];
    b.asFloatBuffer().get(v);
    return v;
  }

  /**
   * Appends one batch of vectors and forces them to disk. Either all records of the batch reach the file
   * or, after a crash, the reader drops the torn tail.
   */
  public void putAll(List<byte[]> keys, float[][] vectors, boolean[] truncated) throws IOException {
    if (keys.size() != vectors.length || vectors.length != truncated.length) {
      throw new IllegalArgumentException("keys, vectors and flags differ in length");
    }
    ByteBuffer b = ByteBuffer.allocate(recordBytes * keys.size()).order(ByteOrder.LITTLE_ENDIAN);
    CRC32 crc = new CRC32();
    for (int i = 0; i < keys.size(); i++) {
      float[] v = vectors[i];
      if (v.length != dim) throw new IllegalArgumentException("vector " + i + " has " + v.length + " dims, cache " + dim);
      int start = b.position();
      b.putInt(RECORD_MAGIC).put(keys.get(i)).putInt(truncated[i] ? 1 : 0);
      for (float x : v) b.putFloat(x);
      crc.reset();
      crc.update(b.array(), start, recordBytes - 4);
      b.putInt((int) crc.getValue());
    }
    b.flip();
    long pos = end;
    while (b.hasRemaining()) pos += channel.write(b, pos);
    channel.force(false);
    for (int i = 0; i < keys.size(); i++) index.put(Key.of(keys.get(i), 0), end + (long) i * recordBytes);
    end = pos;
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock != null && lock.isValid()) lock.release();
    } finally {
      channel.close();
    }
  }

  /** A 32-byte SHA-256 as four longs (hash-map key). */
  private record Key(long a, long b, long c, long d) {
    static Key of(byte[] bytes, int off) {
      ByteBuffer bb = ByteBuffer.wrap(bytes, off, 32);
      return new Key(bb.getLong(), bb.getLong(), bb.getLong(), bb.getLong());
    }
  }
}
