package io.llmesr.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encoder for any server speaking the OpenAI embeddings protocol: {@code POST {base}/v1/embeddings} with
 * {@code {"model": ..., "input": [texts]}}, answered by {@code {"data": [{"index": i, "embedding": [...]}]}}.
 * Works with OpenAI (the paper used {@code text-embedding-ada-002}, docs/model.md §2.4), Ollama, vLLM and
 * HuggingFace TEI.
 *
 * <p>Texts are sent in requests of {@code batchSize}, up to {@code concurrency} at once. A request that
 * fails with 429 or 5xx, times out or cannot connect is retried up to {@code maxRetries} times, waiting
 * {@code Retry-After} when the server sends it (seconds or an HTTP date, capped by {@code maxRetryAfter}),
 * else an exponential backoff {@code min(maxBackoff, initialBackoff * 2^attempt)} scaled by a random
 * factor in [0.5, 1) ("equal jitter"). Other 4xx answers fail at once with the server's message. Answers
 * with malformed JSON, the wrong number of vectors, a wrong dimension or non-finite numbers fail with a
 * message saying so.
 *
 * <p>The API key is read from the environment variable named by {@code apiKeyEnv} (e.g.
 * {@code OPENAI_API_KEY}) and sent as {@code Authorization: Bearer}; it is never logged nor written
 * anywhere. With {@code apiKeyEnv = null} no header is sent (local servers).
 *
 * <p>Truncation is the server's business: OpenAI rejects texts over 8191 tokens (a clear 400 error); TEI
 * and Ollama truncate silently. {@link #maxTokens()} is 0 (unknown) and no text is counted as truncated.
 */
public final class OpenAiEncoder implements TextEncoder {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiEncoder.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Settings.
   *
   * @param baseUrl        server root, e.g. {@code https://api.openai.com} or {@code http://127.0.0.1:11434};
   *                       a base ending in {@code /v1} is accepted too
   * @param model          model name sent in each request
   * @param apiKeyEnv      name of the environment variable holding the API key, or null for none
   * @param dimension      expected dimension, or null to learn it from the first answer
   * @param batchSize      texts per request
   * @param concurrency    requests in flight at once
   * @param connectTimeout TCP/TLS connect timeout
   * @param readTimeout    time to wait for a whole answer
   * @param maxRetries     retries per request after the first attempt
   * @param initialBackoff first backoff
   * @param maxBackoff     backoff cap
   * @param maxRetryAfter  longest {@code Retry-After} honoured; a longer one fails the run
   */
  public record Config(URI baseUrl, String model, String apiKeyEnv, Integer dimension, int batchSize, int concurrency,
                       Duration connectTimeout, Duration readTimeout, int maxRetries, Duration initialBackoff,
                       Duration maxBackoff, Duration maxRetryAfter) {
    public Config {
      if (baseUrl == null || baseUrl.getScheme() == null || !baseUrl.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("base URL must be http(s)://host[:port], got " + baseUrl);
      }
      if (model == null || model.isBlank()) throw new IllegalArgumentException("model is required");
      if (dimension != null && dimension <= 0) throw new IllegalArgumentException("dimension must be positive");
      if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1");
      if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
      if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
    }

    /** Defaults: batches of 64, 4 in flight, 10 s connect, 60 s read, 6 retries from 1 s up to 60 s. */
    public static Config of(URI baseUrl, String model, String apiKeyEnv) {
      return new Config(baseUrl, model, apiKeyEnv, null, 64, 4, Duration.ofSeconds(10), Duration.ofSeconds(60), 6,
          Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(300));
    }

    /** The embeddings endpoint. */
    public URI endpoint() {
      String s = baseUrl.toString();
      while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
      return URI.create(s.endsWith("/v1") ? s + "/embeddings" : s + "/v1/embeddings");
    }
  }

  private final Config config;
  private final String apiKey;
  private final HttpClient http;
  private final ExecutorService pool;
  private final AtomicInteger dim = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();

  /** Reads the API key from the process environment. */
  public OpenAiEncoder(Config config) {
    this(config, System::getenv);
  }

  /**
   * @param env environment lookup (tests pass their own)
   * @throws EncoderException when {@code apiKeyEnv} names an unset or empty variable
   */
  public OpenAiEncoder(Config config, Function<String, String> env) {
    this.config = config;
    if (config.apiKeyEnv() != null) {
      String k = env.apply(config.apiKeyEnv());
      if (k == null || k.isBlank()) {
        throw new EncoderException("environment variable " + config.apiKeyEnv()
            + " (named by --api-key-env) is not set or empty; export it with your API key");
      }
      this.apiKey = k.strip();
    } else {
      this.apiKey = null;
    }
    if (config.dimension() != null) dim.set(config.dimension());
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.connectTimeout()).build();
    this.pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
      Thread t = new Thread(r, "embeddings-http");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String name() {
    return config.model();
  }

  @Override
  public String version() {
    URI e = config.endpoint();
    return "openai-compatible " + e.getScheme() + "://" + e.getHost() + (e.getPort() > 0 ? ":" + e.getPort() : "") + e.getPath();
  }

  /** The configured dimension, or the one learnt from the server (asks once with a probe text if needed). */
  @Override
  public int dimension() {
    if (dim.get() == 0) {
      float[][] v = post(List.of("dimension probe"), 0);
      dim.compareAndSet(0, v[0].length);
    }
    return dim.get();
  }

  @Override
  public int maxTokens() {
    return 0;
  }

  /** OpenAI's models return unit vectors, others may not; the store checks rather than trusts this. */
  @Override
  public boolean normalised() {
    return false;
  }

  /** HTTP requests sent so far (including retries). */
  public int requestCount() {
    return requests.get();
  }

  /** Retries so far. */
  public int retryCount() {
    return retries.get();
  }

  @Override
  public EncodedTexts encodeDetailed(List<String> texts) {
    TextEncoder.requireNonBlank(texts);
    int n = texts.size();
    float[][] out = new float[n][];
    List<Future<?>> jobs = new ArrayList<>();
    for (int s = 0; s < n; s += config.batchSize()) {
      int from = s;
      int to = Math.min(n, s + config.batchSize());
      jobs.add(pool.submit(() -> {
        float[][] v = post(texts.subList(from, to), from);
        System.arraycopy(v, 0, out, from, v.length);
        return null;
      }));
    }
    try {
      for (Future<?> f : jobs) f.get();
    } catch (InterruptedException e) {
      jobs.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new EncoderException("interrupted while waiting for " + config.endpoint(), e);
    } catch (ExecutionException e) {
      jobs.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof EncoderException ee) throw ee;
      throw new EncoderException("request to " + config.endpoint() + " failed: " + e.getCause(), e.getCause());
    }
    return new EncodedTexts(out, new boolean[n]);
  }

  private float[][] post(List<String> texts, int offset) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", config.model());
    ArrayNode input = body.putArray("input");
    texts.forEach(input::add);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new EncoderException("cannot serialise request", e);
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(config.endpoint()).timeout(config.readTimeout())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (apiKey != null) rb.header("Authorization", "Bearer " + apiKey);
    HttpRequest req = rb.build();
    String where = config.endpoint() + " (texts " + offset + ".." + (offset + texts.size() - 1) + " of the batch)";
    for (int attempt = 0; ; attempt++) {
      String failure;
      Duration wait = null;
      try {
        requests.incrementAndGet();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int code = resp.statusCode();
        if (code == 200) return parse(resp.body(), texts.size(), where);
        String msg = serverMessage(resp.body());
        if (code != 429 && code < 500) {
          throw new EncoderException("HTTP " + code + " from " + where + ": " + msg
              + (code == 401 || code == 403 ? " (check the API key variable named by --api-key-env)" : "")
              + (code == 404 ? " (check --base-url and --model)" : ""));
        }
        failure = "HTTP " + code + ": " + msg;
        wait = retryAfter(resp).orElse(null);
        if (wait != null && wait.compareTo(config.maxRetryAfter()) > 0) {
          throw new EncoderException("HTTP " + code + " from " + where + ": server asks to retry after " + wait.toSeconds()
              + " s, longer than the allowed " + config.maxRetryAfter().toSeconds() + " s: " + msg);
        }
      } catch (HttpTimeoutException e) {
        failure = "no answer within " + config.readTimeout().toMillis() + " ms (read timeout)";
      } catch (ConnectException e) {
        failure = "cannot connect: " + e.getMessage();
      } catch (IOException e) {
        failure = "I/O error: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EncoderException("interrupted while calling " + where, e);
      }
      if (attempt >= config.maxRetries()) {
        throw new EncoderException("giving up on " + where + " after " + (attempt + 1) + " attempts; last: " + failure);
      }
      if (wait == null) wait = backoff(attempt);
      retries.incrementAndGet();
      LOG.warn("{} from {}; retry {}/{} in {} ms", failure, config.endpoint(), attempt + 1, config.maxRetries(), wait.toMillis());
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EncoderException("interrupted while waiting to retry " + where, e);
      }
    }
  }

  /** Exponential backoff with equal jitter: {@code min(cap, base*2^attempt) * U[0.5, 1)}. */
  Duration backoff(int attempt) {
    double cap = config.maxBackoff().toMillis();
    double b = Math.min(cap, config.initialBackoff().toMillis() * Math.pow(2, attempt));
    return Duration.ofMillis((long) (b * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
  }

  /** {@code Retry-After} as delta-seconds or an HTTP date. */
  static Optional<Duration> retryAfter(HttpResponse<?> resp) {
    Optional<String> h = resp.headers().firstValue("Retry-After");
    if (h.isEmpty()) return Optional.empty();
    String v = h.get().strip();
    try {
      return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v) * 1000))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime t = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(t.getZone()), t);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException e2) {
        return Optional.empty();
      }
    }
  }

  /** The server's error message: OpenAI {@code error.message}, TEI/Ollama {@code error}, else the body. */
  static String serverMessage(String body) {
    if (body == null || body.isBlank()) return "(empty body)";
    try {
      JsonNode j = JSON.readTree(body);
      JsonNode e = j.get("error");
      if (e != null && e.isObject() && e.hasNonNull("message")) return e.get("message").asText();
      if (e != null && e.isTextual()) return e.asText();
      if (j.hasNonNull("message")) return j.get("message").asText();
      if (j.hasNonNull("detail")) return j.get("detail").toString();
    } catch (IOException | RuntimeException ignored) {
      // not JSON: fall through to the raw body
    }
    String b = body.strip();
    return b.length() > 300 ? b.substring(0, 300) + "..." : b;
  }

  private float[][] parse(String body, int expected, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new EncoderException("malformed JSON from " + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new EncoderException("cannot read answer from " + where + ": " + e.getMessage());
    }
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      throw new EncoderException("answer from " + where + " has no 'data' array: "
          + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
    }
    if (data.size() != expected) {
      throw new EncoderException("answer from " + where + " has " + data.size() + " embeddings for " + expected + " texts");
    }
    float[][] out = new float[expected][];
    for (int p = 0; p < data.size(); p++) {
      JsonNode d = data.get(p);
      int idx = d.hasNonNull("index") ? d.get("index").asInt(-1) : p;
      if (idx < 0 || idx >= expected || out[idx] != null) {
        throw new EncoderException("answer from " + where + ": data[" + p + "] has a bad or repeated index " + d.get("index"));
      }
      JsonNode emb = d.get("embedding");
      if (emb == null || !emb.isArray()) {
        throw new EncoderException("answer from " + where + ": data[" + p + "].embedding is not a number array"
            + (emb != null && emb.isTextual() ? " (base64? the request asks for floats)" : ""));
      }
      float[] v = new float[emb.size()];
      for (int k = 0; k < v.length; k++) {
        JsonNode x = emb.get(k);
        if (!x.isNumber()) throw new EncoderException("answer from " + where + ": data[" + p + "].embedding[" + k + "] is not a number");
        v[k] = x.floatValue();
      }
      int want = dim.get();
      if (want == 0) {
        dim.compareAndSet(0, v.length);
        want = dim.get();
      }
      if (v.length != want) {
        throw new EncoderException("answer from " + where + ": embedding " + idx + " has dimension " + v.length
            + ", expected " + want + (config.dimension() != null ? " (--expected-dim)" : " (from earlier answers)"));
      }
      String problem = VectorChecks.problem(v, want);
      if (problem != null) throw new EncoderException("answer from " + where + ": embedding " + idx + " " + problem);
      out[idx] = v;
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
