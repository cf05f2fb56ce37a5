package io.llmesr.recommend;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.data.DataFormatException;
import io.llmesr.data.io.AtomicFiles;
import io.llmesr.embed.MiniLmEncoder;
import io.llmesr.embed.TextEncoder;
import io.llmesr.model.Forward;
import io.llmesr.model.ItemRepresentation;
import io.llmesr.model.SequenceModel;
import io.llmesr.text.ItemText;
import io.llmesr.text.PromptSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Items added to a served model by their text (cold start, docs/serving.md "New items"): the item's prompt is built
 * with the bundle's item template, encoded in-process with the bundle's encoder, and turned into a candidate vector by
 * the model's item representation ({@link ItemRepresentation#newItems}) from that LLM vector and a collaborative vector
 * given by the bundle's cold-start rule ({@link ColdStartMaps}). Added items are kept in
 * {@code added-items.jsonl} beside the bundle (rewritten atomically on every addition, with each item's LLM vector,
 * so that a restart needs no encoder) and are tail items with popularity 0.
 */
final class NewItems implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longest raw id accepted. */
  static final int MAX_ID_LENGTH = 256;
  /** Longest text accepted (code points are cut later by the prompt template anyway). */
  static final int MAX_TEXT_LENGTH = 20_000;

  private final Path file;
  private final BundleManifest manifest;
  private final SequenceModel model;
  private final String mode;
  private final ColdStartMaps.Matrix pca;
  private final ColdStartMaps.Matrix ridge;
  private final String unsupported;   // why items cannot be added, or null
  private final PromptSet prompts;
  private TextEncoder encoder;

  private NewItems(Path file, BundleManifest manifest, SequenceModel model, String mode, ColdStartMaps.Matrix pca,
                   ColdStartMaps.Matrix ridge, String unsupported, PromptSet prompts) {
    this.file = file;
    this.manifest = manifest;
    this.model = model;
    this.mode = mode;
    this.pca = pca;
    this.ridge = ridge;
    this.unsupported = unsupported;
    this.prompts = prompts;
  }

  static NewItems of(Path dir, BundleManifest m, SequenceModel model, String override) throws IOException {
    String mode = override != null ? override.toLowerCase(Locale.ROOT) : m.coldStart();
    ColdStartMaps.Matrix pca = Bundle.readMatrix(dir, BundleLayout.PCA_BASIS);
    ColdStartMaps.Matrix ridge = Bundle.readMatrix(dir, BundleLayout.COLD_MAP);
    String unsupported = null;
    PromptSet prompts = null;
    if (m.encoder() == null || m.prompts() == null || "none".equals(m.coldStart())) {
      unsupported = "this bundle has no LLM item table, so it cannot embed new items (export a run whose dataset was embedded)";
    } else if (!List.of("pca", "regression", "semantic").contains(mode)) {
      throw new IllegalArgumentException("cold-start rule '" + mode + "': expected pca or regression");
    } else if (mode.equals("pca") && pca == null) {
      throw new IllegalArgumentException("cold-start rule pca: the bundle has no " + BundleLayout.PCA_BASIS);
    } else if (mode.equals("regression") && ridge == null) {
      throw new IllegalArgumentException("cold-start rule regression: the bundle has no " + BundleLayout.COLD_MAP);
    } else {
      prompts = PromptSet.forDomain(m.prompts().get("domain"), m.prompts().get("itemTemplateText"), null);
      String want = m.prompts().get("itemTemplateSha256");
      if (want != null && !want.equals(prompts.itemTemplateHash())) {
        unsupported = "the bundle's item prompt template (" + m.prompts().get("itemTemplate") + ") is not the one this"
            + " version builds, so new items would be prompted differently from the trained ones";
        prompts = null;
      }
    }
    return new NewItems(dir.resolve(BundleLayout.ADDED), m, model, mode, pca, ridge, unsupported, prompts);
  }

  /** The encoder new items are embedded with, or {@code null} when items cannot be added. */
  String encoderName() {
    return unsupported != null || manifest.encoder() == null ? null : String.valueOf(manifest.encoder().get("name"));
  }

  /** The added items stored beside the bundle. */
  Snapshot load(Predicate<String> known, Object modelLock, ToIntFunction<float[]> nearest) throws IOException {
    if (!Files.isRegularFile(file)) return Snapshot.EMPTY;
    Snapshot s = Snapshot.EMPTY;
    long no = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      no++;
      if (line.isBlank()) continue;
      JsonNode j;
      try {
        j = JSON.readTree(line);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new DataFormatException(file, no, null, "malformed JSON: " + e.getOriginalMessage());
      }
      String id = j.path("id").asText(null);
      if (id == null || known.test(id) || s.indexOf(id) != null) {
        throw new DataFormatException(file, no, "id", id == null ? "missing" : "'" + id + "' is already in the catalogue");
      }
      JsonNode v = j.path("llm");
      float[] llm = new float[v.size()];
      for (int k = 0; k < llm.length; k++) llm[k] = (float) v.get(k).asDouble();
      float[] vector = candidateVector(llm, modelLock);
      s = s.with(new Recommender.Item(id, j.path("title").asText(id), 0, true, true), vector,
          nearest.applyAsInt(vector), line);
    }
    return s;
  }

  /** {@code current} with {@code item} added and persisted. */
  Snapshot add(Snapshot current, Recommender.NewItem item, Object modelLock, ToIntFunction<float[]> nearest)
      throws IOException {
    if (unsupported != null) throw new UnsupportedOperationException(unsupported);
    if (item.id().length() > MAX_ID_LENGTH || item.id().chars().anyMatch(Character::isISOControl)) {
      throw new Recommender.RequestException("id", "id must be at most " + MAX_ID_LENGTH + " characters without control characters");
    }
    Map<String, String> fields = fields(item);
    ItemText text = new ItemText(item.id(), fields);
    String prompt = prompts.itemPrompt(text);
    float[] llm = encode(prompt);
    float[] vector = candidateVector(llm, modelLock);
    String title = text.displayText() == null ? item.id() : text.displayText();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", item.id());
    line.put("title", title);
    line.put("fields", fields);
    line.put("prompt", prompt);
    line.put("llm", llm);
    Snapshot next = current.with(new Recommender.Item(item.id(), title, 0, true, true), vector,
        nearest.applyAsInt(vector), JSON.writeValueAsString(line));
    AtomicFiles.writeString(file, String.join("\n", next.lines) + "\n");
    return next;
  }

  /**
   * The item's fields: {@code fields} as given, or {@code text} under the field the domain's prompt reads first
   * ({@code title} for beauty and fashion, {@code name} for yelp, {@code text} otherwise).
   */
  private Map<String, String> fields(Recommender.NewItem item) {
    Map<String, String> f = new LinkedHashMap<>();
    if (item.fields() != null) {
      item.fields().forEach((k, v) -> {
        if (k != null && v != null && !v.isBlank()) f.put(k, v);
      });
    }
    if (item.text() != null && !item.text().isBlank()) {
      String domain = prompts.domain();
      f.putIfAbsent(domain.equals("beauty") || domain.equals("fashion") ? "title" : domain.equals("yelp") ? "name" : "text",
          item.text());
    }
    if (f.isEmpty()) throw new Recommender.RequestException("text", "the item needs a non-empty text or fields");
    int length = 0;
    for (String v : f.values()) length += v.length();
    if (length > MAX_TEXT_LENGTH) {
      throw new Recommender.RequestException("text", "the item's text is longer than " + MAX_TEXT_LENGTH + " characters");
    }
    return f;
  }

  private synchronized float[] encode(String prompt) {
    if (encoder == null) encoder = openEncoder();
    float[] v = encoder.encode(List.of(prompt))[0];
    if ("l2".equals(String.valueOf(manifest.encoder().get("normalisation"))) && !encoder.normalised()) {
      v = BundleRecommender.normalised(v);
    }
    return v;
  }

  private TextEncoder openEncoder() {
    Map<String, Object> e = manifest.encoder();
    String name = String.valueOf(e.get("name"));
    MiniLmEncoder.Variant variant;
    switch (name) {
      case "all-MiniLM-L6-v2" -> variant = MiniLmEncoder.Variant.FP32;
      case "all-MiniLM-L6-v2-q" -> variant = MiniLmEncoder.Variant.INT8;
      default -> throw new UnsupportedOperationException("the bundle's items were embedded with '" + name
          + "', which runs outside this process; only the in-process MiniLM encoders can embed new items here");
    }
    int maxTokens = ((Number) e.getOrDefault("maxTokens", MiniLmEncoder.DEFAULT_MAX_TOKENS)).intValue();
    MiniLmEncoder enc = new MiniLmEncoder(new MiniLmEncoder.Options(variant, maxTokens, 1, 1));
    if (!enc.version().equals(e.get("version"))) {
      enc.close();
      throw new UnsupportedOperationException("the bundle's items were embedded with " + name + " version '"
          + e.get("version") + "' but this build has '" + enc.version() + "': new items would not be comparable");
    }
    return enc;
  }

  /** The candidate vector of an item from its LLM vector, by the cold-start rule. */
  private float[] candidateVector(float[] llm, Object modelLock) {
    ItemRepresentation items = model.items();
    float[] collaborative = switch (mode) {
      case "pca" -> ColdStartMaps.projectPca(pca, llm);
      case "regression" -> ColdStartMaps.applyRidge(ridge, llm);
      default -> null;
    };
    synchronized (modelLock) {
      try (NDManager m = model.parameters().manager().newSubManager(); NDScope scope = new NDScope()) {
        NDArray x = items.readsLlmVectors() ? m.create(llm, new Shape(1, llm.length)) : null;
        NDArray c = collaborative == null ? null : m.create(collaborative, new Shape(1, collaborative.length));
        return items.newItems(x, c, new Forward(m, false)).toFloatArray();
      }
    }
  }

  @Override
  public synchronized void close() {
    if (encoder != null) encoder.close();
  }

  /** An immutable view of the added items: ids, items, candidate vectors, nearest trained items, file lines. */
  static final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(List.of(), new float[0][], new float[0][], new int[0], List.of());
    private final List<Recommender.Item> items;
    private final float[][] vectors;
    private final float[][] unit;
    private final int[] nearest;
    private final List<String> lines;
    private final Map<String, Integer> index = new HashMap<>();

    private Snapshot(List<Recommender.Item> items, float[][] vectors, float[][] unit, int[] nearest, List<String> lines) {
      this.items = items;
      this.vectors = vectors;
      this.unit = unit;
      this.nearest = nearest;
      this.lines = lines;
      for (int j = 0; j < items.size(); j++) index.put(items.get(j).id(), j);
    }

    Snapshot with(Recommender.Item item, float[] vector, int nearestTrained, String line) {
      List<Recommender.Item> it = new ArrayList<>(items);
      it.add(item);
      float[][] v = java.util.Arrays.copyOf(vectors, vectors.length + 1);
      v[vectors.length] = vector;
      float[][] u = java.util.Arrays.copyOf(unit, unit.length + 1);
      u[unit.length] = BundleRecommender.normalised(vector);
      int[] nt = java.util.Arrays.copyOf(nearest, nearest.length + 1);
      nt[nearest.length] = nearestTrained;
      List<String> l = new ArrayList<>(lines);
      l.add(line);
      return new Snapshot(List.copyOf(it), v, u, nt, List.copyOf(l));
    }

    int size() {
      return items.size();
    }

    Integer indexOf(String id) {
      return index.get(id);
    }

    Recommender.Item item(int j) {
      return items.get(j);
    }

    int nearestTrained(int j) {
      return nearest[j];
    }

    float[] unitVector(int j) {
      return unit[j].clone();
    }

    /** {@code row[offset + j] = user · v_j}. */
    void score(float[] user, float[] row, int offset) {
      for (int j = 0; j < vectors.length; j++) row[offset + j] = BundleRecommender.dot(vectors[j], 0, user);
    }

    /** {@code row[offset + j] = cos(query, v_j)} for a unit {@code query}. */
    void cosines(float[] query, float[] row, int offset) {
      for (int j = 0; j < unit.length; j++) row[offset + j] = BundleRecommender.dot(unit[j], 0, query);
    }
  }
}
