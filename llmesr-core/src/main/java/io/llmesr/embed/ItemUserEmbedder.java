package io.llmesr.embed;

import io.llmesr.prepare.Dataset;
import io.llmesr.text.PromptDiversity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code embed} step (docs/model.md §2.4–2.5, the notebooks {@code get_item_embedding} and
 * {@code get_user_embedding}): one vector per item prompt and per user prompt of a prepared dataset, stored
 * as the item table ({@code N+1} rows, row 0 = padding zeros, row {@code i} = item index {@code i}) and the
 * user table ({@code U} rows, row {@code u} = user index {@code u}) under {@code DATASET_DIR/embeddings/}.
 *
 * <p>Only texts missing from the {@link EmbeddingCache} are encoded, in batches, each batch appended to the
 * cache and forced to disk before the next one starts; the tables are assembled from the cache and written
 * atomically at the end. Hence a re-run with unchanged prompts encodes nothing, a run interrupted after K
 * batches resumes with batch K+1, and an interrupted run leaves the previous tables untouched. When the
 * assembled tables equal the ones on disk (same bytes and same manifest apart from the time stamp) nothing
 * is rewritten.
 *
 * <p>Every vector is checked (dimension, finite, not all zero) before it enters the cache.
 */
public final class ItemUserEmbedder {
  private static final Logger LOG = LoggerFactory.getLogger(ItemUserEmbedder.class);
  /** Tolerance on |norm - 1| under which a table is declared L2-normalised. */
  static final double UNIT_TOLERANCE = 1e-4;

  private ItemUserEmbedder() { }

  /**
   * Refuses prompts that would give (nearly) every item or user the same vector: LLM-ESR's semantic view,
   * similar users and distillation teacher would then be noise, and nothing downstream could tell.
   */
  static void checkDiversity(Dataset ds, EmbedOptions options) {
    PromptDiversity d = PromptDiversity.of(ds.itemPrompts(), ds.userPrompts(), null);
    List<String> problems = d.problems();
    if (problems.isEmpty()) return;
    if (options.allowDuplicatePrompts()) {
      for (String p : problems) LOG.warn("embedding anyway (--allow-duplicate-prompts): {}", p);
      return;
    }
    throw new IllegalArgumentException("refusing to embed " + ds.name() + ": " + String.join("; ", problems)
        + ". Pass --allow-duplicate-prompts to embed them anyway.");
  }

  /** {@link #embed(Dataset, TextEncoder, Path, EmbedOptions, EmbedProgress)} without progress reports. */
  public static EmbedResult embed(Dataset ds, TextEncoder encoder, Path datasetDir, EmbedOptions options)
      throws IOException {
    return embed(ds, encoder, datasetDir, options, EmbedProgress.NONE);
  }

