package io.llmesr.model.melt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.IdEmbedding;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.SequenceBatch;
import io.llmesr.model.SequenceEncoder;
import io.llmesr.model.SequenceRecommender;
import io.llmesr.model.StreamMixer;
import io.llmesr.model.llmesr.UserRepresentations;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;

/**
 * MELT (Kim et al., SIGIR 2023, "MELT: Mutual Enhancement of Long-Tailed User and Item for Sequential
 * Recommendation") on a plain backbone: the backbone (id table {@code item_emb} and encoder, as method {@code plain})
 * trained jointly with two branches that transfer knowledge from head to tail.
 * <pre>
 *   L = L_rec + λ_U · L_u + λ_I · L_i          L_u: {@link UserBranch} (head users), L_i: {@link ItemBranch} (head items)
 *   start of every epoch:  item_emb[j] ← W_I · mean_{S ∈ C_j} (f(S) + W_U·f(S))   for every tail item j with contexts
 *   inference:  u' = u + W_U·u     for tail users (input shorter than δ_user), else u' = u
 *               score(j) = u' · item_emb[j]
 * </pre>
 * Training scores with the plain backbone; the branches reconstruct head users and head items only, and the enhanced
 * tail-item embeddings enter the id table ({@link #beforeEpoch}), where the recommendation loss keeps training them
 * during the epoch. A checkpoint therefore holds everything inference reads: the id table with its enhanced tail
 * rows, {@code W_U} and the tail-user threshold; a loaded run needs no dataset, and a head user's scores are the
 * plain backbone's with the same parameters, bit for bit.
 *
 * <p>Note: this is the authors' release's scheme (their "update tail item representation" at the start of each
 * epoch, and test-time scoring with the id table). The release starts from a trained SASRec and trains 180 epochs;
 * here the backbone is trained from scratch with the branches, and early in training the written rows are the
 * outputs of a barely trained {@code W_I} (far larger than the initial id rows). Measured on the bundled Beauty
 * demo (SASRec, fast preset, 10 epochs, defaults): validation NDCG@10 0.035 against 0.097 for {@code plain}; an
 * alternative that replaced tail items by the {@code W_I} reconstructions at inference only scored 0.040. How MELT
 * fares over a full run is not measured here.
 */
public final class MeltModel extends SequenceRecommender {
  private static final Logger LOG = Logger.getLogger(MeltModel.class.getName());
  /** Context rows encoded (and averaged) at once when the tail items' embeddings are recomputed. */
  static final int REFRESH_ROWS = 512;
  /** Slots (rows × padded length) encoded at once when the tail items' embeddings are recomputed: one paper batch. */
  static final int REFRESH_SLOTS = 128 * 200;

  private final NDArray table;
  private final UserBranch user;
  private final ItemBranch item;
  private final MeltGroups groups;

