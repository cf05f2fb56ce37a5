package io.llmesr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Open-loop HTTP load generator for {@code POST /v1/recommend} of {@code llmesr serve} (docs/http-api.md).
 *
 * <p><b>What it measures.</b> The latency of the server's answers at a fixed offered rate, as a client population
 * that does not slow down when the server does would see it: p50/p90/p95/p99/p99.9/max of the {@code 200}
 * answers (HdrHistogram, µs resolution), the achieved throughput, and counts by status ({@code 200}, {@code 503},
 * other) and by error (connection errors, timeouts, other I/O errors, requests still unanswered at the end).
 *
 * <p><b>How.</b> Request {@code i} is <em>scheduled</em> at {@code t0 + i / rate}, whatever happened to earlier
 * requests: one scheduler thread sleeps until the next scheduled time and hands the request to
 * {@link OpenLoopSender}, which passes it to the JDK {@link HttpClient}'s asynchronous API (HTTP/1.1) and never
 * waits for an answer. If the scheduler falls behind it submits the overdue requests at once. At most
 * {@code --max-connections} requests are on the wire at once (default 256, four times the server's default in-flight
 * bound, so the server's own {@code 503} answers, not the client, limit an overloaded run); beyond that requests wait
 * in a client queue, as with a fixed-connection open-loop tool (wrk2). The latency is measured from the scheduled
 * time, not from the actual send, so time a request spent waiting behind a slow server, in the client queue, or
 * behind a late scheduler is counted: this avoids <em>coordinated omission</em> (a closed-loop client that waits for
 * each answer sends fewer requests exactly when the server is slow, and under-reports the tail). The latency from
 * the actual send is reported too ({@code latency_from_send_ms}) for comparison; {@code max_send_lag_ms} tells how
 * far the scheduler itself fell behind and {@code max_client_queue} whether the connection bound was reached (large
 * values mean the client, not only the server, was short of CPU or connections: on a shared 2-core machine both
 * compete).
 *
 * <p>Bodies are {@code {"history": [...], "k": K}} with histories drawn uniformly (seeded) from a file
 * ({@link HistoryBodies}). A warm-up phase at the same rate precedes the measured one; requests scheduled during
 * the warm-up are not recorded, whenever their answers arrive. After the last scheduled request the generator
 * waits up to the request timeout (plus 2 s) for outstanding answers; those still missing count as {@code unfinished},
 * and queued requests older than the timeout as timeouts. Optionally it samples the server's RSS
 * ({@link RssSampler}) during the run, for a soak test.
 *
 * <p>Output: a human line, then one JSON line (also appended to {@code --json-out}). {@code slo_met} is true when
 * every measured request got {@code 200} and their p99 is at most {@code --slo-p99-ms}.
 *
 * <p>Run: {@code java -cp 'llmesr-bench/target/llmesr-bench.jar:llmesr-bench/target/lib/*'
 * io.llmesr.bench.LoadGenerator --url http://127.0.0.1:8080 --histories h.jsonl --rate 200 --duration 60 --warmup 10}
 */
@Command(name = "LoadGenerator", mixinStandardHelpOptions = true,
    description = "Open-loop load on POST /v1/recommend at a fixed arrival rate; latency from the scheduled send time.")
public final class LoadGenerator implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--url", required = true, description = "server base URL, e.g. http://127.0.0.1:8080")
  String url;

  @Option(names = "--histories", required = true, description = "JSONL ({\"history\": [...]}) or TSV file of raw-id histories")
  Path histories;

  @Option(names = "--rate", required = true, description = "requests per second (offered, open loop)")
  double rate;

  @Option(names = "--duration", defaultValue = "60", description = "measured seconds (default ${DEFAULT-VALUE})")
  double duration;

  @Option(names = "--warmup", defaultValue = "10", description = "warm-up seconds at the same rate, not recorded (default ${DEFAULT-VALUE})")
  double warmup;

  @Option(names = "--k", defaultValue = "10", description = "k of each request (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the history draw (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--timeout-ms", defaultValue = "10000", description = "per-request timeout (default ${DEFAULT-VALUE})")
  long timeoutMs;

  @Option(names = "--max-connections", defaultValue = "256",
      description = "most requests on the wire at once; more wait in a client queue, timed from their schedule (0 = no bound; default ${DEFAULT-VALUE})")
  int maxConnections;

  @Option(names = "--slo-p99-ms", defaultValue = "50", description = "p99 bound for slo_met (default ${DEFAULT-VALUE})")
  double sloP99Ms;

  @Option(names = "--label", defaultValue = "", description = "a name for this run, copied into the JSON")
  String label;

  @Option(names = "--json-out", description = "append the JSON line to this file")
  Path jsonOut;

  @Option(names = "--rss-pid", description = "sample this process's VmRSS during the run")
  Long rssPid;

  @Option(names = "--rss-every", defaultValue = "5", description = "seconds between RSS samples (default ${DEFAULT-VALUE})")
  double rssEvery;

  @Option(names = "--rss-csv", description = "CSV of the RSS samples (default: rss-<pid>.csv beside --json-out, or in the working directory)")
  Path rssCsv;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0) || !(duration > 0) || warmup < 0 || k < 1 || timeoutMs < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "need rate > 0, duration > 0, warmup >= 0, k >= 1, timeout-ms >= 1");
    }
    List<byte[]> bodies = HistoryBodies.read(histories, k);
    URI uri = URI.create(url.replaceAll("/+$", "") + "/v1/recommend");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(timeoutMs)).build();
    Duration timeout = Duration.ofMillis(timeoutMs);
    LatencyRecorder measured = new LatencyRecorder();
    OpenLoopSender sender = new OpenLoopSender(client, uri, timeout, maxConnections);
    SplittableRandom random = new SplittableRandom(seed);

    double periodNanos = 1e9 / rate;
    long t0 = System.nanoTime() + 20_000_000L;   // a little slack to start on schedule
    long warmupCount = (long) Math.ceil(warmup * rate);   // request i is measured iff i >= warmupCount
    long measureFrom = t0 + (long) (warmupCount * periodNanos);
    long end = t0 + Math.round((warmup + duration) * 1e9);
    Instant startedAt = Instant.now();

    Path csv = rssCsv;
    if (rssPid != null && csv == null) {
      String name = "rss-" + rssPid + ".csv";
      csv = jsonOut != null && jsonOut.toAbsolutePath().getParent() != null ? jsonOut.toAbsolutePath().getParent().resolve(name) : Path.of(name);
    }
    RssSampler rss = rssPid == null ? null : new RssSampler(rssPid, rssEvery, csv, now -> now >= measureFrom);

    long sent = 0;
    long measuredSent = 0;
    long maxLag = 0;
    for (long i = 0; ; i++) {
      long scheduled = t0 + (long) (i * periodNanos);
      if (scheduled >= end) break;
      long now;
      while ((now = System.nanoTime()) < scheduled) LockSupport.parkNanos(scheduled - now);
      boolean isMeasured = i >= warmupCount;
      if (isMeasured) {
        maxLag = Math.max(maxLag, now - scheduled);
        measuredSent++;
      }
      sent++;
      sender.submit(new OpenLoopSender.Scheduled(bodies.get(random.nextInt(bodies.size())), scheduled,
          isMeasured ? measured : null));
    }
    long waitUntil = System.nanoTime() + (timeoutMs + 2000) * 1_000_000L;
    while (sender.unfinished() > 0 && System.nanoTime() < waitUntil) LockSupport.parkNanos(1_000_000L);
    if (rss != null) rss.close();

    double measuredSeconds = (end - measureFrom) / 1e9;
    long ok = measured.okCount();
    long lastOk = measured.lastOkDoneNanos();
    double okSpan = ok == 0 ? measuredSeconds : Math.max(measuredSeconds, (lastOk - measureFrom) / 1e9);
    long unfinished = sender.unfinishedMeasured();

    ObjectNode out = JSON.createObjectNode();
    out.put("bench", "serving-load");
    out.put("label", label);
    out.put("started_at", startedAt.toString());
    out.put("url", uri.toString());
    out.put("rate", rate);
    out.put("duration_s", duration);
    out.put("warmup_s", warmup);
    out.put("k", k);
    out.put("seed", seed);
    out.put("histories", bodies.size());
    out.put("timeout_ms", timeoutMs);
    out.put("sent", measuredSent);
    out.put("sent_warmup", sent - measuredSent);
    out.put("answered", measured.answers());
    out.put("sent_per_s", round(measuredSent / measuredSeconds));
    out.put("throughput_ok_per_s", round(ok / okSpan));
    out.put("max_send_lag_ms", round(maxLag / 1e6));
    out.put("max_connections", maxConnections);
    out.put("max_on_wire", sender.maxOnWire());
    out.put("max_client_queue", sender.maxQueued());
    measured.writeTo(out, unfinished);
    boolean allOk = ok == measuredSent && ok > 0;
    out.put("slo_p99_ms", sloP99Ms);
    out.put("slo_met", allOk && measured.p99Ms() <= sloP99Ms);
    if (rss != null) rss.writeTo(out, csv.getFileName().toString());

    System.out.printf(Locale.ROOT, "%s rate %.0f/s for %.0f s (+%.0f s warm-up): sent %d, 200 %d, 503 %d, other %d, errors %d;"
            + " throughput %.1f/s; latency ms p50 %.2f p95 %.2f p99 %.2f max %.2f; send lag max %.1f ms; SLO p99<=%.0f ms %s%n",
        label.isEmpty() ? "load" : label, rate, duration, warmup, measuredSent, ok, measured.count(503),
        out.get("status").get("other").asLong(), out.get("errors_total").asLong(), ok / okSpan,
        measured.percentileMs(50), measured.percentileMs(95), measured.p99Ms(), measured.maxMs(), maxLag / 1e6,
        sloP99Ms, out.get("slo_met").asBoolean() ? "met" : "NOT met");
    String line = JSON.writeValueAsString(out);
    System.out.println(line);
    if (jsonOut != null) append(jsonOut, line);
    return 0;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  private static void append(Path file, String line) throws IOException {
    if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
