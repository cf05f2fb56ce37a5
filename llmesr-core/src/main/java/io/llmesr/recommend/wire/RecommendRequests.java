package io.llmesr.recommend.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.Recommender.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recommendation requests in JSON (docs/http-api.md): {@code {"history": [ids], "k": 10, "exclude": [ids],
 * "exclude_history": true}}, one per {@code POST /v1/recommend} and per line of {@code recommend --input}, or a list
 * {@code {"requests": [...]}} for {@code POST /v1/recommend/batch}. Each wrong type or value is a
 * {@link Recommender.RequestException} naming the field. A history longer than {@code maxIds} is refused or cut to
 * its most recent ids ({@code rejectLong}); shorter ones go to the model whole (which keeps what it can use).
 */
public final class RecommendRequests {
  private static final Set<String> FIELDS = Set.of("history", "k", "exclude", "exclude_history");
  /** The list length when a request gives no {@code k}. */
  public static final int DEFAULT_K = 10;

  private final int maxIds;
  private final boolean rejectLong;
  private final int maxBatch;

  /**
   * @param maxIds     most history ids (and exclude ids) taken from one request
   * @param rejectLong refuse a longer history (true) or cut it to its most recent {@code maxIds} ids (false)
   * @param maxBatch   most requests in one batch body
   */
  public RecommendRequests(int maxIds, boolean rejectLong, int maxBatch) {
    this.maxIds = maxIds;
    this.rejectLong = rejectLong;
    this.maxBatch = maxBatch;
  }

  /** No limits beyond the model's own: for trusted input such as a local file. */
  public static RecommendRequests unlimited() {
    return new RecommendRequests(Integer.MAX_VALUE, false, Integer.MAX_VALUE);
  }

  /** A request and whether its history was cut to {@code maxIds}. */
  public record Parsed(Request request, boolean cut) { }

  /** One request from {@code body}; {@code catalogue} is the model's catalogue size (k's upper bound). */
  public Parsed one(ObjectNode body, int catalogue) {
    return parse(new JsonFields(body, ""), catalogue, DEFAULT_K);
  }

  /** One request from a JSON value, with {@code defaultK} when it gives no k (a line of {@code recommend --input}). */
  public Parsed one(JsonNode value, int catalogue, int defaultK) {
    if (value == null || !value.isObject()) throw new Recommender.RequestException("", "a request must be a JSON object");
    return parse(new JsonFields((ObjectNode) value, ""), catalogue, defaultK);
  }

  /** The requests of a batch body {@code {"requests": [...]}}. */
  public List<Parsed> batch(ObjectNode body, int catalogue) {
    new JsonFields(body, "").only(Set.of("requests"));
    JsonNode list = body.get("requests");
    if (list == null || list.isNull()) throw bad("requests", "requests is required");
    if (!list.isArray()) throw bad("requests", "requests must be an array of requests");
    if (list.isEmpty()) throw bad("requests", "requests must not be empty");
    if (list.size() > maxBatch) throw bad("requests", "at most " + maxBatch + " requests per batch, got " + list.size());
    List<Parsed> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(parse(JsonFields.of(list.get(i), "requests[" + i + "]"), catalogue, DEFAULT_K));
    }
    return out;
  }

  private Parsed parse(JsonFields f, int catalogue, int defaultK) {
    f.only(FIELDS);
    List<String> history = f.stringList("history", true);
    if (history.isEmpty()) throw bad(f.name("history"), f.name("history") + " must not be empty");
    int k = f.optInt("k", defaultK);
    if (k < 1) throw bad(f.name("k"), f.name("k") + " must be at least 1, was " + k);
    if (k > catalogue) {
      throw bad(f.name("k"), f.name("k") + " must be at most the catalogue size " + catalogue + ", was " + k);
    }
    List<String> exclude = f.stringList("exclude", false);
    if (exclude.size() > maxIds) throw bad(f.name("exclude"), "at most " + maxIds + " exclude ids, got " + exclude.size());
    boolean excludeHistory = f.optBool("exclude_history", true);
    boolean cut = false;
    if (history.size() > maxIds) {
      if (rejectLong) throw bad(f.name("history"), "at most " + maxIds + " history ids, got " + history.size());
      history = history.subList(history.size() - maxIds, history.size());
      cut = true;
    }
    return new Parsed(new Request(history, k, exclude, excludeHistory), cut);
  }

  private static Recommender.RequestException bad(String field, String message) {
    return new Recommender.RequestException(field, message);
  }
}
