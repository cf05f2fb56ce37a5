package io.llmesr.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.wire.RecommendRequests;
import java.util.Objects;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service over a {@link Recommender}: the JSON API under {@code /v1}, {@code /health}, {@code /ready},
 * {@code /metrics}, {@code /openapi.json} and the web page at {@code /} (see {@code docs/http-api.md}).
 *
 * <pre>
 *   LlmesrServer server = new LlmesrServer(BundleRecommender.open(bundle), BundleRecommender::open,
 *       ServerConfig.defaults().withPort(8080)).start();
 *   ...
 *   server.stop();
 * </pre>
 *
 * <p>The server owns the model it is given and every model it reloads: it closes each one when it is replaced (once
 * the requests using it are done) or when the server stops. Concurrent recommendation requests are micro-batched
 * ({@link MicroBatcher}); {@code /v1} requests beyond {@link ServerConfig#maxInFlight()} get 503 at once.
 */
public final class LlmesrServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LlmesrServer.class);
  static final String ROUTE_ATTRIBUTE = "llmesr.route";

  private final ServerConfig config;
  private final ModelHolder models;
  private final Responder out = new Responder();
  private final ServerMetrics metrics;
  private final InFlightLimit limit;
  private final MicroBatcher batcher;
  private final Javalin app;
  private volatile boolean serving;
  private boolean stopped;

  /**
   * @param model  the model to serve first (owned by the server from now on)
   * @param loader loads the bundle named in a reload; may be null when {@link ServerConfig#adminEnabled()} is off
   */
  public LlmesrServer(Recommender model, ModelLoader loader, ServerConfig config) {
    Objects.requireNonNull(model, "model");
    this.config = Objects.requireNonNull(config, "config");
    if (config.adminEnabled()) Objects.requireNonNull(loader, "loader (the admin endpoint is enabled)");
    this.models = new ModelHolder(model);
    this.metrics = new ServerMetrics(models, this::inFlight, this::queued, config.maxInFlight());
    this.limit = new InFlightLimit(config.maxInFlight(), out, metrics);
    this.batcher = new MicroBatcher(models, config.batchWindow(), config.maxBatchSize(), config.batchWorkers(),
        metrics::batch);
    JsonBody body = new JsonBody(out.mapper(), config.maxBodyBytes());
    RecommendApi recommend = new RecommendApi(models, batcher, body, new RecommendRequests(config.maxHistoryIds(), config.rejectLongHistory(), config.maxBatchRequests()), out);
    ItemsApi items = new ItemsApi(models, body, out);
    OpsApi ops = new OpsApi(models, () -> serving, metrics, out);
    AdminApi admin = config.adminEnabled()
        ? new AdminApi(models, loader, config.reloadRoot(), body, out, metrics) : null;
    this.app = Javalin.create(c -> configure(c, recommend, items, ops, admin));
  }

  private void configure(JavalinConfig c, RecommendApi recommend, ItemsApi items, OpsApi ops, AdminApi admin) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.jetty.host = config.host();
    c.jetty.port = config.port();
    // every in-flight request holds a thread while it waits for its batch; leave room for /health, /metrics, pages
    QueuedThreadPool pool = new QueuedThreadPool(config.maxInFlight() + 32, 8);
    pool.setName("llmesr-http");
    c.jetty.threadPool = pool;
    c.http.maxRequestSize = config.maxBodyBytes();
    c.http.prefer405over404 = true;
    c.staticFiles.add(sf -> {
      sf.hostedPath = "/";
      sf.directory = "/io/llmesr/server/web";
      sf.location = Location.CLASSPATH;
    });
    c.routes.post("/v1/recommend", api("/v1/recommend", recommend::one));
    c.routes.post("/v1/recommend/batch", api("/v1/recommend/batch", recommend::batch));
    c.routes.get("/v1/items", api("/v1/items", items::search));
    c.routes.post("/v1/items", api("/v1/items", items::add));
    c.routes.get("/v1/items/{id}", api("/v1/items/{id}", items::get));
    c.routes.get("/v1/items/{id}/similar", api("/v1/items/{id}/similar", items::similar));
    if (admin != null) c.routes.post("/v1/admin/reload", route("/v1/admin/reload", admin::reload));
    c.routes.get("/health", route("/health", ops::health));
    c.routes.get("/ready", route("/ready", ops::ready));
    c.routes.get("/metrics", route("/metrics", ops::metrics));
    c.routes.get("/openapi.json", route("/openapi.json", ops::openApi));
    c.routes.exception(Exception.class, this::onException);
    // Javalin's own 404 (no route) and 405 (wrong method) are HttpResponseExceptions; answer them in JSON too
    c.routes.exception(HttpResponseException.class, this::onException);
    c.requestLogger.http(this::observe);
  }

  /** A {@code /v1} route: labelled for metrics and bounded by the in-flight limit. */
  private Handler api(String template, Handler h) {
    return route(template, limit.guard(h));
  }

  private static Handler route(String template, Handler h) {
    return ctx -> {
      ctx.attribute(ROUTE_ATTRIBUTE, template);
      h.handle(ctx);
    };
  }

  private void onException(Exception e, Context ctx) {
    if (e instanceof ApiException a) {
      out.error(ctx, a.status(), a.field(), a.getMessage());
    } else if (e instanceof Recommender.ItemExistsException x) {
      out.error(ctx, 409, x.field(), x.getMessage());
    } else if (e instanceof Recommender.RequestException r) {
      out.error(ctx, 400, r.field(), r.getMessage());
    } else if (e instanceof UnsupportedOperationException u) {
      out.error(ctx, 501, null, u.getMessage() == null ? "not supported by this model" : u.getMessage());
    } else if (e instanceof HttpResponseException h) {
      out.error(ctx, h.getStatus(), null, h.getMessage());
    } else {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      out.error(ctx, 500, null, "internal error: " + e.getClass().getSimpleName());
    }
  }

  private void observe(Context ctx, Float ms) {
    String route = ctx.attribute(ROUTE_ATTRIBUTE);
    if (route == null) route = ctx.statusCode() == 404 ? "unmatched" : "static";
    metrics.request(route, ctx.method().name(), ctx.statusCode(), ms / 1000.0);
  }

  /** Starts listening; returns this. */
  public synchronized LlmesrServer start() {
    if (stopped) throw new IllegalStateException("a stopped server cannot be started again");
    app.start();
    serving = true;
    LOG.info("llmesr server listening on {}:{}", config.host(), port());
    return this;
  }

  /** The port the server listens on (the real one when the configured port was 0). */
  public int port() {
    return app.port();
  }

  /** {@code /v1} requests being served now. */
  public int inFlight() {
    return limit == null ? 0 : limit.inFlight();
  }

  /** Recommendation requests waiting for a micro-batch. */
  public int queued() {
    return batcher == null ? 0 : batcher.queued();
  }

  /** Stops listening, then closes the batcher and the model. Idempotent. */
  public synchronized void stop() {
    if (stopped) return;
    stopped = true;
    serving = false;
    try {
      app.stop();
    } finally {
      batcher.close();
      models.close();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
