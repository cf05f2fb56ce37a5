package io.llmesr.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.wire.JsonFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/admin/reload {"bundle": "dir"}}: loads the bundle in {@code dir} with the {@link ModelLoader}
 * and swaps it in (see {@link ModelHolder}); on any failure the old model keeps serving. Only a directory holding a
 * {@code bundle.json} (and, when a reload root is configured, inside it) is accepted; nothing is written. Registered
 * only when {@link ServerConfig#adminEnabled()}: this endpoint loads files named by the client and must never be
 * reachable from outside the operator's network.
 */
final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  private final ModelHolder models;
  private final ModelLoader loader;
  private final Optional<Path> root;
  private final JsonBody body;
  private final Responder out;
  private final ServerMetrics metrics;
  private final Object reloadLock = new Object();

  AdminApi(ModelHolder models, ModelLoader loader, Optional<Path> root, JsonBody body, Responder out,
           ServerMetrics metrics) {
    this.models = models;
    this.loader = loader;
    this.root = root;
    this.body = body;
    this.out = out;
    this.metrics = metrics;
  }

  void reload(Context ctx) {
    ObjectNode json = body.read(ctx);
    String given = new JsonFields(json, "").only(Set.of("bundle")).requiredString("bundle");
    Path dir = bundleDir(given);
    synchronized (reloadLock) { // one load at a time: two large models must not be loaded side by side
      Recommender next;
      try {
        next = loader.load(dir);
        if (next == null) throw new IOException("the loader returned no model");
      } catch (IOException | RuntimeException e) {
        metrics.reload(false);
        LOG.warn("reload of {} failed; the old model keeps serving", dir, e);
        throw new ApiException(422, "bundle", "could not load the bundle: " + e.getMessage()
            + " (the previous model is still serving)");
      }
      models.swap(next);
      metrics.reload(true);
      LOG.info("reloaded: now serving {}", dir);
      try (ModelHolder.Lease lease = models.acquire()) {
        out.json(ctx, 200, new Wire.ReloadJson(true, Wire.ModelJson.of(lease.model())));
      }
    }
  }

  /** The real path of a bundle directory, or a 400/403 naming field bundle. */
  private Path bundleDir(String given) {
    Path dir;
    try {
      dir = Path.of(given).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw ApiException.badRequest("bundle", "not a valid path: " + e.getMessage());
    }
    if (!Files.isDirectory(dir)) throw ApiException.badRequest("bundle", "not a directory: " + given);
    if (!Files.isRegularFile(dir.resolve("bundle.json"))) {
      throw ApiException.badRequest("bundle", "not a model bundle (no bundle.json): " + given);
    }
    try {
      Path real = dir.toRealPath();
      if (root.isPresent() && !real.startsWith(root.get().toRealPath())) {
        throw new ApiException(403, "bundle", "bundles are loaded only from inside the configured reload root");
      }
      return real;
    } catch (IOException e) {
      throw ApiException.badRequest("bundle", "cannot resolve " + given + ": " + e.getMessage());
    }
  }
}
