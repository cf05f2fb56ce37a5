package io.llmesr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.ann.HnswParams;
import io.llmesr.embed.SimilarUsers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmesr similar-users DATASET_DIR}: top-N users by cosine (spec 2.7), exact ({@link SimilarUsers#run}, the
 * default) or approximate over an HNSW graph ({@code --index hnsw}, {@link SimilarUsers#runHnsw}).
 */
@Command(name = "similar-users", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"For every user, the most similar other users by cosine of the LLM user embeddings.",
        "Exact search by default; --index hnsw searches approximately through an HNSW graph (large tables).",
        "Writes embeddings/similar_users.i32 (user indices), similar_users_scores.f32 and similar_users.json;",
        "--index hnsw also keeps the graph (similar_users.hnsw + .json) and reuses it while the user table,",
        "--hnsw-m and --hnsw-ef-construction are unchanged."})
final class SimilarUsersCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin Mixins.DatasetDir dataset;

  @Option(names = "--top", defaultValue = "100", description = "Neighbours per user (default ${DEFAULT-VALUE}; training uses the first 10).")
  int top;

  @Mixin Mixins.Threads threads;

  @Option(names = "--kernel", defaultValue = "auto", paramLabel = "auto|torch|java",
      description = "Score kernel: torch (PyTorch matrix product, fast), java (pure Java, bit-exact), auto = torch if it loads (default).")
  String kernel;

  @Option(names = "--index", defaultValue = "exact", paramLabel = "exact|hnsw",
      description = "exact: score every pair (default, the reference); hnsw: approximate, via an HNSW graph (docs/embeddings.md).")
  String index;

  @Mixin Mixins.Hnsw hnswOptions;

  @Option(names = "--allow-degenerate",
      description = "Write the table even when most users' neighbour scores all tie (refused by default: the neighbours would be arbitrary).")
  boolean allowDegenerate;

  @Mixin Mixins.Json json;

  @Override
  public Integer call() throws IOException {
    Path datasetDir = dataset.path;
    PrintWriter out = spec.commandLine().getOut();
    if (top < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--top must be >= 1");
    SimilarUsers.Kernel kn;
    try {
      kn = SimilarUsers.Kernel.valueOf(kernel.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown kernel '" + kernel + "' (auto, torch or java)");
    }
    boolean hnsw;
    if ("exact".equals(index)) hnsw = false;
    else if ("hnsw".equals(index)) hnsw = true;
    else throw new CommandLine.ParameterException(spec.commandLine(), "--index must be exact or hnsw, got '" + index + "'");
    HnswParams params = null;
    if (hnsw) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--kernel")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--kernel applies only with --index exact"
            + " (--index hnsw rescores its candidates with the plain Java loop)");
      }
      params = hnswOptions.params(spec.commandLine());
    } else {
      Mixins.Hnsw.refuseIfGiven(spec.commandLine(), "with --index hnsw");
    }
    long t0 = System.nanoTime();
    SimilarUsers.Table t = hnsw
        ? SimilarUsers.runHnsw(datasetDir, top, threads.resolve(), params, allowDegenerate)
        : SimilarUsers.run(datasetDir, top, threads.resolve(), kn, allowDegenerate);
    double secs = (System.nanoTime() - t0) / 1e9;
    String how = t.manifest().index() == null ? "exact" : t.manifest().index().kind();
    if (json.on) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("users", t.users());
      j.put("top", t.k());
      j.put("index", how);
      j.put("kernel", t.manifest().kernel());
      j.put("seconds", Math.round(secs * 1000) / 1000.0);
      out.println(new ObjectMapper().writeValueAsString(j));
    } else {
      out.printf(Locale.ROOT, "wrote %s: %,d users x top %d (%s, %s kernel) in %.1f s%n",
          datasetDir.resolve("embeddings").resolve(t.manifest().indices()), t.users(), t.k(), how, t.manifest().kernel(), secs);
    }
    out.flush();
    return 0;
  }
}
