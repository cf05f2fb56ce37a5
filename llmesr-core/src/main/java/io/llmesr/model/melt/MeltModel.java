package io.llmesr.model.melt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceEncoder;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import io.llmesr.model.llmesr.UserRepresentations;
import java.util.List;
import java.util.logging.Logger;

/**
 * MELT (Kim et al., SIGIR 2023, "MELT: Mutual Enhancement of Long-Tailed User and Item for Sequential
 * Recommendation") on a plain backbone: the backbone (id table {@code item_emb} and encoder, as method {@code plain})
 * trained jointly with two branches that transfer knowledge from head to tail.
 * <pre>
 *   L = L_rec + λ_U · L_u + λ_I · L_i          L_u: {@link UserBranch} (head users), L_i: {@link ItemBranch} (head items)
 *   inference:  u' = u + W_U·u                 for tail users (input shorter than δ_user), else u' = u
 *               e'_j = W_I · mean_{S ∈ C_j} (f(S) + W_U·f(S))   for tail items with contexts, else e'_j = item_emb[j]
 *   score(j) = u' · e'_j
 * </pre>
 * Training scores with the plain backbone ({@code u}, {@code item_emb}); the branches touch head users and head items
 * only. After every epoch ({@link #afterEpoch}) the enhanced tail-item vectors are recomputed from the trained
 * parameters into the persisted table of {@link MeltItems}, so that validation, checkpoints, {@code evaluate},
 * {@code export} and serving all score with the same function; a loaded run reads the table, {@code W_U},
 * {@code W_I} and the tail-user threshold from its checkpoint and needs no dataset.
 */
public final class MeltModel extends SequenceRecommender {
  private static final Logger LOG = Logger.getLogger(MeltModel.class.getName());
  /** Context rows encoded at once when the tail-item table is refreshed. */
  static final int REFRESH_ROWS = 512;

  private final MeltItems meltItems;
  private final UserBranch user;
  private final ItemBranch item;
  private final MeltGroups groups;

  MeltModel(ModelSpec spec, ParameterStore store, MeltItems items, SequenceEncoder encoder, UserBranch user,
            ItemBranch item, MeltGroups groups) {
    super(spec, store, items, encoder, StreamMixer.IDENTITY, List.of(user, item));
    this.meltItems = items;
    this.user = user;
    this.item = item;
    this.groups = groups;
  }

  /**
   * The user representation: the backbone's in training; at inference, tail users' rows (fewer than δ items in the
   * input, BERT4Rec's mask token not counted) are enhanced with {@code W_U}, head users' rows are the backbone's bit
   * for bit.
   */
  @Override
  public NDArray encode(BatchArrays batch, Forward fwd) {
    NDArray u = super.encode(batch, fwd);
    if (fwd.training()) return u;
    SequenceBatch b = batch.batch();
    int below = user.tailUserBelow();
    boolean[] tail = new boolean[b.size()];
    boolean any = false;
    for (int r = 0; r < b.size(); r++) {
      tail[r] = historyLength(b, r, spec().maskToken()) < below;
      any |= tail[r];
    }
    if (!any) return u;
    NDArray isTail = fwd.manager().create(tail, new Shape(b.size(), 1)).broadcast(u.getShape());   // where: no broadcast
    return NDArrays.where(isTail, user.enhance(u), u);
  }

  /** The backbone's user representation at the last slot, without MELT's enhancement. */
  public NDArray backboneEncode(BatchArrays batch, Forward fwd) {
    return super.encode(batch, fwd);
  }

  /** Items of row {@code r} that are neither padding nor the mask token. */
  static int historyLength(SequenceBatch b, int r, int maskToken) {
    int n = 0;
    for (int t = 0; t < b.length(); t++) {
      int it = b.item(r, t);
      if (it != 0 && it != maskToken) n++;
    }
    return n;
  }

  /** The tail-user threshold δ (tail users have fewer input items). */
  public int tailUserBelow() {
    return user.tailUserBelow();
  }

  /** The tail items whose candidate vectors are the enhanced ones (ascending). */
  public int[] tailItems() {
    return meltItems.tailItems();
  }

  UserBranch userBranch() {
    return user;
  }

  ItemBranch itemBranch() {
    return item;
  }

  MeltItems meltItems() {
    return meltItems;
  }

  /** Refreshes the enhanced tail-item table from the trained parameters (training only: needs the contexts). */
  @Override
  public void afterEpoch(int epoch) {
    if (groups != null) refreshTailItems();
  }

  /**
   * {@code e'_j = W_I · mean_{S ∈ C_j} (f(S) + W_U·f(S))} for every tail item j with contexts, in evaluation mode
   * without gradients, written into the tail table ({@link MeltItems#setTailRows}).
   */
  void refreshTailItems() {
    long start = System.nanoTime();
    int[] tails = groups.tailItems();
    int d = spec().hiddenSize();
    float[] rows = new float[tails.length * d];
    int from = 0;
    while (from < tails.length) {
      int to = from;
      int contexts = 0;
      while (to < tails.length && (to == from || contexts + groups.contexts(tails[to]) <= REFRESH_ROWS)) {
        contexts += groups.contexts(tails[to]);
        to++;
      }
      float[] chunk = enhancedChunk(tails, from, to, contexts);
      System.arraycopy(chunk, 0, rows, from * d, chunk.length);
      from = to;
    }
    meltItems.setTailRows(tails, rows);
    LOG.fine(() -> String.format("MELT: %d tail items enhanced in %.1f s", tails.length,
        (System.nanoTime() - start) / 1e9));
  }

  private float[] enhancedChunk(int[] tails, int from, int to, int contexts) {
    int[][] seqs = new int[contexts][];
    int[] owners = new int[contexts];
    int[] sizes = new int[to - from];
    int r = 0;
    for (int k = from; k < to; k++) {
      int i = tails[k];
      sizes[k - from] = groups.contexts(i);
      for (int c = 0; c < sizes[k - from]; c++) {
        seqs[r] = groups.context(i, c);
        owners[r++] = groups.contextUser(i, c);
      }
    }
    return UserRepresentations.withoutGradients(() -> {
      try (NDManager m = parameters().manager().newSubManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        Forward fwd = new Forward(m, false);
        NDArray h = backboneEncode(new BatchArrays(predictionBatch(seqs, owners), m), fwd);
        NDArray means = ItemBranch.groupMeans(user.enhance(h), sizes, m);
        return item.reconstruct(means).toFloatArray();
      }
    });
  }
}
