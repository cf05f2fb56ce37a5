package io.llmesr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.Pca;
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

/** {@code llmesr pca DATASET_DIR}: exact PCA of the item table (spec 2.6), a thin layer over {@link Pca#run}. */
@Command(name = "pca", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Project the LLM item table onto its top principal axes (centred, not whitened):",
        "DATASET_DIR/embeddings/items.f32 -> embeddings/pca<dim>.f32 (the collaborative view's initial item table)."})
final class PcaCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin Mixins.DatasetDir dataset;

  @Option(names = "--dim", defaultValue = "64", description = "Components to keep (default ${DEFAULT-VALUE}, the paper's).")
  int dim;

  @Mixin Mixins.Json json;

  @Override
  public Integer call() throws IOException {
    Path datasetDir = dataset.path;
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    EmbeddingTable t;
    try {
      t = Pca.run(datasetDir, dim);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> d = t.manifest().details();
    if (json.on) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("items", t.rows() - 1);
      j.put("dim", t.dim());
      j.put("inputDim", d.get("inputDim"));
      j.put("explainedVarianceRatioTotal", d.get("explainedVarianceRatioTotal"));
      j.put("table", t.manifest().table());
      j.put("seconds", Math.round(secs * 1000) / 1000.0);
      out.println(new ObjectMapper().writeValueAsString(j));
    } else {
      double[] ratio = (double[]) d.get("explainedVarianceRatio");
      StringBuilder first = new StringBuilder();
      for (int k = 0; k < Math.min(5, ratio.length); k++) first.append(String.format(Locale.ROOT, "%s%.4f", k == 0 ? "" : ", ", ratio[k]));
      out.printf(Locale.ROOT, "wrote %s: %,d items x %d (from %s-d); explained variance %.4f in total (first: %s) in %.1f s%n",
          datasetDir.resolve("embeddings").resolve(t.manifest().table()), t.rows() - 1, t.dim(), d.get("inputDim"),
          (double) d.get("explainedVarianceRatioTotal"), first, secs);
    }
    out.flush();
    return 0;
  }
}
