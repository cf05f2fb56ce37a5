package io.llmesr.embed;

import io.llmesr.ann.HnswIndex;
import io.llmesr.ann.HnswParams;
import io.llmesr.data.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HNSW graph of a dataset's user table, kept beside it ({@link EmbeddingLayout#userIndex}) so that a later
 * similar-users run (another {@code --top}, another {@code --hnsw-ef-search}) skips the build. The graph is reused
 * when its manifest names the same user table (SHA-256), shape, {@code m}, {@code efConstruction} and seed and the
 * graph file's SHA-256 matches; otherwise it is rebuilt and replaced (graph and manifest written to temporary files
 * and renamed, so a crash leaves the old pair or the new one).
 */
final class UserIndexStore {
  private static final Logger LOG = LoggerFactory.getLogger(UserIndexStore.class);

  private UserIndexStore() { }

  /** An index and whether it was read from disk. */
  record Loaded(HnswIndex index, UserIndexManifest manifest, boolean reused) { }

  /**
   * The stored graph when it fits the table and parameters, else a new one (stored before it is returned).
   *
   * @param unit the table's L2-normalised rows
   */
  static Loaded loadOrBuild(Path datasetDir, EmbeddingTable users, float[][] unit, HnswParams params, int threads)
      throws IOException {
    Path gp = EmbeddingLayout.userIndex(datasetDir);
    Path mp = EmbeddingLayout.userIndexManifest(datasetDir);
    String sourceSha = users.manifest() == null ? Hashing.sha256(EmbeddingLayout.users(datasetDir)) : users.manifest().sha256();
    String why = staleReason(mp, gp, sourceSha, users, params);
    if (why == null) {
      UserIndexManifest m = EmbedJson.read(mp, UserIndexManifest.class);
      try (InputStream in = Files.newInputStream(gp);
           DataInputStream d = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
        HnswIndex index = HnswIndex.read(d, unit, users.dim(), params);
        LOG.info("reusing the HNSW graph {} (user table unchanged)", gp.getFileName());
        return new Loaded(index, m, true);
      } catch (IOException e) {
        why = "it cannot be read (" + e.getMessage() + ")";
      }
    }
    LOG.info("building the HNSW graph of {} users (m {}, efConstruction {}, {} threads): {}", users.rows(), params.m(),
        params.efConstruction(), threads, why);
    HnswIndex index = HnswIndex.build(unit, users.dim(), params, threads);
    MessageDigest md = Hashing.sha256();
    Files.createDirectories(gp.getParent());
    try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
      batch.add(gp, out -> {
        DataOutputStream d = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(out, md), 1 << 16));
        index.write(d);
        d.flush();
      });
      UserIndexManifest m = new UserIndexManifest(UserIndexManifest.FORMAT, users.rows(), users.dim(), params.m(),
          params.efConstruction(), HnswParams.SEED, threads, HnswIndex.library(), gp.getFileName().toString(),
          Hashing.hex(md.digest()), EmbeddingLayout.users(datasetDir).getFileName().toString(), sourceSha,
          EmbedJson.createdBy(), Instant.now().toString());
      batch.add(mp, out -> out.write(EmbedJson.bytes(m)));
      batch.commit();
      return new Loaded(index, m, false);
    }
  }

  /** Why the stored graph cannot be reused, or {@code null} when it can. */
  private static String staleReason(Path mp, Path gp, String sourceSha, EmbeddingTable users, HnswParams p)
      throws IOException {
    if (!Files.exists(mp) || !Files.exists(gp)) return "no stored graph";
    UserIndexManifest m;
    try {
      m = EmbedJson.read(mp, UserIndexManifest.class);
    } catch (IOException e) {
      return "its manifest is unreadable";
    }
    if (!UserIndexManifest.FORMAT.equals(m.format())) return "its manifest has format '" + m.format() + "'";
    if (!Objects.equals(m.sourceSha256(), sourceSha)) return "the user table changed";
    if (m.users() != users.rows() || m.dim() != users.dim()) return "the user table changed shape";
    if (m.m() != p.m() || m.efConstruction() != p.efConstruction() || m.seed() != HnswParams.SEED) {
      return "it was built with m " + m.m() + ", efConstruction " + m.efConstruction();
    }
    if (!Objects.equals(m.graphSha256(), Hashing.sha256(gp))) return "the graph file differs from its manifest";
    return null;
  }
}
