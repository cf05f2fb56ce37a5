package io.llmesr.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/**
 * Operations endpoints: {@code GET /health} (the process answers), {@code GET /ready} (a model is loaded and the
 * server is not stopping; 503 otherwise), {@code GET /metrics} (Prometheus text) and {@code GET /openapi.json}
 * (the hand-written API description shipped as a resource).
 */
final class OpsApi {
  static final String OPENAPI_RESOURCE = "/io/llmesr/server/openapi.json";

  private final ModelHolder models;
  private final BooleanSupplier serving;
  private final ServerMetrics metrics;
  private final Responder out;
  private final byte[] openApi;

  OpsApi(ModelHolder models, BooleanSupplier serving, ServerMetrics metrics, Responder out) {
    this.models = models;
    this.serving = serving;
    this.metrics = metrics;
    this.out = out;
    this.openApi = resource(OPENAPI_RESOURCE);
  }

  void health(Context ctx) {
    out.json(ctx, 200, new Wire.HealthJson("ok"));
  }

  void ready(Context ctx) {
    if (!serving.getAsBoolean() || !models.loaded()) {
      out.json(ctx, 503, new Wire.ReadyJson(false, null));
      return;
    }
    try (ModelHolder.Lease lease = models.acquire()) {
      out.json(ctx, 200, new Wire.ReadyJson(true, Wire.ModelJson.of(lease.model())));
    } catch (IllegalStateException stopped) {
      out.json(ctx, 503, new Wire.ReadyJson(false, null));
    }
  }

  void metrics(Context ctx) {
    ctx.contentType(metrics.contentType()).result(metrics.scrape());
  }

  void openApi(Context ctx) {
    ctx.contentType(Responder.JSON).result(openApi);
  }

  private static byte[] resource(String name) {
    try (InputStream in = OpsApi.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("resource " + name + " missing from the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
