package io.llmesr.server;

import io.llmesr.recommend.Recommender;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics, in a registry of its own (several servers in one JVM do not mix), written in
 * the Prometheus text format by {@link #scrape()}. Names are listed in {@code docs/http-api.md}.
 */
final class ServerMetrics {
  /** Latency buckets, seconds: 0.5 ms to 10 s. */
  private static final double[] LATENCY_BOUNDS =
      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Histogram latency;
  private final Histogram batchSizes;
  private final Counter rejected;
  private final Counter reloads;

  /**
   * @param models   the served model (catalogue size, added items and model info are read from it at scrape time)
   * @param inFlight {@code /v1} requests being served now
   * @param queued   recommendation requests waiting for a batch
   * @param limit    the in-flight limit
   */
  ServerMetrics(ModelHolder models, IntSupplier inFlight, IntSupplier queued, int limit) {
    requests = Counter.builder().name("llmesr_http_requests_total")
        .help("HTTP requests answered, by route template, method and status")
        .labelNames("route", "method", "status").register(registry);
    latency = Histogram.builder().name("llmesr_http_request_duration_seconds")
        .help("Time from request start to response, by route template and method")
        .labelNames("route", "method").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    batchSizes = Histogram.builder().name("llmesr_batch_size")
        .help("Recommendation requests per model call (micro-batch size)")
        .classicOnly().classicUpperBounds(BATCH_BOUNDS).register(registry);
    rejected = Counter.builder().name("llmesr_http_rejected_total")
        .help("Requests answered 503 because the in-flight limit was reached").register(registry);
    reloads = Counter.builder().name("llmesr_model_reloads_total")
        .help("Model reloads by result (ok, failed)").labelNames("result").register(registry);
    GaugeWithCallback.builder().name("llmesr_http_in_flight").help("/v1 requests being served")
        .callback(cb -> cb.call(inFlight.getAsInt())).register(registry);
    GaugeWithCallback.builder().name("llmesr_http_in_flight_limit").help("Most /v1 requests served at once")
        .callback(cb -> cb.call(limit)).register(registry);
    GaugeWithCallback.builder().name("llmesr_batch_queue_depth")
        .help("Recommendation requests waiting for a micro-batch")
        .callback(cb -> cb.call(queued.getAsInt())).register(registry);
    GaugeWithCallback.builder().name("llmesr_catalogue_items").help("Items the model can recommend, added included")
        .callback(cb -> withInfo(models, (r, i) -> cb.call(i.items()))).register(registry);
    GaugeWithCallback.builder().name("llmesr_catalogue_added_items").help("Items added after training")
        .callback(cb -> withInfo(models, (r, i) -> cb.call(i.addedItems()))).register(registry);
    GaugeWithCallback.builder().name("llmesr_model_info")
        .help("The model being served (value 1; what it is in the labels)")
        .labelNames("method", "backbone", "bundle", "bundle_sha256", "encoder", "max_history")
        .callback(cb -> withInfo(models, (r, i) -> cb.call(1, label(i.method()), label(i.backbone()),
            label(i.bundle()), label(i.bundleSha256()), label(i.encoder()), Integer.toString(r.maxHistory()))))
        .register(registry);
  }

  private interface InfoUse {
    void accept(Recommender model, Recommender.Info info);
  }

  private static void withInfo(ModelHolder models, InfoUse use) {
    if (!models.loaded()) return;
    try (ModelHolder.Lease lease = models.acquire()) {
      use.accept(lease.model(), lease.model().info());
    } catch (IllegalStateException stopped) {
      // the server stopped between loaded() and acquire(): nothing to report
    }
  }

  private static String label(String v) {
    return Objects.requireNonNullElse(v, "");
  }

  void request(String route, String method, int status, double seconds) {
    requests.labelValues(route, method, Integer.toString(status)).inc();
    latency.labelValues(route, method).observe(seconds);
  }

  void batch(int size) {
    batchSizes.observe(size);
  }

  void rejected() {
    rejected.inc();
  }

  void reload(boolean ok) {
    reloads.labelValues(ok ? "ok" : "failed").inc();
  }

  String contentType() {
    return writer.getContentType();
  }

  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
