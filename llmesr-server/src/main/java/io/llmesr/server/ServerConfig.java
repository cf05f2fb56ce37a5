package io.llmesr.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of an {@link LlmesrServer}. Start from {@link #defaults()} and change what you need with the
 * {@code withX} methods.
 *
 * @param host               address to bind ({@code 127.0.0.1} by default; {@code 0.0.0.0} for all interfaces)
 * @param port               TCP port; 0 picks a free one ({@link LlmesrServer#port()} tells which)
 * @param maxInFlight        {@code /v1} requests served at once; one more is answered 503 with {@code Retry-After: 1}
 * @param batchWindow        how long a micro-batch waits for more recommendation requests that are already being
 *                           read; a request that is alone is dispatched at once
 * @param maxBatchSize       recommendation requests per {@code Recommender.recommend(List)} call
 * @param batchWorkers       threads that collect and run micro-batches (model calls at once)
 * @param maxBodyBytes       largest request body; a larger one is answered 413
 * @param maxHistoryIds      most history ids (and exclude ids) read from one request
 * @param rejectLongHistory  what to do with a history longer than {@code maxHistoryIds}: {@code false} keeps its most
 *                           recent ids and answers {@code truncated: true}; {@code true} answers 400 (field history).
 *                           Histories up to {@code maxHistoryIds} are passed whole: the Recommender keeps the most
 *                           recent {@code maxHistory()} of them and says so
 * @param maxBatchRequests   most requests in one {@code POST /v1/recommend/batch}
 * @param adminEnabled       whether {@code POST /v1/admin/reload} exists; never expose it publicly
 * @param reloadRoot         when present, reload accepts only bundle directories inside this directory
 */
public record ServerConfig(String host, int port, int maxInFlight, Duration batchWindow, int maxBatchSize,
                           int batchWorkers, long maxBodyBytes, int maxHistoryIds, boolean rejectLongHistory,
                           int maxBatchRequests, boolean adminEnabled, Optional<Path> reloadRoot) {

  public ServerConfig {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("host must be set");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535");
    if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
    if (batchWindow == null || batchWindow.isNegative()) throw new IllegalArgumentException("batchWindow must be >= 0");
    if (maxBatchSize < 1) throw new IllegalArgumentException("maxBatchSize must be >= 1");
    if (batchWorkers < 1) throw new IllegalArgumentException("batchWorkers must be >= 1");
    if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be >= 1");
    if (maxHistoryIds < 1) throw new IllegalArgumentException("maxHistoryIds must be >= 1");
    if (maxBatchRequests < 1) throw new IllegalArgumentException("maxBatchRequests must be >= 1");
    reloadRoot = reloadRoot == null ? Optional.empty() : reloadRoot;
  }

  /**
   * Loopback, port 8080, 128 in flight, micro-batches of up to 64 within 2 ms, 1 MiB bodies, admin off. 128 in
   * flight: with 64, bursts of an open-loop load at 1,000 requests/s on two cores met the bound (61 of 60,000 answered
   * 503, docs/benchmarks/serving.md); with 128 all were answered, p99 35–53 ms over two runs.
   */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 8080, 128, Duration.ofMillis(2), 64, 1, 1 << 20, 1000, false, 256, false,
        Optional.empty());
  }

  public ServerConfig withHost(String v) {
    return new ServerConfig(v, port, maxInFlight, batchWindow, maxBatchSize, batchWorkers, maxBodyBytes,
        maxHistoryIds, rejectLongHistory, maxBatchRequests, adminEnabled, reloadRoot);
  }

  public ServerConfig withPort(int v) {
    return new ServerConfig(host, v, maxInFlight, batchWindow, maxBatchSize, batchWorkers, maxBodyBytes,
        maxHistoryIds, rejectLongHistory, maxBatchRequests, adminEnabled, reloadRoot);
  }

  public ServerConfig withMaxInFlight(int v) {
    return new ServerConfig(host, port, v, batchWindow, maxBatchSize, batchWorkers, maxBodyBytes,
        maxHistoryIds, rejectLongHistory, maxBatchRequests, adminEnabled, reloadRoot);
  }

  /** Window and size of a micro-batch. */
  public ServerConfig withBatching(Duration window, int size) {
    return new ServerConfig(host, port, maxInFlight, window, size, batchWorkers, maxBodyBytes,
        maxHistoryIds, rejectLongHistory, maxBatchRequests, adminEnabled, reloadRoot);
  }

  public ServerConfig withBatchWorkers(int v) {
    return new ServerConfig(host, port, maxInFlight, batchWindow, maxBatchSize, v, maxBodyBytes,
        maxHistoryIds, rejectLongHistory, maxBatchRequests, adminEnabled, reloadRoot);
  }

  public ServerConfig withMaxBodyBytes(long v) {
    return new ServerConfig(host, port, maxInFlight, batchWindow, maxBatchSize, batchWorkers, v,
        maxHistoryIds, rejectLongHistory, maxBatchRequests, adminEnabled, reloadRoot);
  }

  /** History ids read per request, and whether a longer history is refused (400) or cut to its most recent ids. */
  public ServerConfig withHistoryLimit(int maxIds, boolean reject) {
    return new ServerConfig(host, port, maxInFlight, batchWindow, maxBatchSize, batchWorkers, maxBodyBytes,
        maxIds, reject, maxBatchRequests, adminEnabled, reloadRoot);
  }

  public ServerConfig withMaxBatchRequests(int v) {
    return new ServerConfig(host, port, maxInFlight, batchWindow, maxBatchSize, batchWorkers, maxBodyBytes,
        maxHistoryIds, rejectLongHistory, v, adminEnabled, reloadRoot);
  }

  /** Enables {@code POST /v1/admin/reload}, optionally only for bundles inside {@code root}. */
  public ServerConfig withAdmin(boolean enabled, Optional<Path> root) {
    return new ServerConfig(host, port, maxInFlight, batchWindow, maxBatchSize, batchWorkers, maxBodyBytes,
        maxHistoryIds, rejectLongHistory, maxBatchRequests, enabled, root);
  }
}
