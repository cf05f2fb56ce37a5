package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import io.llmesr.model.loss.Candidates;
import io.llmesr.model.loss.ScoredSlots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard {@link SequenceModel}: an {@link ItemRepresentation} (one or more views), a shared
 * {@link SequenceEncoder}, an optional {@link StreamMixer} between them, and optional {@link AuxiliaryLoss} terms.
 *
 * <pre>
 *   views   = items.inputViews(batch)                 (plain: [E[s]];  LLM-ESR: [E_id[s], Adapter(E_llm[s])])
 *   streams = [encoder.embedInput(v) for v in views]  (×sqrt(d) + positions + dropout for transformers)
 *   streams = mixer.mix(streams)                      (LLM-ESR: two-way cross-attention)
 *   H       = concat([encoder.encode(s) for s in streams], features)      B×T×D, D = views·d
 *   u       = H[:, T-1, :]                                                 user representation
 *   score(j) = u · items.candidates(j)                                     (docs/model.md §3.6)
 * </pre>
 * Recommendation loss: the batch's {@link TrainingBatch#objective()} ({@code io.llmesr.model.loss}) over the slots
 * with a target ({@link ScoredSlots}), scored against {@link ItemRepresentation#candidates} /
 * {@link ItemRepresentation#itemRange}; the paper's (docs/model.md §3.7) is
 * {@code L_rec = Σ softplus(−h·e_pos)/n + Σ softplus(h·e_neg)/n} (= BCE-with-logits, two separate means summed).
 * Plus every auxiliary term, whatever the objective. n = {@link TrainingBatch#lossDenominator()}: the batch's slot
 * count (the paper), or a fixed value with {@code train.loss_norm=epoch}.
 */
public class SequenceRecommender implements SequenceModel {
  private final ModelSpec spec;
  private final ParameterStore store;
  private final ItemRepresentation items;
  private final List<SequenceEncoder> encoders;
  private final boolean sharedEncoder;
  private final StreamMixer mixer;
  private final List<AuxiliaryLoss> auxiliary;

  /** A model whose streams all go through {@code encoder}. */
  public SequenceRecommender(ModelSpec spec, ParameterStore store, ItemRepresentation items, SequenceEncoder encoder,
                             StreamMixer mixer, List<AuxiliaryLoss> auxiliary) {
    this(spec, store, items, java.util.Collections.nCopies(items.views(), encoder), mixer, auxiliary);
  }

  /**
   * A model whose stream {@code i} goes through {@code encoders.get(i)} (the same instance for every stream unless
   * an ablation separates them). All encoders are windowed or none is.
   */
  public SequenceRecommender(ModelSpec spec, ParameterStore store, ItemRepresentation items,
                             List<SequenceEncoder> encoders, StreamMixer mixer, List<AuxiliaryLoss> auxiliary) {
    if (items.viewDim() != spec.hiddenSize()) {
      throw new IllegalArgumentException("item view width " + items.viewDim() + " != hidden size " + spec.hiddenSize());
    }
    if (encoders.size() != items.views()) {
      throw new IllegalArgumentException(encoders.size() + " encoders for " + items.views() + " views");
    }
    for (SequenceEncoder e : encoders) {
      if (e.windowed() != encoders.get(0).windowed()) throw new IllegalArgumentException("mixed windowed encoders");
    }
    this.spec = spec;
    this.store = store;
    this.items = items;
    this.encoders = List.copyOf(encoders);
    this.sharedEncoder = encoders.stream().allMatch(e -> e == encoders.get(0));
    this.mixer = mixer == null ? StreamMixer.IDENTITY : mixer;
    this.auxiliary = List.copyOf(auxiliary);
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public ParameterStore parameters() {
    return store;
  }

  @Override
  public ItemRepresentation items() {
    return items;
  }

  /** The encoder of the first stream (the shared encoder unless an ablation separates them). */
  public SequenceEncoder encoder() {
    return encoders.get(0);
  }

  /** One encoder per stream (the same instance for every stream unless an ablation separates them). */
  public List<SequenceEncoder> encoders() {
    return encoders;
  }

  /** The stream mixer (identity for one view or without cross-attention). */
  public StreamMixer mixer() {
    return mixer;
  }

  @Override
  public int representationDim() {
    return items.candidateDim();
  }

  /**
   * Hidden states B×T×D. With a {@link SequenceEncoder#windowed() windowed} encoder everything is computed on the
   * {@link Window} of slots that hold real items; the padded slots left of it are folded into one attention key (no
   * masks) or dropped (with masks), and their hidden state, the same for every padded slot, is prepended. Same
   * function as {@link #hiddenStatesAllSlots}.
   */
  @Override
  public NDArray hiddenStates(BatchArrays batch, Forward fwd) {
    int t = batch.length();
    int window = windowLength(batch);
    if (window >= t) return streamStates(batch, fwd, 0);
    NDArray states = windowStates(batch, window, fwd);
    NDList rows = new NDList(encoders.size());
    for (SequenceEncoder e : encoders) rows.add(e.paddingRow());
    NDArray paddingRow = rows.size() == 1 ? rows.get(0) : NDArrays.concat(rows, 0);
    return Window.prependPadding(states, paddingRow, t - window, fwd.manager());
  }

  /** The user representation: the last slot, which always lies in the window (nothing outside it is built). */
  @Override
  public NDArray encode(BatchArrays batch, Forward fwd) {
    int window = windowLength(batch);
    if (window >= batch.length()) return lastSlot(streamStates(batch, fwd, 0));
    return lastSlot(windowStates(batch, window, fwd));
  }

  /** Hidden states computed on all T slots, without windowing: the reference that tests compare against. */
  public NDArray hiddenStatesAllSlots(BatchArrays batch, Forward fwd) {
    return streamStates(batch, fwd, 0);
  }

  private int windowLength(BatchArrays batch) {
    return encoders.get(0).windowed() ? Window.length(batch.batch()) : batch.length();
  }

  /** Hidden states of the last {@code window} slots, the padded slots left of them folded (no masks) or dropped. */
  private NDArray windowStates(BatchArrays batch, int window, Forward fwd) {
    BatchArrays windowed = new BatchArrays(Window.trim(batch.batch(), window), fwd.manager());
    int outside = batch.length() - window;
    return streamStates(windowed, fwd, spec.masking() == Masking.NONE ? outside : 0);
  }

  /**
   * views → encoder inputs → mixer → encoder outputs, side by side. At inference a shared encoder runs once on the
   * streams stacked along the batch axis (it treats rows independently, so this is the same function with a
   * fraction of the operations).
   */
  private NDArray streamStates(BatchArrays batch, Forward fwd, int folded) {
    NDList views = items.inputViews(batch, fwd);
    NDList streams = new NDList(views.size());
    for (int i = 0; i < views.size(); i++) streams.add(encoders.get(i).embedInput(views.get(i), batch, fwd));
    streams = mixer.mix(streams, batch, fwd);
    if (streams.size() != items.views()) {
      throw new IllegalStateException("mixer returned " + streams.size() + " streams for " + items.views() + " views");
    }
    int s = streams.size();
    if (s == 1) return encoders.get(0).encode(streams.get(0), batch, fwd, folded);
    if (sharedEncoder && !fwd.training()) {
      BatchArrays stacked = new BatchArrays(batch.batch().repeated(s), fwd.manager());
      NDArray h = encoders.get(0).encode(NDArrays.concat(streams, 0), stacked, fwd, folded);
      return NDArrays.concat(h.split(s, 0), 2);
    }
    NDList outs = new NDList(s);
    for (int i = 0; i < s; i++) outs.add(encoders.get(i).encode(streams.get(i), batch, fwd, folded));
    return NDArrays.concat(outs, 2);
  }

  /** H[:, T-1, :] of a B×T×D array → B×D. */
  public static NDArray lastSlot(NDArray hidden) {
    return hidden.get(new NDIndex(":, -1, :"));
  }

  @Override
  public LossTerms loss(TrainingBatch batch, Forward fwd) {
    return loss(batch, fwd, true);
  }

  /** The loss with every auxiliary term, or without the {@link AuxiliaryLoss#ownBackward()} ones. */
  private LossTerms loss(TrainingBatch batch, Forward fwd, boolean withOwnBackward) {
    SequenceBatch in = batch.input();
    BatchArrays arrays = new BatchArrays(in, fwd.manager());
    NDArray hidden = hiddenStates(arrays, fwd);
    if (batch.lastOnly()) hidden = lastSlot(hidden);
    int n = batch.lossSlots();
    ScoredSlots slots = ScoredSlots.of(hidden, batch.targets(), batch.negatives(), batch.negativeLogProb(),
        batch.lossDenominator(), fwd.manager());
    NDArray rec = batch.objective().loss(slots, candidates(fwd));
    Map<String, NDArray> parts = new LinkedHashMap<>();
    parts.put("rec", rec);
    NDArray total = rec;
    for (AuxiliaryLoss aux : auxiliary) {
      if (!withOwnBackward && aux.ownBackward()) continue;
      NDArray term = aux.compute(this, batch, arrays, fwd);
      parts.put(aux.name(), term);
      total = total.add(term);
    }
    return new LossTerms(total, parts, n);
  }

  /**
   * One step's loss and backward passes. Without {@link AuxiliaryLoss#ownBackward()} terms: {@link #loss} and one
   * backward pass. With them, the same loss and gradients with less peak memory:
   * <ol>
   *   <li>each such term's {@link AuxiliaryLoss#prepare} (e.g. teacher targets, no autograd graph);</li>
   *   <li>the recommendation pass (with the other terms), back-propagated at once, in its own scope, so that its
   *       activations are freed;</li>
   *   <li>each such term's own pass, back-propagated.</li>
   * </ol>
   * Gradients of the backward passes add up before the optimiser step (nothing zeroes them in between), which is
   * the gradient of their sum. Returned arrays hold values only.
   */
  @Override
  public LossTerms lossAndBackward(TrainingBatch batch, Forward fwd, GradientCollector gc) {
    List<AuxiliaryLoss> own = auxiliary.stream().filter(AuxiliaryLoss::ownBackward).toList();
    if (own.isEmpty()) return SequenceModel.super.lossAndBackward(batch, fwd, gc);
    List<NDArray> prepared = new ArrayList<>(own.size());
    for (AuxiliaryLoss aux : own) prepared.add(aux.prepare(this, batch, fwd));
    Map<String, Float> values = new LinkedHashMap<>();
    int slots;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      LossTerms terms = loss(batch, fwd, false);
      slots = terms.slots();
      for (Map.Entry<String, NDArray> e : terms.parts().entrySet()) values.put(e.getKey(), e.getValue().getFloat());
      if (slots > 0) gc.backward(terms.total());
    }
    float total = 0;
    for (float v : values.values()) total += v;
    BatchArrays input = new BatchArrays(batch.input(), fwd.manager());
    for (int i = 0; i < own.size(); i++) {
      NDArray term = own.get(i).compute(this, batch, input, prepared.get(i), fwd);
      gc.backward(term);
      float v = term.getFloat();
      values.put(own.get(i).name(), v);
      total += v;
    }
    Map<String, NDArray> parts = new LinkedHashMap<>();
    for (Map.Entry<String, Float> e : values.entrySet()) parts.put(e.getKey(), fwd.manager().create(e.getValue()));
    return new LossTerms(fwd.manager().create(total), parts, slots);
  }

  /** The item representation's candidate vectors as the objectives see them. */
  private Candidates candidates(Forward fwd) {
    return new Candidates() {
      @Override
      public NDArray of(NDArray ids) {
        return items.candidates(ids, fwd);
      }

      @Override
      public NDArray range(int from, int to) {
        return items.itemRange(from, to, fwd);
      }
    };
  }

  @Override
  public boolean windowed() {
    return encoders.get(0).windowed();
  }

  @Override
  public NDArray scoreCandidates(BatchArrays batch, NDArray candidates, Forward fwd) {
    NDArray u = encode(batch, fwd);                       // B×D
    NDArray e = items.candidates(candidates, fwd);        // B×C×D
    return e.matMul(u.expandDims(2)).squeeze(2);          // B×C
  }

  @Override
  public NDArray scoreItemRange(NDArray userVectors, int from, int to, Forward fwd) {
    NDArray e = items.itemRange(from, to, fwd);           // C×D
    return userVectors.matMul(e.transpose());             // B×C
  }

  @Override
  public SequenceBatch predictionBatch(int[][] histories, int[] users) {
    int longest = 0;
    int[][] seqs = new int[histories.length][];
    int[][] pos = new int[histories.length][];
    for (int r = 0; r < histories.length; r++) {
      int[] h = histories[r];
      int k = Math.min(h.length, spec.maxLen());
      int extra = spec.backbone() == Backbone.BERT4REC ? 1 : 0;
      int[] s = new int[k + extra];
      int[] p = new int[k + extra];
      System.arraycopy(h, h.length - k, s, 0, k);
      for (int i = 0; i < k + extra; i++) p[i] = i + 1;
      if (extra == 1) s[k] = spec.maskToken();   // append mask token with position k+1 (docs/model.md §3.6)
      seqs[r] = s;
      pos[r] = p;
      longest = Math.max(longest, Math.min(s.length, spec.maxLen()));
    }
    return SequenceBatch.withPositions(seqs, pos, users, spec.paddedLength(longest));
  }

  @Override
  public void beforeEpoch(int epoch) {
    for (AuxiliaryLoss aux : auxiliary) aux.beforeEpoch(this, epoch);
  }

  @Override
  public void close() {
    store.close();
  }
}
