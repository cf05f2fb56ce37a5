package io.llmesr.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test resource {@code golden/golden.json} (see {@code src/test/resources/golden/README.md}): outputs of the
 * official LLM-ESR implementation on a tiny fixture, with the parameters that produced them, read into plain arrays.
 */
final class GoldenData {
  static final String RESOURCE = "/golden/golden.json";

  /** A tensor as stored: its shape and its values, row-major (float32 values written as decimals). */
  record Tensor(long[] shape, double[] values) {
    float[] floats() {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
      return f;
    }
  }

  /**
   * One fixture batch. {@code pos}/{@code neg} are flattened row-major: B×T for the all-slot batches, B (and B×1)
   * for {@code last_item_batch}.
   */
  record Batch(String name, int[][] seq, int[][] positions, int[] pos, int[] neg, int[][][] simSeq,
               int[][][] simPositions) {
    int size() {
      return seq.length;
    }

    int length() {
      return seq[0].length;
    }

    /** Whether the targets are one per user (GRU4Rec's last-item regime) rather than one per slot. */
    boolean lastOnly() {
      return pos.length == size();
    }
  }

  /** The fixture shared by all models. */
  record Fixture(int items, int llmDim, int hiddenSize, int maxLen, int maskToken, float[][] llmItemTable,
                 float[][] pcaItemTable, Map<String, Batch> batches, int[][] candidates) {
    Batch batch(String name) {
      Batch b = batches.get(name);
      if (b == null) throw new IllegalArgumentException("no fixture batch " + name);
      return b;
    }
  }

  /** One official model's outputs and parameters. {@code userRepresentation} is null where none is recorded. */
  record Model(String name, String officialClass, String batch, double loss, double recommendationLoss,
               double[][] scores, double[][] userRepresentation, Map<String, Tensor> parameters) { }

  final Fixture fixture;
  final Map<String, Model> models;

  private GoldenData(Fixture fixture, Map<String, Model> models) {
    this.fixture = fixture;
    this.models = models;
  }

  Model model(String name) {
    Model m = models.get(name);
    if (m == null) throw new IllegalArgumentException("no golden model " + name + " (have " + models.keySet() + ")");
    return m;
  }

  static GoldenData load() {
    try (InputStream in = GoldenData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("test resource " + RESOURCE + " is missing");
      JsonNode root = new ObjectMapper().readTree(in);
      return new GoldenData(fixture(root.get("fixture")), models(root.get("models")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Fixture fixture(JsonNode f) {
    Map<String, Batch> batches = new LinkedHashMap<>();
    for (String name : List.of("next_item_batch", "last_item_batch", "cloze_batch")) {
      JsonNode b = f.get(name);
      batches.put(name, new Batch(name, ints2(b.get("seq")), ints2(b.get("positions")), ints(flat(b.get("pos"))),
          ints(flat(b.get("neg"))), ints3(b.get("sim_seq")), ints3(b.get("sim_positions"))));
    }
    return new Fixture(f.get("items").asInt(), f.get("llm_dim").asInt(), f.get("hidden_size").asInt(),
        f.get("max_len").asInt(), f.get("mask_token").asInt(), floats2(f.get("llm_item_table")),
        floats2(f.get("pca_item_table")), batches, ints2(f.get("candidates")));
  }

  private static Map<String, Model> models(JsonNode ms) {
    Map<String, Model> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : ms.properties()) {
      JsonNode m = e.getValue();
      Map<String, Tensor> params = new LinkedHashMap<>();
      JsonNode shapes = m.get("parameter_shapes");
      for (Map.Entry<String, JsonNode> pe : m.get("parameters").properties()) {
        JsonNode s = shapes.get(pe.getKey());
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).asLong();
        double[] values = flat(pe.getValue());
        long n = 1;
        for (long x : shape) n *= x;
        if (n != values.length) throw new IllegalStateException(pe.getKey() + ": shape and values disagree");
        params.put(pe.getKey(), new Tensor(shape, values));
      }
      JsonNode rep = m.get("user_representation");
      out.put(e.getKey(), new Model(e.getKey(), m.get("class").asText(), m.get("batch").asText(),
          m.get("loss").asDouble(), m.get("recommendation_loss").asDouble(), doubles2(m.get("scores")),
          rep == null || rep.isNull() ? null : doubles2(rep), params));
    }
    return out;
  }

  /** All numbers of a nested array, row-major. */
  static double[] flat(JsonNode n) {
    List<Double> out = new ArrayList<>();
    collect(n, out);
    double[] a = new double[out.size()];
    for (int i = 0; i < a.length; i++) a[i] = out.get(i);
    return a;
  }

  private static void collect(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      for (JsonNode c : n) collect(c, out);
    } else {
      out.add(n.asDouble());
    }
  }

  private static int[] ints(double[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
    return out;
  }

  private static int[][] ints2(JsonNode n) {
    int[][] out = new int[n.size()][];
    for (int i = 0; i < out.length; i++) out[i] = ints(flat(n.get(i)));
    return out;
  }

  private static int[][][] ints3(JsonNode n) {
    int[][][] out = new int[n.size()][][];
    for (int i = 0; i < out.length; i++) out[i] = ints2(n.get(i));
    return out;
  }

  private static double[][] doubles2(JsonNode n) {
    double[][] out = new double[n.size()][];
    for (int i = 0; i < out.length; i++) out[i] = flat(n.get(i));
    return out;
  }

  private static float[][] floats2(JsonNode n) {
    float[][] out = new float[n.size()][];
    for (int i = 0; i < out.length; i++) {
      double[] row = flat(n.get(i));
      out[i] = new float[row.length];
      for (int j = 0; j < row.length; j++) out[i][j] = (float) row[j];
    }
    return out;
  }
}
