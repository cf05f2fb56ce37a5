package io.llmesr.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to evaluate and how. Build with {@link #of(EvalProtocol, EvalSplit)} and the {@code with...} methods.
 *
 * @param protocol      {@code sampled100} (paper) or {@code full}
 * @param split         {@code valid} (early stopping) or {@code test}
 * @param ks            the cut-offs K of HR@K and NDCG@K, ascending and distinct (default 5, 10, 20)
 * @param thresholds    head/tail thresholds: fixed ({@link GroupThresholds}) or computed (default Pareto 20/80)
 * @param maxLen        model max length L: inputs are truncated to their last {@code maxLen} items before
 *                      scoring, and tail users are judged on the truncated length (docs/model.md §2.8; default 200)
 * @param batchSize     users per call to the {@link Scorer} (does not change results; default 256)
 * @param seed          seed of the sampled negatives (sampled100 only; default 42)
 * @param candidatesDir where sampled candidates are saved and reused, e.g. {@code DATASET_DIR/eval}; {@code null}
 *                      keeps them in memory only (still deterministic for the seed)
 */
public record EvalSpec(EvalProtocol protocol, EvalSplit split, List<Integer> ks, ThresholdRule thresholds,
                       int maxLen, int batchSize, long seed, Path candidatesDir) {

  /** Default cut-offs. */
  public static final List<Integer> DEFAULT_KS = List.of(5, 10, 20);
  /** Default max length L (docs/model.md §2.3). */
  public static final int DEFAULT_MAX_LEN = 200;
  /** Default users per scorer call. */
  public static final int DEFAULT_BATCH_SIZE = 256;
  /** Default seed of the sampled negatives (the paper's first seed). */
  public static final long DEFAULT_SEED = 42;

  public EvalSpec {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(thresholds, "thresholds");
    ks = List.copyOf(ks);
    if (ks.isEmpty()) throw new IllegalArgumentException("at least one cut-off K is needed");
    for (int i = 0; i < ks.size(); i++) {
      if (ks.get(i) < 1) throw new IllegalArgumentException("cut-off K must be >= 1, got " + ks.get(i));
      if (i > 0 && ks.get(i) <= ks.get(i - 1)) {
        throw new IllegalArgumentException("cut-offs must be ascending and distinct, got " + ks);
      }
    }
    if (maxLen < 1) throw new IllegalArgumentException("maxLen must be >= 1, got " + maxLen);
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
  }

  /** Defaults: K = 5, 10, 20; Pareto thresholds; L = 200; 256 users per batch; seed 42; no candidates dir. */
  public static EvalSpec of(EvalProtocol protocol, EvalSplit split) {
    return new EvalSpec(protocol, split, DEFAULT_KS, GroupThresholds.pareto(), DEFAULT_MAX_LEN,
        DEFAULT_BATCH_SIZE, DEFAULT_SEED, null);
  }

  /**
   * The paper's validation protocol for early stopping (sampled100 on the validation split), with candidates
   * saved in and reused from {@code candidatesDir}.
   */
  public static EvalSpec earlyStopping(Path candidatesDir, long seed, int maxLen) {
    return of(EvalProtocol.SAMPLED100, EvalSplit.VALID).withCandidatesDir(candidatesDir).withSeed(seed)
        .withMaxLen(maxLen);
  }

  public EvalSpec withProtocol(EvalProtocol p) {
    return new EvalSpec(p, split, ks, thresholds, maxLen, batchSize, seed, candidatesDir);
  }

  public EvalSpec withSplit(EvalSplit s) {
    return new EvalSpec(protocol, s, ks, thresholds, maxLen, batchSize, seed, candidatesDir);
  }

  public EvalSpec withKs(List<Integer> k) {
    List<Integer> sorted = new ArrayList<>(k);
    sorted.sort(null);
    return new EvalSpec(protocol, split, sorted, thresholds, maxLen, batchSize, seed, candidatesDir);
  }

  public EvalSpec withThresholds(ThresholdRule t) {
    return new EvalSpec(protocol, split, ks, t, maxLen, batchSize, seed, candidatesDir);
  }

  public EvalSpec withMaxLen(int l) {
    return new EvalSpec(protocol, split, ks, thresholds, l, batchSize, seed, candidatesDir);
  }

  public EvalSpec withBatchSize(int b) {
    return new EvalSpec(protocol, split, ks, thresholds, maxLen, b, seed, candidatesDir);
  }

  public EvalSpec withSeed(long s) {
    return new EvalSpec(protocol, split, ks, thresholds, maxLen, batchSize, s, candidatesDir);
  }

  public EvalSpec withCandidatesDir(Path dir) {
    return new EvalSpec(protocol, split, ks, thresholds, maxLen, batchSize, seed, dir);
  }
}
