package io.llmesr.cli;

import io.llmesr.recommend.BundleRecommender;
import io.llmesr.recommend.SimilarIndex;
import io.llmesr.server.LlmesrServer;
import io.llmesr.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmesr serve BUNDLE --port P}: the HTTP service (docs/http-api.md) and its web page over a model bundle,
 * until interrupted (Ctrl-C or SIGTERM stop it cleanly).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve a model bundle over HTTP: JSON API under /v1, a web page at /, /health, /ready, /metrics,",
        "/openapi.json (docs/http-api.md). New items added with POST /v1/items are kept beside the bundle."})
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin Mixins.BundleDir bundleDir;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 = any free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 = all)")
  String host;

  @Option(names = "--max-in-flight", defaultValue = "128", description = "requests served at once; more get 503 (default ${DEFAULT-VALUE})")
  int maxInFlight;

  @Option(names = "--batch-window-ms", defaultValue = "2", description = "how long a micro-batch may wait for more requests (default ${DEFAULT-VALUE})")
  int batchWindowMs;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "requests per model call at most (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--batch-workers", defaultValue = "1", description = "model calls at once (default ${DEFAULT-VALUE})")
  int batchWorkers;

  @Option(names = "--cold-start", paramLabel = "pca|regression",
      description = "how added items get their collaborative vector (default: the bundle's)")
  String coldStart;

  @Option(names = "--similar-index", defaultValue = "auto", paramLabel = "auto|exact|hnsw",
      description = "how /v1/items/{id}/similar searches the trained items: exact scan, HNSW graph built at start,"
          + " auto = HNSW from " + SimilarIndex.AUTO_MIN_ITEMS + " trained items (default ${DEFAULT-VALUE}; added items are always scanned)")
  String similarIndex;

  @Mixin Mixins.Hnsw hnsw;

  @Option(names = "--admin-root", paramLabel = "DIR",
      description = "enable POST /v1/admin/reload for bundles under DIR (keep it off on a public address)")
  Path adminRoot;

  @Override
  public Integer call() throws Exception {
    Path bundle = bundleDir.path;
    ServerConfig config;
    SimilarIndex similar;
    try {
      similar = new SimilarIndex(SimilarIndex.kind(similarIndex), hnsw.params(spec.commandLine()));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (similar.kind() == SimilarIndex.Kind.EXACT) Mixins.Hnsw.refuseIfGiven(spec.commandLine(), "with --similar-index auto or hnsw");
    try {
      config = ServerConfig.defaults().withHost(host).withPort(port).withMaxInFlight(maxInFlight)
          .withBatching(Duration.ofMillis(batchWindowMs), batchSize).withBatchWorkers(batchWorkers)
          .withAdmin(adminRoot != null, Optional.ofNullable(adminRoot));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    long t0 = System.nanoTime();
    BundleRecommender model = BundleRecommender.open(bundle, coldStart, similar);
    LlmesrServer server = new LlmesrServer(model, dir -> BundleRecommender.open(dir, coldStart, similar), config).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      stopped.countDown();
    }, "llmesr-serve-shutdown"));
    var o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "serving %s (%s / %s, %,d items) on http://%s:%d/ (loaded in %.1f s); Ctrl-C stops%n", bundle,
        model.info().backbone(), model.info().method(), model.info().items(), host, server.port(),
        (System.nanoTime() - t0) / 1e9);
    o.flush();
    stopped.await();
    return 0;
  }
}
