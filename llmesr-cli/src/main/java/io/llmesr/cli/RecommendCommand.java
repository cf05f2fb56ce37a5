package io.llmesr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.recommend.BundleRecommender;
import io.llmesr.recommend.Recommender;
import io.llmesr.recommend.wire.RecommendRequests;
import io.llmesr.recommend.wire.RecommendationJson;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmesr recommend BUNDLE --history ID,ID --k 10}: top-k for a history of raw item ids, from a model bundle
 * (docs/serving.md). {@code --requests FILE.jsonl} answers one request per line in one process, in batches.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
    description = {"Recommend the top-k items after a history of raw item ids, from a model bundle.",
        "History items are excluded unless --include-history; unknown ids are reported, not fatal unless none is known."})
final class RecommendCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = RecommendationJson.MAPPER;
  private static final RecommendRequests WIRE = RecommendRequests.unlimited();
  /** Requests per model call with --requests. */
  static final int INPUT_BATCH = 64;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin Mixins.BundleDir bundle;

  @Option(names = "--history", split = ",", paramLabel = "ID,ID,...", description = "the user's items, oldest first")
  List<String> history;

  @Option(names = "--k", defaultValue = "10", paramLabel = "K",
      description = "how many items to recommend (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--exclude", split = ",", paramLabel = "ID,...", description = "items never to recommend")
  List<String> exclude;

  @Option(names = "--include-history", description = "allow the history's own items in the list")
  boolean includeHistory;

  @Option(names = "--requests", paramLabel = "FILE.jsonl",
      description = "one request per line: {\"history\":[ids],\"k\":10,\"exclude\":[ids]}; one JSON answer per line")
  Path requests;

  @Mixin Mixins.Json json;

  @Override
  public Integer call() throws Exception {
    if ((history == null) == (requests == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give either --history ID,ID,... or --requests FILE.jsonl");
    }
    PrintWriter o = spec.commandLine().getOut();
    try (BundleRecommender r = BundleRecommender.open(bundle.path)) {
      if (requests != null) return streamRequests(r, o);
      Recommender.Recommendation rec = r.recommend(new Recommender.Request(history, k, exclude, !includeHistory));
      if (json.on) {
        o.println(JSON.writeValueAsString(RecommendationJson.of(rec, false)));
      } else {
        if (!rec.unknownIds().isEmpty()) o.println("unknown ids (left out): " + String.join(", ", rec.unknownIds()));
        if (rec.truncated()) o.println("history truncated to its last " + rec.historyUsed() + " items (the model's length)");
        o.printf(Locale.ROOT, "%-4s %-14s %9s  %-4s  %s%n", "rank", "id", "score", "", "title");
        int rank = 1;
        for (Recommender.ScoredItem s : rec.items()) {
          o.printf(Locale.ROOT, "%-4d %-14s %9.4f  %-4s  %s%n", rank++, s.id(), s.score(),
              s.added() ? "new" : s.tail() ? "tail" : "head", s.title());
        }
      }
    }
    o.flush();
    return 0;
  }

  /** One input line: its number and either a request or the error that parsing it gave. */
  private record Line(long no, Recommender.Request request, Exception error) { }

  /**
   * Answers every line of {@code --requests} in input order, {@value #INPUT_BATCH} requests per model call; a bad line
   * gets an error line. Exit code 1 when any line failed.
   */
  private int streamRequests(Recommender r, PrintWriter o) throws Exception {
    int failed = 0;
    try (BufferedReader in = Files.newBufferedReader(requests, StandardCharsets.UTF_8)) {
      List<Line> batch = new ArrayList<>();
      String text;
      long no = 0;
      while ((text = in.readLine()) != null) {
        no++;
        if (text.isBlank()) continue;
        try {
          batch.add(new Line(no, WIRE.one(JSON.readTree(text), r.info().items(), k).request(), null));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
          batch.add(new Line(no, null, e));
        }
        if (batch.size() == INPUT_BATCH) failed += flush(r, batch, o);
      }
      failed += flush(r, batch, o);
    }
    o.flush();
    return failed == 0 ? 0 : 1;
  }

  private int flush(Recommender r, List<Line> batch, PrintWriter o) throws Exception {
    List<Recommender.Request> requests = new ArrayList<>();
    for (Line l : batch) if (l.request() != null) requests.add(l.request());
    List<Recommender.Recommendation> answers;
    try {
      answers = requests.isEmpty() ? List.of() : r.recommend(requests);
    } catch (IllegalArgumentException e) {
      answers = null;   // a bad request in the batch: answer one by one, so that the others still get their lists
    }
    int failed = 0;
    int next = 0;
    for (Line l : batch) {
      Exception error = l.error();
      Recommender.Recommendation a = null;
      if (error == null) {
        try {
          a = answers != null ? answers.get(next) : r.recommend(l.request());
        } catch (IllegalArgumentException e) {
          error = e;
        }
        next++;
      }
      if (error != null) {
        failed++;
        o.println(error(l.no(), error));
      } else {
        ObjectNode j = toJson(a);
        j.put("line", l.no());
        o.println(JSON.writeValueAsString(j));
      }
    }
    batch.clear();
    return failed;
  }

  private static String error(long line, Exception e) throws Exception {
    ObjectNode j = JSON.createObjectNode();
    j.put("line", line);
    j.put("error", e instanceof com.fasterxml.jackson.core.JacksonException je ? "malformed JSON: " + je.getOriginalMessage()
        : e.getMessage());
    if (e instanceof Recommender.RequestException re) j.put("field", re.field());
    return JSON.writeValueAsString(j);
  }

  static ObjectNode toJson(Recommender.Recommendation rec) {
    return RecommendationJson.MAPPER.valueToTree(RecommendationJson.of(rec, false));
  }
}
