package io.llmesr.model.alphafuse;

import io.llmesr.config.ConfigKey;
import io.llmesr.config.MethodOptions;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.PlainModelFactory;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import io.llmesr.model.llmesr.LlmEsrTables;
import io.llmesr.model.llmesr.LlmEsrTablesReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Method {@code alphafuse}, the baseline "AlphaFuse" (Hu et al., SIGIR 2025, "AlphaFuse: Learn ID Embeddings for
 * Sequential Recommendation in Null Space of Language Embeddings"): the backbone (SASRec, BERT4Rec or GRU4Rec, the
 * plain encoder and loss) whose item embeddings are the frozen language embeddings reduced to the width d by SVD, with
 * trainable id embeddings injected only into the null-space coordinates — no adapter, no auxiliary loss:
 * <pre>
 *   (x − μ) = U S V^T                             SVD of the centred LLM item table (io.llmesr.embed.Pca#spectrum)
 *   e_j     = [ (x_j − μ)·v_k/√λ_k ]_{k ≤ d_s}  ⊕  [ (x_j − μ)·v_k + id_j,k ]_{k > D − d_n}     d = d_s + d_n
 *   L       = L_rec (the backbone's loss), score(u, j) = h_u · e_j
 * </pre>
 * ({@link NullSpaceProjection}, {@link AlphaFuseItems}). Only the id embeddings ({@code alphafuse.id_emb},
 * (N+2)×d_n) and the encoder train.
 *
 * <p>Options: {@code method.null_dim} (d_n; default 0 = d/2, e.g. 32 of the paper's d = 64),
 * {@code method.standardize} (the paper's standardisation of the semantic subspace, default on),
 * {@code method.fold_padding} as for {@code plain}. Input file: the LLM item table ({@link #inputFiles}, recorded in
 * the run's provenance); it is read again when a run is loaded (the language part is recomputed, not checkpointed).
 *
 * <p>Note: the paper's experiments use the OpenAI 1536/3072-dimensional embeddings and keep d_n of a clipped space; the
 * reduction to the backbone's width here is {@link NullSpaceProjection}'s (top d_s directions semantic, d_n directions
 * of smallest singular value null). The item distribution is uniform (each item counts once in μ and C), the paper's
 * default.
 */
public final class AlphaFuseModelFactory implements ModelFactory {
  /** The method name. */
  public static final String METHOD = "alphafuse";

  /** {@code method.null_dim}. */
  public static final ConfigKey<Integer> NULL_DIM = ConfigKey.integer("method.null_dim", 0,
          "d_n: id-embedding width, the null-space coordinates of the item embedding, below model.hidden_size (the"
              + " other d − d_n coordinates are the frozen semantic subspace); 0 = half of model.hidden_size")
      .require(n -> n >= 0, ">= 0");
  /** {@code method.standardize}. */
  public static final ConfigKey<Boolean> STANDARDIZE = ConfigKey.bool("method.standardize", true,
      "divide each semantic coordinate by its standard deviation over the items (√λ_k, the singular value over"
          + " √(N−1)), as the paper");

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(NULL_DIM, STANDARDIZE, PlainModelFactory.FOLD);
  }

  @Override
  public SequenceModel create(Context context) {
    MethodOptions o = resolveOptions(context.options()).requireKnown();
    ModelSpec spec = context.spec();
    int nullDim = nullDim(o.get(NULL_DIM), spec.hiddenSize());
    NullSpaceProjection.checkNullDim(nullDim, spec.hiddenSize());   // before reading the table
    LlmEsrTables tables = LlmEsrTablesReader.llmItems(METHOD, context.datasetDir(), spec.numItems());
    return build(spec, new ParameterStore(context.manager(), context.seed()), o.get(PlainModelFactory.FOLD),
        tables.llmItems(), tables.llmDim(), nullDim, o.get(STANDARDIZE));
  }

  /** d_n for option value {@code option} (0 = d/2) and hidden size {@code d}. */
  public static int nullDim(int option, int d) {
    return option == 0 ? d / 2 : option;
  }

  /**
   * Builds the model into {@code store}: the item representation (frozen language part, id table), then the plain
   * encoder.
   *
   * @param llmItems {@code (N+1)×D} row-major, row 0 zeros
   */
  public static SequenceRecommender build(ModelSpec spec, ParameterStore store, boolean windowed, float[] llmItems,
                                          int llmDim, int nullDim, boolean standardize) {
    NullSpaceProjection p = NullSpaceProjection.fit(llmItems, llmDim, spec.hiddenSize(), nullDim, standardize);
    AlphaFuseItems items = new AlphaFuseItems(store, spec, p, llmItems);
    return new SequenceRecommender(spec, store, items, PlainModelFactory.encoderFor(spec, store, windowed),
        StreamMixer.IDENTITY, List.of());
  }

  /** The LLM item table, for the run's provenance (SHA-256). */
  @Override
  public Map<String, Path> inputFiles(Context context) {
    return Map.of("llm_item_table", EmbeddingLayout.items(context.datasetDir()));
  }
}
