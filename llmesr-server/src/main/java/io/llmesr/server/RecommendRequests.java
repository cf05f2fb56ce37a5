package io.llmesr.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.recommend.Recommender.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns {@code /v1/recommend} and {@code /v1/recommend/batch} bodies into {@link Request}s, with a 400 naming the
 * field for each wrong type or value. A history longer than the server's cap on ids is refused or cut to its most
 * recent ids (per {@link ServerConfig#rejectLongHistory()}); shorter ones go to the model whole.
 */
final class RecommendRequests {
  private static final Set<String> FIELDS = Set.of("history", "k", "exclude", "exclude_history");
  static final int DEFAULT_K = 10;

  private final int maxIds;
  private final boolean rejectLong;
  private final int maxBatch;

  RecommendRequests(ServerConfig config) {
    this.maxIds = config.maxHistoryIds();
    this.rejectLong = config.rejectLongHistory();
    this.maxBatch = config.maxBatchRequests();
  }

  /** A request and whether the server cut its history. */
  record Parsed(Request request, boolean cut) { }

  /** One request from {@code body}; {@code catalogue} is the model's catalogue size (k's upper bound). */
  Parsed one(ObjectNode body, int catalogue) {
    return parse(new Fields(body, ""), catalogue);
  }

  /** The requests of a batch body {@code {"requests": [...]}}. */
  List<Parsed> batch(ObjectNode body, int catalogue) {
    new Fields(body, "").only(Set.of("requests"));
    JsonNode list = body.get("requests");
    if (list == null || list.isNull()) throw ApiException.badRequest("requests", "requests is required");
    if (!list.isArray()) throw ApiException.badRequest("requests", "requests must be an array of requests");
    if (list.isEmpty()) throw ApiException.badRequest("requests", "requests must not be empty");
    if (list.size() > maxBatch) {
      throw ApiException.badRequest("requests", "at most " + maxBatch + " requests per batch, got " + list.size());
    }
    List<Parsed> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) out.add(parse(Fields.of(list.get(i), "requests[" + i + "]"), catalogue));
    return out;
  }

  private Parsed parse(Fields f, int catalogue) {
    f.only(FIELDS);
    List<String> history = f.stringList("history", true);
    if (history.isEmpty()) throw ApiException.badRequest(f.name("history"), f.name("history") + " must not be empty");
    int k = f.optInt("k", DEFAULT_K);
    if (k < 1) throw ApiException.badRequest(f.name("k"), f.name("k") + " must be at least 1, was " + k);
    if (k > catalogue) {
      throw ApiException.badRequest(f.name("k"), f.name("k") + " must be at most the catalogue size " + catalogue
          + ", was " + k);
    }
    List<String> exclude = f.stringList("exclude", false);
    if (exclude.size() > maxIds) {
      throw ApiException.badRequest(f.name("exclude"), "at most " + maxIds + " exclude ids, got " + exclude.size());
    }
    boolean excludeHistory = f.optBool("exclude_history", true);
    boolean cut = false;
    if (history.size() > maxIds) {
      if (rejectLong) {
        throw ApiException.badRequest(f.name("history"), "at most " + maxIds + " history ids, got " + history.size());
      }
      history = history.subList(history.size() - maxIds, history.size());
      cut = true;
    }
    return new Parsed(new Request(history, k, exclude, excludeHistory), cut);
  }
}
