package io.llmesr.recommend.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.llmesr.recommend.Recommender;
import java.util.List;

/**
 * The answer to one recommendation request as it goes on the wire (docs/http-api.md), the same for
 * {@code POST /v1/recommend} and {@code llmesr recommend --json}: {@code {"items": [{"id", "score", "title", "tail",
 * "added"}], "unknown_ids": [...], "history_used": n, "truncated": bool}}. Written with {@link #MAPPER} (snake_case).
 */
public record RecommendationJson(List<ScoredJson> items, List<String> unknownIds, int historyUsed, boolean truncated) {
  /** The JSON mapper of the wire format: record components in snake_case. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** An item with its score. */
  public record ScoredJson(String id, float score, String title, boolean tail, boolean added) {
    public static ScoredJson of(Recommender.ScoredItem s) {
      return new ScoredJson(s.id(), s.score(), s.title(), s.tail(), s.added());
    }
  }

  /** The wire form of {@code r}; {@code cutBeforeModel}: the request's history was cut before the model saw it. */
  public static RecommendationJson of(Recommender.Recommendation r, boolean cutBeforeModel) {
    return new RecommendationJson(r.items().stream().map(ScoredJson::of).toList(), r.unknownIds(), r.historyUsed(),
        r.truncated() || cutBeforeModel);
  }
}
