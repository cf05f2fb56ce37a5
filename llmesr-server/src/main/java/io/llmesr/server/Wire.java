package io.llmesr.server;

import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.wire.RecommendationJson;
import java.util.List;

/**
 * The JSON shapes the API answers with (field names snake_case on the wire), beside the recommendation answer
 * shared with the command line ({@link RecommendationJson}). Kept apart from the {@link Recommender} records so the
 * HTTP contract changes only when these files do.
 */
final class Wire {
  private Wire() { }

  /** A catalogue item. */
  record ItemJson(String id, String title, int popularity, boolean tail, boolean added) {
    static ItemJson of(Recommender.Item i) {
      return new ItemJson(i.id(), i.title(), i.popularity(), i.tail(), i.added());
    }
  }

  /** The answer to a batch. */
  record BatchJson(List<RecommendationJson> results) { }

  /** Search results. */
  record ItemsJson(List<ItemJson> items) { }

  /** Items similar to one. */
  record SimilarJson(String id, List<RecommendationJson.ScoredJson> items) { }

  /** An error. {@code field} is null when no single field is at fault. */
  record ErrorJson(String error, String field) { }

  /** The model being served. */
  record ModelJson(String method, String backbone, int items, int addedItems, String encoder, String bundle,
                   String bundleSha256, int maxHistory) {
    static ModelJson of(Recommender r) {
      Recommender.Info i = r.info();
      return new ModelJson(i.method(), i.backbone(), i.items(), i.addedItems(), i.encoder(), i.bundle(),
          i.bundleSha256(), r.maxHistory());
    }
  }

  /** {@code /ready}. */
  record ReadyJson(boolean ready, ModelJson model) { }

  /** {@code /health}. */
  record HealthJson(String status) { }

  /** The answer to a reload. */
  record ReloadJson(boolean reloaded, ModelJson model) { }
}
