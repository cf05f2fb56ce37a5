package io.llmesr.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.wire.JsonFields;
import io.llmesr.recommend.wire.RecommendRequests;
import io.llmesr.recommend.wire.RecommendationJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue: {@code GET /v1/items/{id}}, {@code GET /v1/items?q=} (title search),
 * {@code GET /v1/items/{id}/similar} and {@code POST /v1/items} (add an item by text or fields). Item ids come only
 * from the client's JSON or path and go only to the {@link Recommender}; the server builds no file path from them.
 */
final class ItemsApi {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  private static final Set<String> NEW_ITEM_FIELDS = Set.of("id", "text", "fields");

  private final ModelHolder models;
  private final JsonBody body;
  private final Responder out;

  ItemsApi(ModelHolder models, JsonBody body, Responder out) {
    this.models = models;
    this.body = body;
    this.out = out;
  }

  void get(Context ctx) {
    String id = ctx.pathParam("id");
    try (ModelHolder.Lease lease = models.acquire()) {
      Optional<Recommender.Item> item = lease.model().item(id);
      if (item.isEmpty()) throw ApiException.notFound("id", "no item '" + id + "'");
      out.json(ctx, 200, Wire.ItemJson.of(item.get()));
    }
  }

  void search(Context ctx) {
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) throw ApiException.badRequest("q", "q (words of the title) is required");
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit", "limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    try (ModelHolder.Lease lease = models.acquire()) {
      List<Wire.ItemJson> items = lease.model().search(q, limit).stream().map(Wire.ItemJson::of).toList();
      out.json(ctx, 200, new Wire.ItemsJson(items));
    }
  }

  void similar(Context ctx) {
    String id = ctx.pathParam("id");
    int k = intParam(ctx, "k", RecommendRequests.DEFAULT_K);
    try (ModelHolder.Lease lease = models.acquire()) {
      Recommender model = lease.model();
      if (k < 1) throw ApiException.badRequest("k", "k must be at least 1, was " + k);
      int others = model.info().items() - 1;
      if (k > others) throw ApiException.badRequest("k", "k must be at most " + others + ", was " + k);
      if (model.item(id).isEmpty()) throw ApiException.notFound("id", "no item '" + id + "'");
      List<RecommendationJson.ScoredJson> items =
          model.similar(id, k).stream().map(RecommendationJson.ScoredJson::of).toList();
      out.json(ctx, 200, new Wire.SimilarJson(id, items));
    }
  }

  void add(Context ctx) {
    ObjectNode json = body.read(ctx);
    JsonFields f = new JsonFields(json, "").only(NEW_ITEM_FIELDS);
    String id = f.requiredString("id");
    String text = null;
    Map<String, String> fields = null;
    if (f.has("text") && f.has("fields")) {
      throw ApiException.badRequest("text", "give either text or fields, not both");
    } else if (f.has("fields")) {
      fields = f.stringMap("fields");
      if (fields.isEmpty() || fields.values().stream().allMatch(String::isBlank)) {
        throw ApiException.badRequest("fields", "fields must hold at least one non-empty value");
      }
    } else {
      text = f.requiredString("text");
    }
    Recommender.Item added;
    try (ModelHolder.Lease lease = models.acquire()) {
      added = lease.model().addItem(new Recommender.NewItem(id, text, fields));
    } catch (IOException e) {
      throw new UncheckedIOException("could not store the new item", e);
    }
    ctx.header("Location", "/v1/items/" + URLEncoder.encode(added.id(), StandardCharsets.UTF_8).replace("+", "%20"));
    out.json(ctx, 201, Wire.ItemJson.of(added));
  }

  private static int intParam(Context ctx, String name, int dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) return dflt;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, name + " must be an integer, was '" + v + "'");
    }
  }
}
