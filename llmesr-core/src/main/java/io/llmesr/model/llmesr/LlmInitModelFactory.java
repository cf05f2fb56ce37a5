package io.llmesr.model.llmesr;

import io.llmesr.config.ConfigKey;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.EmbeddingTables;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Method {@code llminit}, the baseline "LLMInit" of the LLM-ESR paper's comparison (Liu et al., NeurIPS 2024, Table 1):
 * the plain backbone (SASRec, BERT4Rec or GRU4Rec, {@link PlainModelFactory}) whose item-id table is initialised from
 * the LLM item embeddings, then trained as usual — plain recommendation loss, no semantic view, no self-distillation.
 * The idea of initialising a sequential recommender's id embeddings from LLM embeddings is e.g. Harte et al.,
 * "Leveraging Large Language Models for Sequential Recommendation" (RecSys 2023).
 *
 * <p>Initialisation, with {@code E} the {@code N×D} LLM item table ({@code embeddings/items.f32}, rows 1..N) and
 * {@code d} the hidden size:
 * <pre>
 *   item_emb[i] = PCA_d(E)[i]   for i = 1..N    (the stored table embeddings/pca{d}.f32: (E − mean(E)) · W_d)
 *   item_emb[0] = item_emb[N+1] = 0             (padding row, BERT4Rec's mask row)
 * </pre>
 * All rows stay trainable, as in the plain model (no {@code padding_idx}). Parameter names and shapes are the plain
 * model's ({@link IdEmbedding#TABLE}, the encoder's), so checkpoints, the evaluator and serving work unchanged.
 *
 * <p>Option {@code method.fold_padding}: as for {@code plain} ({@link PlainModelFactory#FOLD}). Input file: the PCA
 * table ({@link #inputFiles}, recorded in the run's provenance). When loading for inference (no dataset in the context)
 * the PCA table is not read: the table is initialised randomly and the checkpoint overwrites it.
 *
 * <p>Note: the paper does not say how the D-dimensional LLM embeddings are reduced to d; this toolkit uses the same
 * PCA as LLM-ESR's collaborative view (docs/model.md §2.6, {@code llmesr pca DATASET --dim d}), so LLMInit and LLM-ESR
 * start their id tables from identical values and differ only in what LLM-ESR adds on top.
 */
public final class LlmInitModelFactory implements ModelFactory {
  /** The method name. */
  public static final String METHOD = "llminit";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(PlainModelFactory.FOLD);
  }

  @Override
  public SequenceModel create(Context context) {
    boolean fold = resolveOptions(context.options()).requireKnown().get(PlainModelFactory.FOLD);
    ModelSpec spec = context.spec();
    float[] init = null;
    if (context.dataset().isPresent()) {
      if (context.datasetDir() == null) {
        throw new IllegalArgumentException("method " + METHOD + " needs the dataset directory (it holds the PCA item table)");
      }
      init = pcaInit(context.datasetDir(), spec.hiddenSize(), spec.numItems());
    }
    // inference (no dataset): xavier-normal, overwritten by the checkpoint
    ParameterStore store = new ParameterStore(context.manager(), context.seed());
    return PlainModelFactory.build(spec, store, fold, init);
  }

  /** The PCA table the id table is initialised from, for the run's provenance (SHA-256). */
  @Override
  public Map<String, Path> inputFiles(Context context) {
    return Map.of("pca_item_table", EmbeddingLayout.pca(context.datasetDir(), context.spec().hiddenSize()));
  }

  /**
   * The id table's initial values, as LLM-ESR's collaborative view ({@link DualViewItems#idTableFromPca}): rows 1..N
   * = rows 1..N of {@code embeddings/pca{d}.f32}, rows 0 and N+1 zero.
   *
   * @throws IllegalArgumentException naming the file when it is missing, has another dimension or another row count,
   *                                  and the command that (re)creates it
   * @throws UncheckedIOException     on I/O errors and malformed tables (the cause names the file)
   */
  public static float[] pcaInit(Path datasetDir, int d, int numItems) {
    Path file = EmbeddingLayout.pca(datasetDir, d);
    String command = "`llmesr pca " + datasetDir + " --dim " + d + "`";
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(file + " is missing: method " + METHOD + " initialises the item table from"
          + " the PCA of the LLM item table with d = " + d + " (model.hidden_size) components; create it with "
          + command + otherPcaTables(datasetDir));
    }
    EmbeddingTable p;
    try {
      p = EmbeddingTables.pca(datasetDir, d);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    if (p.dim() != d) {
      throw new IllegalArgumentException(file + " has " + p.dim() + " columns but the hidden size is " + d
          + ": recompute it with " + command);
    }
    if (p.rows() != numItems + 1) {
      throw new IllegalArgumentException(file + " has " + p.rows() + " rows but the dataset has " + numItems
          + " items + 1 (padding row 0): it belongs to another dataset; recompute it with " + command);
    }
    return DualViewItems.idTableFromPca(p.data(), numItems, d);
  }

  private static String otherPcaTables(Path datasetDir) {
    Path dir = EmbeddingLayout.dir(datasetDir);
    if (!Files.isDirectory(dir)) return "";
    try (Stream<Path> s = Files.list(dir)) {
      List<String> found = s.map(f -> f.getFileName().toString()).filter(n -> n.matches("pca\\d+\\.f32")).sorted()
          .toList();
      return found.isEmpty() ? "" : " (found only " + String.join(", ", found) + ")";
    } catch (IOException e) {
      return "";
    }
  }
}
