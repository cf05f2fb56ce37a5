package io.llmesr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
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
 * Recommendation loss (docs/model.md §3.7), over the slots with a target ({@link TrainingBatch}):
 * {@code L_rec = Σ softplus(−h·e_pos)/n + Σ softplus(h·e_neg)/n} (= BCE-with-logits, two separate means summed),
 * plus every auxiliary term. n = {@link TrainingBatch#lossDenominator()}: the batch's slot count (the paper), or a
 * fixed value with {@code train.loss_norm=epoch}.
 */
public class SequenceRecommender implements SequenceModel {
  private final ModelSpec spec;
  private final ParameterStore store;
  private final ItemRepresentation items;
  private final SequenceEncoder encoder;
  private final StreamMixer mixer;
  private final List<AuxiliaryLoss> auxiliary;

  public SequenceRecommender(ModelSpec spec, ParameterStore store, ItemRepresentation items, SequenceEncoder encoder,
                             StreamMixer mixer, List<AuxiliaryLoss> auxiliary) {
    if (items.viewDim() != spec.hiddenSize()) {
      throw new IllegalArgumentException("item view width " + items.viewDim() + " != hidden size " + spec.hiddenSize());
    }
    this.spec = spec;
    this.store = store;
    this.items = items;
    this.encoder = encoder;
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

  /** The shared encoder. */
  public SequenceEncoder encoder() {
    return encoder;
  }

  @Override
  public int representationDim() {
    return items.candidateDim();
  }

  @Override
  public NDArray hiddenStates(BatchArrays batch, Forward fwd) {
    NDList views = items.inputViews(batch, fwd);
    NDList streams = new NDList(views.size());
    for (NDArray v : views) streams.add(encoder.embedInput(v, batch, fwd));
    streams = mixer.mix(streams, batch, fwd);
    if (streams.size() != items.views()) {
      throw new IllegalStateException("mixer returned " + streams.size() + " streams for " + items.views() + " views");
    }
    if (streams.size() == 1) return encoder.encode(streams.get(0), batch, fwd);
    NDList outs = new NDList(streams.size());
    for (NDArray s : streams) outs.add(encoder.encode(s, batch, fwd));
    return NDArrays.concat(outs, 2);
  }

  @Override
  public NDArray encode(BatchArrays batch, Forward fwd) {
    return lastSlot(hiddenStates(batch, fwd));
  }

  /** H[:, T-1, :] of a B×T×D array → B×D. */
  public static NDArray lastSlot(NDArray hidden) {
    return hidden.get(new NDIndex(":, -1, :"));
  }

  @Override
  public LossTerms loss(TrainingBatch batch, Forward fwd) {
    SequenceBatch in = batch.input();
    BatchArrays arrays = new BatchArrays(in, fwd.manager());
    NDArray hidden = hiddenStates(arrays, fwd);
    Shape slotShape;
    if (batch.lastOnly()) {
      hidden = lastSlot(hidden);
      slotShape = new Shape(in.size());
    } else {
      slotShape = new Shape(in.size(), in.length());
    }
    int n = batch.lossSlots();
    float[] valid = new float[batch.targets().length];
    for (int i = 0; i < valid.length; i++) valid[i] = batch.targets()[i] > 0 ? 1f : 0f;
    NDArray validArr = fwd.manager().create(valid, slotShape);
    NDArray pos = fwd.manager().create(BatchArrays.toLong(batch.targets()), slotShape);
    NDArray neg = fwd.manager().create(BatchArrays.toLong(batch.negatives()), slotShape);
    int last = hidden.getShape().dimension() - 1;
    NDArray posLogit = hidden.mul(items.candidates(pos, fwd)).sum(new int[] {last});
    NDArray negLogit = hidden.mul(items.candidates(neg, fwd)).sum(new int[] {last});
    NDArray inv = fwd.scalar((float) (1.0 / batch.lossDenominator()));
    NDArray posLoss = Ops.softPlus(posLogit.neg()).mul(validArr).sum().mul(inv);
    NDArray negLoss = Ops.softPlus(negLogit).mul(validArr).sum().mul(inv);
    NDArray rec = posLoss.add(negLoss);
    Map<String, NDArray> parts = new LinkedHashMap<>();
    parts.put("rec", rec);
    NDArray total = rec;
    for (AuxiliaryLoss aux : auxiliary) {
      NDArray term = aux.compute(this, batch, arrays, fwd);
      parts.put(aux.name(), term);
      total = total.add(term);
    }
    return new LossTerms(total, parts, n);
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