  /**
   * Embeds every item and user prompt of {@code ds} with {@code encoder} into {@code datasetDir/embeddings/}.
   *
   * @throws IllegalArgumentException when the dataset lacks prompts, a prompt is empty, or the prompts are
   *                                  collapsed ({@link PromptDiversity#problems}) and
   *                                  {@link EmbedOptions#allowDuplicatePrompts} is off; nothing is written then
   * @throws EncoderException         when the encoder fails or returns an invalid vector (the cache keeps
   *                                  every batch finished before)
   */
  public static EmbedResult embed(Dataset ds, TextEncoder encoder, Path datasetDir, EmbedOptions options,
                                  EmbedProgress progress) throws IOException {
    long t0 = System.nanoTime();
    List<String> texts = collectTexts(ds);
    checkDiversity(ds, options);
    int n = ds.numItems();
    int u = ds.numUsers();
    EmbeddingManifest.EncoderInfo info = EmbeddingManifest.EncoderInfo.of(encoder);
    int d = info.dimension();
    String ekey = info.key();
    List<byte[]> keys = new ArrayList<>(texts.size());
    for (String t : texts) keys.add(Hashing.textKey(ekey, t));

    Files.createDirectories(EmbeddingLayout.dir(datasetDir));
    try (EmbeddingCache cache = EmbeddingCache.open(EmbeddingLayout.cache(datasetDir), info)) {
      Map<ByteBuffer, Integer> missing = new LinkedHashMap<>();
      java.util.Set<ByteBuffer> distinct = new java.util.HashSet<>();
      for (int p = 0; p < texts.size(); p++) {
        ByteBuffer k = ByteBuffer.wrap(keys.get(p));
        distinct.add(k);
        if (!missing.containsKey(k) && !cache.contains(keys.get(p))) missing.put(k, p);
      }
      int reused = distinct.size() - missing.size();
      LOG.info("{} distinct texts ({} items, {} users): {} cached, {} to encode with {}", distinct.size(), n, u,
          reused, missing.size(), info.name());
      encodeMissing(ds, encoder, cache, texts, keys, new ArrayList<>(missing.values()), d, options.batchSize(), progress);

      float[] items = new float[(n + 1) * d];
      int truncItems = fill(cache, keys, 0, n, items, d, d);
      float[] users = new float[u * d];
      int truncUsers = fill(cache, keys, n, u, users, 0, d);
      if (options.l2Normalise()) {
        for (int r = 1; r <= n; r++) VectorChecks.l2Normalise(items, r * d, d);
        for (int r = 0; r < u; r++) VectorChecks.l2Normalise(users, r * d, d);
      }
      String norm = allUnit(items, 1, n + 1, d) && allUnit(users, 0, u, d) ? EmbeddingManifest.L2 : EmbeddingManifest.NONE;
      String now = Instant.now().toString();
      EmbeddingManifest im = new EmbeddingManifest(EmbeddingManifest.FORMAT, EmbeddingManifest.FORMAT_VERSION, "items",
          "items.f32", EmbeddingManifest.DTYPE, n + 1, d,
          "row i = item index i (1..N); row 0 = padding, all zeros", options.itemIdMap(), info, norm,
          options.itemTemplate(), Hashing.sha256Texts(texts.subList(0, n)), truncItems, null,
          EmbedJson.createdBy(), now, Map.of("dataset", ds.name()));
      EmbeddingManifest um = new EmbeddingManifest(EmbeddingManifest.FORMAT, EmbeddingManifest.FORMAT_VERSION, "users",
          "users.f32", EmbeddingManifest.DTYPE, u, d,
          "row u = user index u (0..U-1), the user's order in the dataset", options.userIdMap(), info, norm,
          options.userTemplate(), Hashing.sha256Texts(texts.subList(n, n + u)), truncUsers, null,
          EmbedJson.createdBy(), now, Map.of("dataset", ds.name()));
      boolean wroteItems = writeIfChanged(new EmbeddingTable(n + 1, d, items, im), EmbeddingLayout.items(datasetDir));
      boolean wroteUsers = writeIfChanged(new EmbeddingTable(u, d, users, um), EmbeddingLayout.users(datasetDir));
      double secs = (System.nanoTime() - t0) / 1e9;
      return new EmbedResult(n, u, d, missing.size(), reused, truncItems, truncUsers, wroteItems || wroteUsers, norm,
          info.name() + " (" + info.version() + ")", secs);
    }
  }

  /** Item prompts 1..N then user prompts 0..U-1, checked non-empty. */
  static List<String> collectTexts(Dataset ds) {
    if (ds.itemPrompts() == null) {
      throw new IllegalArgumentException("dataset '" + ds.name() + "' has no item prompts; prepare it with item texts");
    }
    if (ds.userPrompts() == null) {
      throw new IllegalArgumentException("dataset '" + ds.name() + "' has no user prompts; prepare it with item texts");
    }
    List<String> texts = new ArrayList<>(ds.numItems() + ds.numUsers());
    for (int i = 1; i <= ds.numItems(); i++) {
      String t = ds.itemPrompts().get(i);
      if (t == null || t.isBlank()) {
        throw new IllegalArgumentException("item " + i + " (raw id '" + ds.itemIds().get(i) + "') has an empty prompt");
      }
      texts.add(t);
    }
    for (int v = 0; v < ds.numUsers(); v++) {
      String t = ds.userPrompts().get(v);
      if (t == null || t.isBlank()) {
        throw new IllegalArgumentException("user " + v + " (raw id '" + ds.userIds().get(v) + "') has an empty prompt");
      }
      texts.add(t);
    }
    return texts;
  }

  private static String describe(Dataset ds, int position) {
    int n = ds.numItems();
    return position < n ? "item " + (position + 1) + " (raw id '" + ds.itemIds().get(position + 1) + "')"
        : "user " + (position - n) + " (raw id '" + ds.userIds().get(position - n) + "')";
  }

