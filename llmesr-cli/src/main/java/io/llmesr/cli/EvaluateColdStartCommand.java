package io.llmesr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.data.io.AtomicFiles;
import io.llmesr.recommend.ColdStartEvaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmesr evaluate-cold-start BUNDLE... --dataset DIR}: how well bundles recommend items added after training by
 * their text (docs/serving.md, "Cold-start quality"), beside popularity and, with {@code --warm}, a model that was
 * trained with those items.
 */
@Command(name = "evaluate-cold-start", mixinStandardHelpOptions = true,
    description = {"Add the items a dataset held out (prepare --hold-out-new-items) to each bundle by their text, and rank",
        "them for the users whose last item they were: HR@10 / NDCG@10 over the whole catalogue."})
final class EvaluateColdStartCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "BUNDLE", description = "bundles of models trained on the hold-out dataset")
  List<Path> bundles;

  @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "the dataset prepared with --hold-out-new-items")
  Path dataset;

  @Option(names = "--rules", split = ",", paramLabel = "pca,regression",
      description = "cold-start rules to try for each bundle (default: the bundle's own)")
  List<String> rules;

  @Option(names = "--warm", paramLabel = "BUNDLE", description = "a bundle trained on the full data (knows the items), as the reference")
  List<Path> warm;

  @Mixin Mixins.MarkdownFile markdownFile;

  @Mixin Mixins.Json json;

  @Override
  public Integer call() throws Exception {
    List<ColdStartEvaluation.Result> results = new ArrayList<>();
    results.add(ColdStartEvaluation.popularity(bundles.get(0), dataset));
    for (Path b : bundles) {
      if (rules == null) results.add(ColdStartEvaluation.run(b, dataset, null, false));
      else for (String r : rules) results.add(ColdStartEvaluation.run(b, dataset, r, false));
    }
    if (warm != null) for (Path w : warm) results.add(ColdStartEvaluation.run(w, dataset, null, true));
    PrintWriter o = spec.commandLine().getOut();
    String table = table(results);
    if (json.on) o.println(new ObjectMapper().writeValueAsString(results));
    else o.print(table);
    if (markdownFile.path != null) AtomicFiles.writeString(markdownFile.path, table);
    o.flush();
    return 0;
  }

  static String table(List<ColdStartEvaluation.Result> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("| model | new items' collaborative vector | targets | HR@10 | NDCG@10 | median rank |"
        + " other users | their HR@10 before → after | AddedShare@10 | items added | add, median ms | add, p95 ms |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (ColdStartEvaluation.Result r : results) {
      String others = r.otherUsers() == 0 ? "- | - | -" : String.format(Locale.ROOT, "%,d | %.4f → %.4f | %.4f",
          r.otherUsers(), r.otherHr10Before(), r.otherHr10After(), r.addedShare10());
      sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.4f | %.4f | %.0f | %s | %,d | %s | %s |%n", r.model(),
          r.rule(), r.targets(), r.hr10(), r.ndcg10(), r.medianRank(), others, r.addedItems(),
          r.addedItems() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.addMillisMedian()),
          r.addedItems() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.addMillisP95())));
    }
    return sb.toString();
  }
}
