package io.llmesr.prepare;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmesr.data.DataFormatException;
import io.llmesr.data.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes and reads dataset directories (format: {@code docs/dataset-format.md}).
 *
 * <p>Writes are atomic: the whole directory is built in a hidden temporary sibling
 * ({@code .NAME.tmp-<random>}) and renamed into place; an existing dataset is renamed away
 * ({@code .NAME.old-<random>}), the new one renamed in, then the old one deleted. If anything fails
 * before the final rename, the temporary directory is deleted and any existing dataset is untouched.
 *
 * <p>Other tools add subdirectories to a dataset directory ({@code embeddings/}, {@code eval/}, ...).
 * Those are derived from the dataset; {@link #write} refuses to replace a dataset that holds any of them
 * unless {@code force} is set, and says what changed.
 */
public final class DatasetIO {
  public static final String MANIFEST = "manifest.json";
  public static final String USERS = "users.tsv";
  public static final String ITEMS = "items.tsv";
  public static final String SEQUENCES = "sequences.tsv";
  public static final String SPLITS = "splits.tsv";
  public static final String TIMESTAMPS = "timestamps.bin";
  public static final String ITEM_FIELDS = "item_fields.jsonl";
  public static final String ITEM_PROMPTS = "item_prompts.jsonl";
  public static final String USER_PROMPTS = "user_prompts.jsonl";
  public static final String ITEM_POPULARITY = "item_popularity.tsv";
  public static final String STATS = "stats.json";
  /** Items taken out by {@code --hold-out-new-items} (only then): raw id, first time, fields. */
  public static final String HELD_OUT_ITEMS = "held_out_items.jsonl";
  /** Users whose last item was held out: raw user id, history (raw ids), target (only with a hold-out). */
  public static final String HELD_OUT_TARGETS = "held_out_targets.jsonl";
  /** Every file {@code prepare} writes; anything else in a dataset directory is derived data. */
  public static final Set<String> OWN_FILES = Set.of(MANIFEST, USERS, ITEMS, SEQUENCES, SPLITS, TIMESTAMPS,
      ITEM_FIELDS, ITEM_PROMPTS, USER_PROMPTS, ITEM_POPULARITY, STATS, HELD_OUT_ITEMS, HELD_OUT_TARGETS);

  private DatasetIO() { }

  /** What {@link #write} did. */
  public enum Outcome { CREATED, REPLACED, UP_TO_DATE }

  /** Called after each file is complete in the temporary directory (tests inject failures here). */
  @FunctionalInterface
  interface FileHook {
    void written(String file) throws IOException;
  }

  /** Thrown when a dataset directory cannot be replaced without losing derived data or foreign files. */
  public static final class ReplaceRefusedException extends IOException {
    public ReplaceRefusedException(String message) {
      super(message);
    }
  }

  // ------------------------------------------------------------------------------------------ write

  /**
   * Writes {@code p} to directory {@code out} atomically.
   *
   * @param force replace an existing dataset even if it holds derived subdirectories (they are deleted)
   * @return {@link Outcome#UP_TO_DATE} (nothing written) when {@code out} already holds a complete dataset
   *         with the same fingerprint; never for a dataset without input files (in-memory sources), whose
   *         content cannot be identified by hashes
   */
  public static Outcome write(PreparedDataset p, Path out, boolean force) throws IOException {
    return write(p, out, force, file -> { });
  }

  static Outcome write(PreparedDataset p, Path out, boolean force, FileHook hook) throws IOException {
    out = out.toAbsolutePath().normalize();
    boolean hashedInputs = !p.manifest().source().files().isEmpty();
    if (hashedInputs && isUpToDate(out, p.manifest().fingerprint())) return Outcome.UP_TO_DATE;
    checkReplaceable(out, p.manifest(), force);
    Path tmp = AtomicFiles.createStagingDirectory(out);
    try {
      writeFiles(p, tmp, hook);
    } catch (IOException | RuntimeException | Error e) {
      AtomicFiles.deleteRecursively(tmp);
      throw e;
    }
    return AtomicFiles.replaceDirectory(tmp, out) ? Outcome.REPLACED : Outcome.CREATED;
  }

  /**
   * Whether {@code dir} holds a complete dataset with this fingerprint (all files present, same format
   * version), so that preparing again would produce the same content.
   */
  public static boolean isUpToDate(Path dir, String fingerprint) throws IOException {
    Path m = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(m)) return false;
    DatasetManifest old;
    try {
      old = readManifest(dir);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    if (old.formatVersion() != DatasetManifest.FORMAT_VERSION || !fingerprint.equals(old.fingerprint())) return false;
    for (String f : OWN_FILES) {
      if (!f.equals(HELD_OUT_ITEMS) && !f.equals(HELD_OUT_TARGETS) && !Files.isRegularFile(dir.resolve(f))) return false;
    }
    return true;
  }

  /**
   * Refuses to replace {@code out} when it is not a dataset directory, or when it holds derived data
   * and {@code force} is off; the message says what changed between the old and the new preparation.
   */
  static void checkReplaceable(Path out, DatasetManifest next, boolean force) throws IOException {
    if (!Files.exists(out)) return;
    if (!Files.isDirectory(out)) throw new ReplaceRefusedException(out + " exists and is not a directory");
    List<String> foreign = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      s.forEach(p -> {
        String n = p.getFileName().toString();
        if (!OWN_FILES.contains(n)) foreign.add(Files.isDirectory(p) ? n + "/" : n);
      });
    }
    foreign.sort(null);
    boolean isDataset = Files.isRegularFile(out.resolve(MANIFEST));
    if (!isDataset) {
      if (foreign.isEmpty()) return;
      throw new ReplaceRefusedException(out + " exists, is not empty and is not a dataset directory (no "
          + MANIFEST + "); refusing to replace it");
    }
    if (foreign.isEmpty() || force) return;
    String changes;
    try {
      changes = String.join("; ", differences(readManifest(out), next));
    } catch (IOException | RuntimeException e) {
      changes = "the old manifest is unreadable (" + e.getMessage() + ")";
    }
    throw new ReplaceRefusedException("inputs or parameters changed since " + out + " was prepared ("
        + changes + "), and it holds derived data " + foreign + " built from the old dataset. Re-run with"
        + " --force to replace the dataset and delete the derived data, or prepare into another directory.");
  }

  /** Human-readable list of what differs between two manifests' preparations. */
  public static List<String> differences(DatasetManifest a, DatasetManifest b) {
    List<String> d = new ArrayList<>();
    if (a.formatVersion() != b.formatVersion()) d.add("format version " + a.formatVersion() + " -> " + b.formatVersion());
    if (!a.recipe().name().equals(b.recipe().name()) || a.recipe().version() != b.recipe().version()) {
      d.add("recipe " + a.recipe().name() + " v" + a.recipe().version() + " -> " + b.recipe().name() + " v" + b.recipe().version());
    } else if (!String.valueOf(a.recipe().params()).equals(String.valueOf(b.recipe().params()))) {
      d.add("recipe parameters " + a.recipe().params() + " -> " + b.recipe().params());
    }
    Map<String, Object> sa = new LinkedHashMap<>(a.split());
    Map<String, Object> sb = new LinkedHashMap<>(b.split());
    sa.remove("validCutoff");
    sa.remove("testCutoff");
    sb.remove("validCutoff");
    sb.remove("testCutoff");
    if (!String.valueOf(sa).equals(String.valueOf(sb))) d.add("split " + sa + " -> " + sb);
    if (!a.source().format().equals(b.source().format())) d.add("source format " + a.source().format() + " -> " + b.source().format());
    if (!String.valueOf(a.source().readerOptions()).equals(String.valueOf(b.source().readerOptions()))) {
      d.add("reader options " + a.source().readerOptions() + " -> " + b.source().readerOptions());
    }
    if (!String.valueOf(a.source().domain()).equals(String.valueOf(b.source().domain()))) {
      d.add("domain " + a.source().domain() + " -> " + b.source().domain());
    }
    if (!a.prompts().item().sha256().equals(b.prompts().item().sha256())
        || !a.prompts().user().sha256().equals(b.prompts().user().sha256())) {
      d.add("prompt templates " + a.prompts().item().name() + "/" + a.prompts().user().name() + " -> "
          + b.prompts().item().name() + "/" + b.prompts().user().name());
    }
    List<InputFile> fa = a.source().files();
    List<InputFile> fb = b.source().files();
    if (fa.size() != fb.size()) {
      d.add("input files " + fa.size() + " -> " + fb.size());
    } else {
      for (int i = 0; i < fa.size(); i++) {
        if (!fa.get(i).sha256().equals(fb.get(i).sha256())) {
          d.add("input " + fb.get(i).path() + " changed (sha256 " + fa.get(i).sha256().substring(0, 12) + "... -> "
              + fb.get(i).sha256().substring(0, 12) + "...)");
        }
      }
    }
    if (d.isEmpty()) d.add("fingerprint differs");
    return d;
  }

  private static void writeFiles(PreparedDataset p, Path dir, FileHook hook) throws IOException {
    Dataset d = p.dataset();
    int u = d.numUsers();
    int n = d.numItems();
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(USERS), StandardCharsets.UTF_8)) {
      w.write("index\traw_id\trecipe_id\n");
      for (int i = 0; i < u; i++) {
        w.write(i + "\t" + Tsv.escape(d.userIds().get(i)) + "\t" + p.recipeUserIds()[i] + "\n");
      }
    }
    hook.written(USERS);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(ITEMS), StandardCharsets.UTF_8)) {
      w.write("index\traw_id\n");
      for (int i = 1; i <= n; i++) w.write(i + "\t" + Tsv.escape(d.itemIds().get(i)) + "\n");
    }
    hook.written(ITEMS);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(SEQUENCES), StandardCharsets.UTF_8)) {
      w.write("user\titems\n");
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < u; i++) {
        sb.setLength(0);
        sb.append(i).append('\t');
        int[] s = d.sequences()[i];
        for (int j = 0; j < s.length; j++) {
          if (j > 0) sb.append(' ');
          sb.append(s[j]);
        }
        w.write(sb.append('\n').toString());
      }
    }
    hook.written(SEQUENCES);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(SPLITS), StandardCharsets.UTF_8)) {
      w.write("user\ttrain_end\tvalid_end\n");
      for (int i = 0; i < u; i++) w.write(i + "\t" + d.trainEnd()[i] + "\t" + d.validEnd()[i] + "\n");
    }
    hook.written(SPLITS);
    writeTimestamps(dir.resolve(TIMESTAMPS), p.timestamps());
    hook.written(TIMESTAMPS);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(ITEM_FIELDS), StandardCharsets.UTF_8)) {
      for (int i = 1; i <= n; i++) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("item", i);
        line.put("id", d.itemIds().get(i));
        line.put("fields", p.itemFields().get(i));
        w.write(Json.COMPACT.writeValueAsString(line));
        w.write('\n');
      }
    }
    hook.written(ITEM_FIELDS);
    writePrompts(dir.resolve(ITEM_PROMPTS), "item", d.itemPrompts(), 1);
    hook.written(ITEM_PROMPTS);
    writePrompts(dir.resolve(USER_PROMPTS), "user", d.userPrompts(), 0);
    hook.written(USER_PROMPTS);
    int[] pop = d.itemPopularity();
    long[] inter = new long[n + 1];
    for (int[] s : d.sequences()) for (int item : s) inter[item]++;
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(ITEM_POPULARITY), StandardCharsets.UTF_8)) {
      w.write("item\tusers\tinteractions\n");
      for (int i = 1; i <= n; i++) w.write(i + "\t" + pop[i] + "\t" + inter[i] + "\n");
    }
    hook.written(ITEM_POPULARITY);
    try (OutputStream o = Files.newOutputStream(dir.resolve(STATS))) {
      Json.PRETTY.writeValue(o, DatasetDescription.of(d, null, p.manifest().prompts().emptyUserPrompt()));
    }
    hook.written(STATS);
    if (!p.heldOutItems().isEmpty()) {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(HELD_OUT_ITEMS), StandardCharsets.UTF_8)) {
        for (HoldOut.Item it : p.heldOutItems()) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("id", it.id());
          line.put("first_timestamp", it.firstTime());
          line.put("fields", it.fields());
          w.write(Json.COMPACT.writeValueAsString(line));
          w.write('\n');
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(HELD_OUT_TARGETS), StandardCharsets.UTF_8)) {
        for (HoldOut.Target t : p.heldOutTargets()) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("user", t.user());
          line.put("history", t.history());
          line.put("target", t.target());
          w.write(Json.COMPACT.writeValueAsString(line));
          w.write('\n');
        }
      }
    }
    // The manifest last: a directory with a manifest is complete.
    try (OutputStream o = Files.newOutputStream(dir.resolve(MANIFEST))) {
      Json.PRETTY.writeValue(o, p.manifest());
    }
    hook.written(MANIFEST);
  }

  private static void writePrompts(Path file, String key, List<String> prompts, int from) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (prompts == null) return;
      for (int i = from; i < prompts.size(); i++) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(key, i);
        line.put("prompt", prompts.get(i));
        w.write(Json.COMPACT.writeValueAsString(line));
        w.write('\n');
      }
    }
  }

  private static void writeTimestamps(Path file, long[][] times) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (long[] t : times) {
        for (long v : t) {
          if (buf.remaining() < 8) {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
          }
          buf.putLong(v);
        }
      }
      buf.flip();
      while (buf.hasRemaining()) ch.write(buf);
    }
  }

  // ------------------------------------------------------------------------------------------- read

  /** Reads the manifest of a dataset directory. */
  public static DatasetManifest readManifest(Path dir) throws IOException {
    Path m = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(m)) {
      throw new IOException(dir + " is not a dataset directory (no " + MANIFEST + "); create one with 'llmesr prepare'");
    }
    DatasetManifest manifest;
    try {
      manifest = Json.COMPACT.readValue(m.toFile(), DatasetManifest.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new DataFormatException(m, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
          "invalid manifest: " + e.getOriginalMessage(), e);
    }
    if (!DatasetManifest.FORMAT.equals(manifest.format())) {
      throw new DataFormatException(m, 0, "format", "not a dataset manifest: '" + manifest.format() + "'");
    }
    if (manifest.formatVersion() > DatasetManifest.FORMAT_VERSION) {
      throw new DataFormatException(m, 0, "formatVersion", "dataset format version " + manifest.formatVersion()
          + " is newer than this tool supports (" + DatasetManifest.FORMAT_VERSION + ")");
    }
    return manifest;
  }

  /** Reads a dataset directory into memory. */
  public static Dataset read(Path dir) throws IOException {
    DatasetManifest manifest = readManifest(dir);
    List<String> userIds = new ArrayList<>();
    readTsv(dir.resolve(USERS), 3, (line, cells) -> {
      expectIndex(dir.resolve(USERS), line, cells[0], userIds.size());
      userIds.add(Tsv.unescape(cells[1]));
    });
    List<String> itemIds = new ArrayList<>();
    itemIds.add(null);
    readTsv(dir.resolve(ITEMS), 2, (line, cells) -> {
      expectIndex(dir.resolve(ITEMS), line, cells[0], itemIds.size());
      itemIds.add(Tsv.unescape(cells[1]));
    });
    int u = userIds.size();
    int n = itemIds.size() - 1;
    int[][] sequences = new int[u][];
    Path seqFile = dir.resolve(SEQUENCES);
    int[] count = {0};
    readTsv(seqFile, 2, (line, cells) -> {
      int user = count[0]++;
      if (user >= u) throw new DataFormatException(seqFile, line, "user", "more sequences than users (" + u + ")");
      expectIndex(seqFile, line, cells[0], user);
      String[] parts = cells[1].isEmpty() ? new String[0] : cells[1].split(" ");
      int[] s = new int[parts.length];
      for (int j = 0; j < parts.length; j++) {
        s[j] = parseInt(seqFile, line, "items", parts[j]);
        if (s[j] < 1 || s[j] > n) throw new DataFormatException(seqFile, line, "items", "item index " + s[j] + " outside 1.." + n);
      }
      sequences[user] = s;
    });
    if (count[0] != u) throw new DataFormatException(seqFile, 0, null, count[0] + " sequences for " + u + " users");
    int[] trainEnd = new int[u];
    int[] validEnd = new int[u];
    Path splitFile = dir.resolve(SPLITS);
    int[] sc = {0};
    readTsv(splitFile, 3, (line, cells) -> {
      int user = sc[0]++;
      if (user >= u) throw new DataFormatException(splitFile, line, "user", "more rows than users (" + u + ")");
      expectIndex(splitFile, line, cells[0], user);
      trainEnd[user] = parseInt(splitFile, line, "train_end", cells[1]);
      validEnd[user] = parseInt(splitFile, line, "valid_end", cells[2]);
      if (!(0 <= trainEnd[user] && trainEnd[user] <= validEnd[user] && validEnd[user] <= sequences[user].length)) {
        throw new DataFormatException(splitFile, line, null, "boundaries " + trainEnd[user] + ", " + validEnd[user]
            + " do not fit a sequence of length " + sequences[user].length);
      }
    });
    if (sc[0] != u) throw new DataFormatException(splitFile, 0, null, sc[0] + " rows for " + u + " users");
    List<String> itemPrompts = readPrompts(dir.resolve(ITEM_PROMPTS), "item", n, 1);
    List<String> userPrompts = readPrompts(dir.resolve(USER_PROMPTS), "user", u, 0);
    return new Dataset(manifest.name(), userIds, itemIds, sequences, trainEnd, validEnd, itemPrompts, userPrompts);
  }

  /** The 1-based ids the recipe gave the users ({@code users.tsv} column {@code recipe_id}). */
  public static int[] readRecipeUserIds(Path dir) throws IOException {
    List<Integer> ids = new ArrayList<>();
    Path f = dir.resolve(USERS);
    readTsv(f, 3, (line, cells) -> ids.add(parseInt(f, line, "recipe_id", cells[2])));
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Per item index the raw fields ({@code item_fields.jsonl}); entry 0 is {@code null}. */
  public static List<Map<String, String>> readItemFields(Path dir) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(null);
    Path f = dir.resolve(ITEM_FIELDS);
    readJsonl(f, (line, node) -> {
      int item = node.path("item").asInt(-1);
      if (item != out.size()) throw new DataFormatException(f, line, "item", "expected " + out.size() + ", found " + item);
      out.add(Json.COMPACT.convertValue(node.path("fields"), new TypeReference<LinkedHashMap<String, String>>() { }));
    });
    return out;
  }

  /** Per user the timestamps of its sequence ({@code timestamps.bin}), shaped like {@code d.sequences()}. */
  public static long[][] readTimestamps(Path dir, Dataset d) throws IOException {
    Path f = dir.resolve(TIMESTAMPS);
    long expected = d.numInteractions() * 8;
    long size = Files.size(f);
    if (size != expected) throw new DataFormatException(f, 0, null, size + " bytes, expected " + expected);
    long[][] out = new long[d.numUsers()][];
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      buf.flip();
      for (int u = 0; u < out.length; u++) {
        long[] t = new long[d.sequences()[u].length];
        for (int j = 0; j < t.length; j++) {
          if (buf.remaining() < 8) {
            buf.compact();
            while (buf.position() < 8) if (ch.read(buf) < 0) throw new DataFormatException(f, 0, null, "truncated");
            buf.flip();
          }
          t[j] = buf.getLong();
        }
        out[u] = t;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface RowHandler {
    void row(long line, String[] cells) throws IOException;
  }

  @FunctionalInterface
  private interface JsonHandler {
    void row(long line, JsonNode node) throws IOException;
  }

  private static void readTsv(Path file, int columns, RowHandler h) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) throw new DataFormatException(file, 1, null, "empty file (header expected)");
      long line = 1;
      String s;
      while ((s = r.readLine()) != null) {
        line++;
        String[] cells = s.split("\t", -1);
        if (cells.length != columns) {
          throw new DataFormatException(file, line, null, "expected " + columns + " tab-separated columns, found " + cells.length);
        }
        h.row(line, cells);
      }
    }
  }

  private static void readJsonl(Path file, JsonHandler h) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long line = 0;
      String s;
      while ((s = r.readLine()) != null) {
        line++;
        if (s.isBlank()) continue;
        JsonNode node;
        try {
          node = Json.COMPACT.readTree(s);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
          throw new DataFormatException(file, line, null, "invalid JSON: " + e.getOriginalMessage());
        }
        h.row(line, node);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * The item prompts of dataset {@code dir} alone (entry 0 {@code null}), or {@code null} when it has none.
   */
  public static List<String> readItemPrompts(Path dir) throws IOException {
    return readPrompts(dir.resolve(ITEM_PROMPTS), "item", (int) readManifest(dir).count("items"), 1);
  }

  /** The user prompts of dataset {@code dir} alone, or {@code null} when it has none. */
  public static List<String> readUserPrompts(Path dir) throws IOException {
    return readPrompts(dir.resolve(USER_PROMPTS), "user", (int) readManifest(dir).count("users"), 0);
  }

  private static List<String> readPrompts(Path file, String key, int count, int from) throws IOException {
    List<String> out = new ArrayList<>(count + from);
    if (from == 1) out.add(null);
    readJsonl(file, (line, node) -> {
      int idx = node.path(key).asInt(-1);
      if (idx != out.size()) throw new DataFormatException(file, line, key, "expected " + out.size() + ", found " + idx);
      JsonNode p = node.get("prompt");
      if (p == null || !p.isTextual()) throw new DataFormatException(file, line, "prompt", "missing");
      out.add(p.asText());
    });
    if (out.size() == from) return null;
    if (out.size() != count + from) {
      throw new DataFormatException(file, 0, null, (out.size() - from) + " prompts, expected " + count);
    }
    return out;
  }

  private static void expectIndex(Path file, long line, String cell, int expected) {
    if (parseInt(file, line, "index", cell) != expected) {
      throw new DataFormatException(file, line, "index", "expected " + expected + ", found '" + cell + "'");
    }
  }

  private static int parseInt(Path file, long line, String field, String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new DataFormatException(file, line, field, "not an integer: '" + s + "'");
    }
  }
}