  private static void encodeMissing(Dataset ds, TextEncoder encoder, EmbeddingCache cache, List<String> texts,
                                    List<byte[]> keys, List<Integer> positions, int d, int batchSize,
                                    EmbedProgress progress) throws IOException {
    progress.start("embedding", positions.size());
    try {
      for (int s = 0; s < positions.size(); s += batchSize) {
        List<Integer> batch = positions.subList(s, Math.min(positions.size(), s + batchSize));
        List<String> bt = new ArrayList<>(batch.size());
        List<byte[]> bk = new ArrayList<>(batch.size());
        for (int p : batch) {
          bt.add(texts.get(p));
          bk.add(keys.get(p));
        }
        EncodedTexts out = encoder.encodeDetailed(bt);
        if (out.vectors().length != bt.size()) {
          throw new EncoderException(encoder.name() + " returned " + out.vectors().length + " vectors for " + bt.size() + " texts");
        }
        for (int j = 0; j < bt.size(); j++) {
          String problem = VectorChecks.problem(out.vectors()[j], d);
          if (problem != null) {
            throw new EncoderException(encoder.name() + " returned an invalid vector for " + describe(ds, batch.get(j))
                + ": " + problem);
          }
        }
        cache.putAll(bk, out.vectors(), out.truncated());
        progress.advance(bt.size());
      }
    } finally {
      progress.finish();
    }
  }

  /** Copies rows {@code from..from+count-1} of the text list from the cache into {@code dst} at {@code dstOffset}. */
  private static int fill(EmbeddingCache cache, List<byte[]> keys, int from, int count, float[] dst, int dstOffset,
                          int d) throws IOException {
    boolean[] flag = new boolean[1];
    int truncated = 0;
    for (int r = 0; r < count; r++) {
      float[] v = cache.get(keys.get(from + r), flag);
      if (v == null) throw new IllegalStateException("text " + (from + r) + " missing from the cache after encoding");
      System.arraycopy(v, 0, dst, dstOffset + r * d, d);
      if (flag[0]) truncated++;
    }
    return truncated;
  }

  /** Whether rows {@code [from, to)} all have unit L2 norm within {@link #UNIT_TOLERANCE}. */
  static boolean allUnit(float[] data, int from, int to, int d) {
    for (int r = from; r < to; r++) {
      if (Math.abs(VectorChecks.norm(data, r * d, d) - 1.0) > UNIT_TOLERANCE) return false;
    }
    return true;
  }

  /**
   * Writes {@code table} unless the file already holds the same bytes with an equivalent manifest. Returns
   * whether it wrote.
   */
  static boolean writeIfChanged(EmbeddingTable table, Path file) throws IOException {
    Path mf = EmbeddingTable.manifestPath(file);
    if (Files.exists(file) && Files.exists(mf)) {
      try {
        EmbeddingManifest old = EmbedJson.read(mf, EmbeddingManifest.class);
        String sha = sha256Of(table.data());
        if (sha.equals(old.sha256()) && sameContent(old, table.manifest().withTable(file.getFileName().toString()))
            && Files.size(file) == 4L * table.data().length && sha.equals(Hashing.sha256(file))) {
          LOG.info("{} is up to date", file);
          return false;
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: existing manifest unreadable ({}); rewriting", mf, e.getMessage());
      }
    }
    table.write(file);
    LOG.info("wrote {} ({} x {})", file, table.rows(), table.dim());
    return true;
  }

  /** Manifests equal apart from sha256, createdBy and createdAt. */
  static boolean sameContent(EmbeddingManifest a, EmbeddingManifest b) {
    return Objects.equals(a.format(), b.format()) && a.formatVersion() == b.formatVersion()
        && Objects.equals(a.kind(), b.kind()) && Objects.equals(a.table(), b.table())
        && Objects.equals(a.dtype(), b.dtype()) && a.rows() == b.rows() && a.dim() == b.dim()
        && Objects.equals(a.rowIndex(), b.rowIndex()) && Objects.equals(a.idMap(), b.idMap())
        && Objects.equals(a.encoder(), b.encoder()) && Objects.equals(a.normalisation(), b.normalisation())
        && Objects.equals(a.promptTemplate(), b.promptTemplate()) && Objects.equals(a.textsSha256(), b.textsSha256())
        && a.truncatedTexts() == b.truncatedTexts() && Objects.equals(a.details(), b.details());
  }

  /** SHA-256 of {@code data} as it would be written (float32 little-endian). */
  static String sha256Of(float[] data) throws IOException {
    MessageDigest md = Hashing.sha256();
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
      LittleEndianIO.writeFloats(out, data);
    }
    return Hashing.hex(md.digest());
  }
}
