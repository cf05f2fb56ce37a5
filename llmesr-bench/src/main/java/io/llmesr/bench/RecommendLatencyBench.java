package io.llmesr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.recommend.BundleRecommender;
import io.llmesr.recommend.Recommender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * In-process latency of {@link BundleRecommender#recommend} without HTTP: one request at a time, histories from a
 * {@link TestHistories} file, after a warm-up. Prints p50/p90/p99 in microseconds. Arguments: BUNDLE HISTORIES
 * [REQUESTS] [BATCH].
 */
public final class RecommendLatencyBench {
  public static void main(String[] args) throws Exception {
    Path bundle = Path.of(args[0]);
    ObjectMapper json = new ObjectMapper();
    List<List<String>> histories = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      JsonNode h = json.readTree(line).get("history");
      List<String> ids = new ArrayList<>();
      h.forEach(x -> ids.add(x.asText()));
      histories.add(ids);
    }
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    try (BundleRecommender r = BundleRecommender.open(bundle)) {
      run(r, histories, requests / 3, batch);
      long[] t = run(r, histories, requests, batch);
      Arrays.sort(t);
      System.out.printf(Locale.ROOT, "batch %d: p50 %d us, p90 %d us, p99 %d us (%d calls)%n", batch,
          t[t.length / 2] / 1000, t[(int) (t.length * 0.9)] / 1000, t[(int) (t.length * 0.99)] / 1000, t.length);
    }
  }

  private static long[] run(BundleRecommender r, List<List<String>> histories, int calls, int batch) {
    long[] t = new long[calls];
    int next = 0;
    for (int c = 0; c < calls; c++) {
      List<Recommender.Request> reqs = new ArrayList<>(batch);
      for (int b = 0; b < batch; b++) reqs.add(Recommender.Request.of(histories.get(next++ % histories.size()), 10));
      long s = System.nanoTime();
      r.recommend(reqs);
      t[c] = System.nanoTime() - s;
    }
    return t;
  }
}
