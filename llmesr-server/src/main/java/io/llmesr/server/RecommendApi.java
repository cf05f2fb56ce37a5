package io.llmesr.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.llmesr.recommend.Recommender.Recommendation;
import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.wire.RecommendRequests;
import io.llmesr.recommend.wire.RecommendationJson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code POST /v1/recommend} and {@code POST /v1/recommend/batch}: parse, hand the requests to the
 * {@link MicroBatcher}, wait for their answers. The batcher is told of a request before its body is read, so a
 * batch being formed waits for it.
 */
final class RecommendApi {
  private final ModelHolder models;
  private final MicroBatcher batcher;
  private final JsonBody body;
  private final RecommendRequests parser;
  private final Responder out;

  RecommendApi(ModelHolder models, MicroBatcher batcher, JsonBody body, RecommendRequests parser, Responder out) {
    this.models = models;
    this.batcher = batcher;
    this.body = body;
    this.parser = parser;
    this.out = out;
  }

  void one(Context ctx) {
    try (MicroBatcher.Arrival arrival = batcher.expect()) {
      ObjectNode json = body.read(ctx);
      RecommendRequests.Parsed p = parser.one(json, catalogueSize());
      CompletableFuture<Recommendation> f = arrival.submit(List.of(p.request())).get(0);
      out.json(ctx, 200, RecommendationJson.of(await(f), p.cut()));
    }
  }

  void batch(Context ctx) {
    try (MicroBatcher.Arrival arrival = batcher.expect()) {
      ObjectNode json = body.read(ctx);
      List<RecommendRequests.Parsed> parsed = parser.batch(json, catalogueSize());
      List<CompletableFuture<Recommendation>> futures =
          arrival.submit(parsed.stream().map(RecommendRequests.Parsed::request).toList());
      // wait for every answer first: a failed request must not leave the others running unobserved
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
      List<RecommendationJson> results = new ArrayList<>(futures.size());
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(RecommendationJson.of(await(futures.get(i)), parsed.get(i).cut()));
        } catch (Recommender.RequestException e) {
          throw ApiException.badRequest("requests[" + i + "]." + e.field(), "requests[" + i + "]: " + e.getMessage());
        }
      }
      out.json(ctx, 200, new Wire.BatchJson(results));
    }
  }

  private int catalogueSize() {
    try (ModelHolder.Lease lease = models.acquire()) {
      return lease.model().info().items();
    }
  }

  /** The answer, or the model's exception as thrown (a RequestException stays one). */
  private static Recommendation await(CompletableFuture<Recommendation> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, null, "the server is stopping");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    }
  }
}
