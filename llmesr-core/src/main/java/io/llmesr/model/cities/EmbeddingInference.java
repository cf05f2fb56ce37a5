package io.llmesr.model.cities;

import ai.djl.ndarray.NDArray;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.Ops;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.TransformerBlock;
import io.llmesr.model.TransformerEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * CITIES' embedding-inference function (Jang et al., ICDM 2020, §III): an item's embedding from a few of its
 * contexts ({@link ItemContexts}), read through the trained, frozen item table E. For one item with contexts
 * {@code c_1..c_K} (K ≤ the option {@code method.contexts}):
 * <pre>
 *   h_k = TransformerEncoder(E[c_k]·√d + P[pos])                 context encoder: blocks over the window, final LN
 *   x_k = Σ_t m_t h_k[t] / Σ_t m_t                                mean over the window's real slots (m = 1 on items)
 *   z   = Blocks(x_1..x_K)                                        aggregator: self-attention across the K contexts,
 *                                                                 absent contexts masked (no positions: a set)
 *   ê   = W · (Σ_k z_k / K) + b                                   mean over the contexts, output layer d → d
 * </pre>
 * The blocks are the backbone's {@link TransformerBlock} (d, {@code model.heads}, {@code model.blocks} blocks in the
 * encoder and as many in the aggregator), with key-padding masks; no dropout (the function always runs in evaluation
 * mode, so the phase is deterministic). Parameters ({@code cities.context.*}, {@code cities.aggregator.*},
 * {@code cities.out.*}) are initialised as the backbone's (docs/model.md §3.9).
 *
 * <p>Note: the shape follows the authors' release (a transformer context encoder whose slot states are averaged,
 * a transformer aggregator across contexts, mean, one linear layer); the blocks, positions and input scaling are
 * this toolkit's backbone pieces rather than the release's post-LN layers and sinusoidal positions.
 */
final class EmbeddingInference {
  private final ModelSpec contextSpec;
  private final TransformerEncoder contextEncoder;
  private final List<TransformerBlock> aggregator = new ArrayList<>();
  private final NDArray outWeight;
  private final NDArray outBias;

  /**
   * Registers the function's parameters in {@code store}.
   *
   * @param spec       the backbone's shape (d, blocks, heads, item count)
   * @param contextLen the longest context L_c (the position table has L_c + 100 rows, as the backbone's)
   */
  EmbeddingInference(ParameterStore store, ModelSpec spec, int contextLen) {
    this.contextSpec = new ModelSpec(spec.backbone(), spec.numItems(), spec.hiddenSize(), contextLen, spec.numBlocks(),
        spec.numHeads(), 0f, Masking.PADDING, true);
    this.contextEncoder = new TransformerEncoder(store, contextSpec, "cities.context.", false);
    for (int i = 0; i < spec.numBlocks(); i++) {
      aggregator.add(new TransformerBlock(store, "cities.aggregator.block" + i, contextSpec));
    }
    int d = spec.hiddenSize();
    this.outWeight = store.xavier("cities.out.weight", d, d);
    this.outBias = store.linearBias("cities.out.bias", d, d);
  }

  /**
   * Inferred embeddings of B items, B×d.
   *
   * @param items    the frozen item table E ((N+2)×d)
   * @param contexts per item, its 1..K contexts (each non-empty, oldest first)
   * @param k        K: contexts per item at most
   */
  NDArray infer(NDArray items, int[][][] contexts, int k, Forward fwd) {
    int b = contexts.length;
    int d = contextSpec.hiddenSize();
    int[][] windows = new int[b * k][];
    int[] present = new int[b * k];
    int longest = 1;
    for (int r = 0; r < b; r++) {
      if (contexts[r].length < 1 || contexts[r].length > k) {
        throw new IllegalArgumentException("item row " + r + " has " + contexts[r].length + " contexts, expected 1.." + k);
      }
      for (int c = 0; c < k; c++) {
        int[] w = c < contexts[r].length ? contexts[r][c] : new int[0];
        windows[r * k + c] = w;
        present[r * k + c] = w.length > 0 ? 1 : 0;
        longest = Math.max(longest, w.length);
      }
    }
    // context encoder over the B·K windows (absent contexts are all-padding rows, masked out below)
    BatchArrays w = new BatchArrays(SequenceBatch.leftPadded(windows, null, contextSpec.paddedLength(longest)),
        fwd.manager());
    NDArray x = contextEncoder.embedInput(Ops.embedding(w.items(), items), w, fwd);
    NDArray h = contextEncoder.encode(x, w, fwd);                                     // (B·K)×T×d
    NDArray x1 = maskedMean(h, w.keep(), fwd).reshape(b, k, d);                      // B×K×d
    // aggregator across each item's contexts
    BatchArrays a = new BatchArrays(new SequenceBatch(b, k, present, new int[b * k], filled(b)), fwd.manager());
    NDArray keep = a.keep();
    NDArray mask = a.attentionMask(Masking.PADDING);
    NDArray z = x1.mul(keep);
    for (TransformerBlock block : aggregator) z = block.forward(z, keep, mask, 0, fwd);
    return Ops.linear(maskedMean(z, keep, fwd), outWeight, outBias);
  }

  /** {@code Σ_t m_t x[:, t] / max(1, Σ_t m_t)}: B×T×d, B×T×1 → B×d (an all-padding row gives 0). */
  private static NDArray maskedMean(NDArray x, NDArray keep, Forward fwd) {
    NDArray sum = x.mul(keep).sum(new int[] {1});
    NDArray count = keep.sum(new int[] {1}).maximum(fwd.scalar(1f));
    return sum.div(count);
  }

  private static int[] filled(int b) {
    int[] u = new int[b];
    java.util.Arrays.fill(u, -1);
    return u;
  }
}