  MeltModel(ModelSpec spec, ParameterStore store, IdEmbedding items, SequenceEncoder encoder, UserBranch user,
            ItemBranch item, MeltGroups groups) {
    super(spec, store, items, encoder, StreamMixer.IDENTITY, List.of(user, item));
    this.table = store.get(IdEmbedding.TABLE).array();
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

  UserBranch userBranch() {
    return user;
  }

  ItemBranch itemBranch() {
    return item;
  }

  /**
   * The branches' per-epoch state ({@link SequenceRecommender#beforeEpoch}), then the tail items' enhanced embeddings
   * written into the id table ({@link #refreshTailItems}; training only: needs the contexts).
   */
  @Override
  public void beforeEpoch(int epoch) {
    super.beforeEpoch(epoch);
    if (groups != null) refreshTailItems();
  }

  /**
   * {@code item_emb[j] ← W_I · mean_{S ∈ C_j} (f(S) + W_U·f(S))} for every tail item j with contexts, computed in
   * evaluation mode without gradients and written in place (other rows, gradients and optimiser state untouched). The contexts are encoded sorted by
   * length, in chunks of at most {@link #REFRESH_ROWS} rows and {@link #REFRESH_SLOTS} slots, so a chunk is padded to
   * about the length of its own sequences; the means and {@code W_I} then run item by item in chunks.
   */
  void refreshTailItems() {
    long start = System.nanoTime();
    int[] tails = groups.tailItems();
    int d = spec().hiddenSize();
    int[] sizes = new int[tails.length];
    int total = 0;
    for (int k = 0; k < tails.length; k++) {
      sizes[k] = groups.contexts(tails[k]);
      total += sizes[k];
    }
    int[][] seqs = new int[total][];
    int[] owners = new int[total];
    int r = 0;
    for (int i : tails) {
      for (int c = 0; c < groups.contexts(i); c++) {
        seqs[r] = groups.context(i, c);
        owners[r++] = groups.contextUser(i, c);
      }
    }
    float[] reps = contextRepresentations(seqs, owners);
    float[] rows = new float[tails.length * d];
    int from = 0;
    int offset = 0;
    while (from < tails.length) {
      int to = from;
      int n = 0;
      while (to < tails.length && (to == from || n + sizes[to] <= REFRESH_ROWS)) n += sizes[to++];
      float[] chunk = reconstruct(Arrays.copyOfRange(reps, offset * d, (offset + n) * d),
          Arrays.copyOfRange(sizes, from, to));
      System.arraycopy(chunk, 0, rows, from * d, chunk.length);
      offset += n;
      from = to;
    }
    writeRows(tails, rows);
    int contexts = total;
    LOG.fine(() -> String.format("MELT: %d tail items enhanced from %d contexts in %.1f s", tails.length, contexts,
        (System.nanoTime() - start) / 1e9));
  }

  /** Writes {@code rows} ({@code items.length × d}) into the id table's rows {@code items}, in place. */
  private void writeRows(int[] items, float[] rows) {
    int d = spec().hiddenSize();
    float[] all = table.toFloatArray();
    for (int k = 0; k < items.length; k++) System.arraycopy(rows, k * d, all, items[k] * d, d);
    UserRepresentations.withoutGradients(() -> {
      try (NDArray values = table.getManager().create(all, table.getShape())) {
        table.subi(table).addi(values);   // x − x + v == v exactly for finite x (as ParameterStore.load)
      }
      return null;
    });
  }

  /** {@code g(S) = f(S) + W_U·f(S)} of every sequence (evaluation mode), row-major {@code seqs.length × d}. */
  private float[] contextRepresentations(int[][] seqs, int[] owners) {
    int d = spec().hiddenSize();
    int maxLen = spec().maxLen();
    Integer[] order = new Integer[seqs.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingInt(i -> Math.min(seqs[i].length, maxLen)));
    float[] out = new float[seqs.length * d];
    int from = 0;
    while (from < order.length) {
      int to = from + 1;
      while (to < order.length && to - from < REFRESH_ROWS
          && (long) (to - from + 1) * Math.min(seqs[order[to]].length + 1, maxLen) <= REFRESH_SLOTS) {
        to++;
      }
      int[][] chunk = new int[to - from][];
      int[] chunkOwners = new int[to - from];
      for (int k = from; k < to; k++) {
        chunk[k - from] = seqs[order[k]];
        chunkOwners[k - from] = owners[order[k]];
      }
      float[] reps = UserRepresentations.withoutGradients(() -> {
        try (NDManager m = parameters().manager().newSubManager(); NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDArray h = backboneEncode(new BatchArrays(predictionBatch(chunk, chunkOwners), m), new Forward(m, false));
          return user.enhance(h).toFloatArray();
        }
      });
      for (int k = from; k < to; k++) System.arraycopy(reps, (k - from) * d, out, order[k] * d, d);
      from = to;
    }
    return out;
  }

  /** {@code W_I · mean} of consecutive groups of context representations ({@code sizes} rows each). */
  private float[] reconstruct(float[] contextRows, int[] sizes) {
    int d = spec().hiddenSize();
    return UserRepresentations.withoutGradients(() -> {
      try (NDManager m = parameters().manager().newSubManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray rows = m.create(contextRows, new Shape(contextRows.length / d, d));
        return item.reconstruct(ItemBranch.groupMeans(rows, sizes, m)).toFloatArray();
      }
    });
  }
}
