package io.llmesr.data.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes files and replaces directories so that readers see either the complete old content or the complete new
 * content, never a half-written file, and so that a failed write leaves nothing behind.
 *
 * <p><b>Files</b> ({@link #write}, {@link #writeBytes}, {@link #writeString}, {@link Batch}): the content goes to a
 * hidden temporary sibling of the target in the same directory ({@code .NAME.tmp-<uuid>}), is flushed and forced to
 * disk ({@code fsync}), then renamed over the target with {@code ATOMIC_MOVE} (falling back to a plain
 * {@code REPLACE_EXISTING} move on file systems that cannot rename atomically). Guarantees:
 * <ul>
 *   <li>if the method returns normally, the target holds exactly the new content;</li>
 *   <li>if it throws (the body failed, the disk is full, the rename failed, ...), the target is unchanged (old
 *       content, or still absent) and the temporary file has been deleted;</li>
 *   <li>the file is created like any normally created file: its permissions follow the process umask (typically
 *       {@code 0644}), not the owner-only {@code 0600} of {@link Files#createTempFile}. Replacing a file does not
 *       keep the old file's permissions.</li>
 * </ul>
 * Missing parent directories of the target are created.
 *
 * <p><b>Directories</b> ({@link #createStagingDirectory}, {@link #replaceDirectory}): a directory is written in full
 * into a staging sibling and then swapped in by renames; see {@link #replaceDirectory} for what a failure leaves.
 *
 * <p>All methods are safe to call concurrently for different targets; concurrent writers of the same target race
 * (the last rename wins, each reader still sees one complete version).
 */
public final class AtomicFiles {
  private static final int BUFFER = 1 << 16;

  private AtomicFiles() { }

  /** A consumer that may throw {@link IOException}; writes a file's content. */
  @FunctionalInterface
  public interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }

  // ------------------------------------------------------------------------------------------- files

  /**
   * Writes what {@code body} produces to {@code target} atomically (see the class comment for the guarantees).
   * The stream given to {@code body} is buffered; {@code body} need not flush it and may close it (closing only
   * flushes; the file is closed here).
   */
  public static void write(Path target, IoConsumer<? super OutputStream> body) throws IOException {
    Path tmp = writeTemp(target, body);
    try {
      commit(tmp, target);
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(tmp, e);
      throw e;
    }
  }

  /** Writes {@code content} to {@code target} atomically. */
  public static void writeBytes(Path target, byte[] content) throws IOException {
    write(target, out -> out.write(content));
  }

  /** Writes {@code content} as UTF-8 to {@code target} atomically. */
  public static void writeString(Path target, String content) throws IOException {
    writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Several files written first and renamed into place together, for files that must agree (a table and the
   * manifest that describes it): no target changes unless every file was written completely. Use with
   * try-with-resources; {@link #close} deletes the temporary files of a batch that was not committed.
   * <pre>{@code
   * try (AtomicFiles.Batch b = AtomicFiles.batch()) {
   *   b.add(table, out -> ...);
   *   b.add(manifest, out -> ...);
   *   b.commit();
   * }
   * }</pre>
   * {@link #commit} renames in the order the files were added; each rename is atomic, the batch as a whole is not
   * (if the second rename fails, the first target already holds its new content), so add the file that makes the
   * others valid (a manifest) last. Not thread-safe.
   */
  public static final class Batch implements AutoCloseable {
    private record Pending(Path tmp, Path target) { }

    private final List<Pending> pending = new ArrayList<>();

    private Batch() { }

    /** Writes {@code target}'s new content to a temporary file; the target is untouched until {@link #commit}. */
    public Batch add(Path target, IoConsumer<? super OutputStream> body) throws IOException {
      pending.add(new Pending(writeTemp(target, body), target));
      return this;
    }

    /** Renames every written file over its target, in the order added. */
    public void commit() throws IOException {
      while (!pending.isEmpty()) {
        Pending p = pending.get(0);
        AtomicFiles.commit(p.tmp(), p.target());
        pending.remove(0);
      }
    }

    /** Deletes the temporary files not yet renamed (all of them unless {@link #commit} ran). */
    @Override
    public void close() throws IOException {
      IOException failure = null;
      for (Pending p : pending) {
        try {
          Files.deleteIfExists(p.tmp());
        } catch (IOException e) {
          if (failure == null) failure = e; else failure.addSuppressed(e);
        }
      }
      pending.clear();
      if (failure != null) throw failure;
    }
  }

  /** A new, empty {@link Batch}. */
  public static Batch batch() {
    return new Batch();
  }

  /** Writes {@code body}'s output to a new hidden temporary sibling of {@code target}, forced to disk. */
  private static Path writeTemp(Path target, IoConsumer<? super OutputStream> body) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    removeStaleTemps(target);
    Path tmp = dir.resolve(tempName(target, "tmp"));
    // CREATE_NEW without file attributes: permissions as for any new file (umask), unlike createTempFile's 0600
    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      try (ch) {
        BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER);
        body.accept(new NonClosing(buffered));
        buffered.flush();
        ch.force(true);
      }
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(tmp, e); // after closing: some platforms cannot delete an open file
      throw e;
    }
    return tmp;
  }

  /** Renames {@code tmp} over {@code target}, atomically where the file system can, then syncs the directory. */
  private static void commit(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(parentOf(target));
  }

  /** Best effort: makes the rename durable. Not every platform can open a directory for syncing. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not supported here (e.g. Windows); the rename itself is still atomic
    }
  }

  // ------------------------------------------------------------------------------------- directories

  /**
   * Creates an empty hidden staging directory {@code .NAME.tmp-<uuid>} next to {@code target} (creating the parent
   * if needed), to be filled and then passed to {@link #replaceDirectory}.
   */
  public static Path createStagingDirectory(Path target) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    removeStaleTemps(target);
    return Files.createDirectory(dir.resolve(tempName(target, "tmp")));
  }

  /**
   * Puts the fully written directory {@code staged} (a sibling of {@code target}, same file system) in place of
   * {@code target}. If {@code target} does not exist, {@code staged} is renamed to it. Otherwise the old directory is
   * renamed aside to {@code .NAME.old-<uuid>}, {@code staged} renamed in, and the old one deleted; if renaming
   * {@code staged} in fails, the old directory is renamed back.
   *
   * <p>On failure {@code staged} is deleted and {@code target} is left as it was (still absent, or the old
   * directory). Only if renaming the old directory back fails too does it stay under its {@code .NAME.old-<uuid>}
   * name (reported as a suppressed exception). A crash in between leaves either the old or the new directory under
   * {@code target}, or the old one under its {@code .old-} name.
   *
   * @return whether an existing {@code target} was replaced
   */
  public static boolean replaceDirectory(Path staged, Path target) throws IOException {
    try {
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        moveDirectory(staged, target);
        return false;
      }
      Path old = parentOf(target).resolve(tempName(target, "old"));
      moveDirectory(target, old);
      try {
        moveDirectory(staged, target);
      } catch (IOException | RuntimeException | Error e) {
        try {
          moveDirectory(old, target);
        } catch (IOException | RuntimeException r) {
          e.addSuppressed(new IOException("could not restore " + target + "; the old directory is " + old, r));
        }
        throw e;
      }
      deleteRecursively(old);
      return true;
    } catch (IOException | RuntimeException | Error e) {
      try {
        deleteRecursively(staged);
      } catch (IOException | RuntimeException d) {
        e.addSuppressed(d);
      }
      throw e;
    }
  }

  /** Deletes a file or a directory tree, if it exists (symbolic links are deleted, not followed). */
  public static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }

  private static void moveDirectory(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot move " + from + " to " + to + ": target appeared meanwhile", e);
    }
  }

  // --------------------------------------------------------------------------------------- helpers

  private static Path parentOf(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || target.getFileName() == null) throw new IOException("not a file path: " + target);
    return parent;
  }

  /** {@code .NAME.KIND-<uuid>}: hidden, unique, recognisably derived from the target. */
  /** {@code .NAME.KIND-<pid>-<uuid>}: the writer's process id lets a later writer tell a dead writer's leftovers. */
  private static String tempName(Path target, String kind) {
    return "." + target.getFileName() + "." + kind + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
  }

  /**
   * Deletes the temporary siblings of {@code target} ({@code .NAME.tmp-<pid>-...}) that a process killed while writing
   * left behind: those whose process is no longer alive. A live writer's temporary files are never touched.
   */
  static void removeStaleTemps(Path target) throws IOException {
    Path dir = parentOf(target);
    String prefix = "." + target.getFileName() + ".tmp-";
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.forEach(p -> {
        String n = p.getFileName().toString();
        if (!n.startsWith(prefix)) return;
        int dash = n.indexOf('-', prefix.length());
        if (dash < 0) return;
        long pid;
        try {
          pid = Long.parseLong(n.substring(prefix.length(), dash));
        } catch (NumberFormatException e) {
          return;
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return;
        stale.add(p);
      });
    }
    for (Path p : stale) deleteRecursively(p);
  }

  private static void deleteQuietly(Path p, Throwable cause) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException | RuntimeException d) {
      cause.addSuppressed(d);
    }
  }

  /** Lets a body close "its" stream (as encoders and compressors do) without closing the file under it. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
