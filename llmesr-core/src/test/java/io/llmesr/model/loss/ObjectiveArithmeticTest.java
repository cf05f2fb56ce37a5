package io.llmesr.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each objective's loss and gradients (with respect to the hidden states and the item table) on tiny inputs, against
 * the closed forms computed here in double precision:
 * <ul>
 *   <li>BCE/gBCE: {@code ∂/∂s⁺ β·softplus(−s⁺) = −β·σ(−s⁺)}, {@code ∂/∂s⁻ softplus(s⁻) = σ(s⁻)};</li>
 *   <li>softmax objectives: {@code ∂/∂z −log softmax(z)_0 = softmax(z) − onehot_0};</li>
 * </ul>
 * then {@code ∂L/∂h = Σ_j (∂L/∂s_j) e_j}, {@code ∂L/∂e_j = Σ_slots (∂L/∂s_j) h}, all divided by n.
 */
class ObjectiveArithmeticTest {
  @BeforeAll
  static void engine() {
    io.llmesr.testing.TestEngine.singleThread();
  }

  static final int D = 2;
  /** Rows 0..3: padding (0,0), e1 = (1,0), e2 = (0,1), e3 = (1,1). */
  static final float[] TABLE = {0, 0, 1, 0, 0, 1, 1, 1};
  /** Three slots: h0 = (1,2), h1 = (0.3,-0.7) (no target), h2 = (-1,0.5). */
  static final float[] HIDDEN = {1, 2, 0.3f, -0.7f, -1, 0.5f};
  static final int[] TARGETS = {1, 0, 3};

  static double sp(double x) {
    return Math.log1p(Math.exp(x));
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double dot(float[] a, int i, float[] b, int j) {
    return a[i * D] * b[j * D] + a[i * D + 1] * b[j * D + 1];
  }

  /** Loss and gradients accumulated from per-score derivatives. */
  static final class Expected {
    double loss;
    final double[] gh = new double[HIDDEN.length];
    final double[] ge = new double[TABLE.length];

    /** Adds {@code g = ∂L/∂s} of the score of slot {@code slot} against item {@code item}. */
    void score(int slot, int item, double g) {
      for (int c = 0; c < D; c++) {
        gh[slot * D + c] += g * TABLE[item * D + c];
        ge[item * D + c] += g * HIDDEN[slot * D + c];
      }
    }

    void check(LossHarness.Result r) {
      assertThat(r.loss()).isCloseTo(loss, within(1e-5));
      for (int i = 0; i < gh.length; i++) assertThat((double) r.gradHidden()[i]).as("dL/dh[" + i + "]").isCloseTo(gh[i], within(1e-5));
      for (int i = 0; i < ge.length; i++) assertThat((double) r.gradTable()[i]).as("dL/de[" + i + "]").isCloseTo(ge[i], within(1e-5));
    }
  }

  /** BCE/gBCE with β over k negatives per slot (slot-major). */
  static Expected bce(int[] negatives, int k, double beta) {
    Expected x = new Expected();
    double n = 2;
    for (int s = 0; s < TARGETS.length; s++) {
      if (TARGETS[s] == 0) continue;
      double pos = dot(HIDDEN, s, TABLE, TARGETS[s]);
      x.loss += beta * sp(-pos) / n;
      x.score(s, TARGETS[s], -beta * sigmoid(-pos) / n);
      for (int c = 0; c < k; c++) {
        int j = negatives[s * k + c];
        double neg = dot(HIDDEN, s, TABLE, j);
        x.loss += sp(neg) / n;
        x.score(s, j, sigmoid(neg) / n);
      }
    }
    return x;
  }

  @Test
  void bceWithOneNegativeIsThePapersLossInMaskedLayout() {
    int[] neg = {2, 0, 1};
    // by hand: s⁺ = h0·e1 = 1, s⁻ = h0·e2 = 2; s⁺ = h2·e3 = -0.5, s⁻ = h2·e1 = -1; n = 2
    double byHand = (sp(-1) + sp(2) + sp(0.5) + sp(-1)) / 2;
    Expected x = bce(neg, 1, 1);
    assertThat(x.loss).isCloseTo(byHand, within(1e-12));
    x.check(LossHarness.run(BinaryCrossEntropy.PAPER, HIDDEN, new Shape(3, D), TABLE, D, TARGETS, neg, null, 2));
    // a 1×3 batch of slots (B×T layout) gives the same
    x.check(LossHarness.run(BinaryCrossEntropy.PAPER, HIDDEN, new Shape(1, 3, D), TABLE, D, TARGETS, neg, null, 2));
  }

  @Test
  void bceWithTwoNegativesSumsTheirTermsInGatheredLayout() {
    int[] neg = {2, 3, 0, 0, 1, 2};
    bce(neg, 2, 1).check(LossHarness.run(BinaryCrossEntropy.bce(2), HIDDEN, new Shape(3, D), TABLE, D, TARGETS, neg,
        null, 2));
  }

  @Test
  void gbceRaisesThePositiveProbabilityToBeta() {
    int[] neg = {2, 3, 0, 0, 1, 2};
    // N = 3, k = 2: alpha = 2/2 = 1 → beta = 1 whatever t; with N = 5: alpha = 0.5, t = 0.5 → beta = 0.5·(0.5·(1−2)+2) = 0.75
    assertThat(BinaryCrossEntropy.gbceBeta(2, 3, 0.7)).isCloseTo(1.0, within(1e-12));
    assertThat(BinaryCrossEntropy.gbceBeta(2, 5, 0.5)).isCloseTo(0.75, within(1e-12));
    assertThat(BinaryCrossEntropy.gbceBeta(2, 5, 1)).isCloseTo(0.5, within(1e-12));   // t = 1: beta = alpha
    assertThat(BinaryCrossEntropy.gbceBeta(2, 5, 0)).isCloseTo(1.0, within(1e-12));   // t = 0: beta = 1
    // gbce on a 5-item catalogue (only items 1..3 are scored here)
    float[] table5 = new float[6 * D];
    System.arraycopy(TABLE, 0, table5, 0, TABLE.length);
    BinaryCrossEntropy g = BinaryCrossEntropy.gbce(2, 5, 0.5);
    assertThat(g.beta()).isCloseTo(0.75, within(1e-12));
    Expected x = bce(neg, 2, 0.75);
    LossHarness.Result r = LossHarness.run(g, HIDDEN, new Shape(3, D), table5, D, TARGETS, neg, null, 2);
    x.check(new LossHarness.Result(r.loss(), r.gradHidden(), java.util.Arrays.copyOf(r.gradTable(), TABLE.length)));
    // gSASRec writes the same loss divided by k + 1 per slot: −1/(k+1)(log σ(s⁺)^β + Σ log(1 − σ(s⁻)))
    double gsasrec = 0;
    for (int s : new int[] {0, 2}) {
      double term = 0.75 * Math.log(sigmoid(dot(HIDDEN, s, TABLE, TARGETS[s])));
      for (int c = 0; c < 2; c++) term += Math.log(1 - sigmoid(dot(HIDDEN, s, TABLE, neg[s * 2 + c])));
      gsasrec += -term / 3;
    }
    assertThat(r.loss()).isCloseTo(3 * gsasrec / 2, within(1e-5));
  }

  @Test
  void gbceWithCalibrationZeroIsBceWithTheSameNegatives() {
    int[] neg = {2, 3, 0, 0, 1, 2};
    float[] table9 = new float[10 * D];
    System.arraycopy(TABLE, 0, table9, 0, TABLE.length);
    LossHarness.Result g = LossHarness.run(BinaryCrossEntropy.gbce(2, 9, 0), HIDDEN, new Shape(3, D), table9, D,
        TARGETS, neg, null, 2);
    LossHarness.Result b = LossHarness.run(BinaryCrossEntropy.bce(2), HIDDEN, new Shape(3, D), table9, D,
        TARGETS, neg, null, 2);
    assertThat(g.loss()).isEqualTo(b.loss());
    assertThat(g.gradHidden()).isEqualTo(b.gradHidden());
    assertThat(g.gradTable()).isEqualTo(b.gradTable());
  }

  /** Softmax over [s⁺, s_i − log(k·Q_i)] per slot. */
  static Expected sampledSoftmax(int[] negatives, float[] logProb, int k) {
    Expected x = new Expected();
    double n = 2;
    for (int s = 0; s < TARGETS.length; s++) {
      if (TARGETS[s] == 0) continue;
      double[] z = new double[k + 1];
      int[] item = new int[k + 1];
      item[0] = TARGETS[s];
      z[0] = dot(HIDDEN, s, TABLE, item[0]);
      for (int c = 0; c < k; c++) {
        item[c + 1] = negatives[s * k + c];
        z[c + 1] = dot(HIDDEN, s, TABLE, item[c + 1]) - (logProb[s * k + c] + Math.log(k));
      }
      double sum = 0;
      for (double v : z) sum += Math.exp(v);
      x.loss += (Math.log(sum) - z[0]) / n;
      for (int c = 0; c <= k; c++) x.score(s, item[c], (Math.exp(z[c]) / sum - (c == 0 ? 1 : 0)) / n);
    }
    return x;
  }

  @Test
  void sampledSoftmaxSubtractsTheLogExpectedCountFromEachNegative() {
    int[] neg = {2, 3, 0, 0, 1, 2};
    float[] logProb = {(float) Math.log(0.5), (float) Math.log(0.25), 0, 0, (float) Math.log(0.1), (float) Math.log(0.9)};
    // by hand, slot 0: z = [1, 2 − log(2·0.5), 3 − log(2·0.25)] = [1, 2, 3 + log 2]
    double slot0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3 + Math.log(2))) - 1;
    Expected x = sampledSoftmax(neg, logProb, 2);
    double slot2 = x.loss * 2 - slot0;
    assertThat(slot2).isCloseTo(Math.log(Math.exp(-0.5) + Math.exp(-1 - Math.log(0.2)) + Math.exp(0.5 - Math.log(1.8)))
        + 0.5, within(1e-6));   // the log probabilities are float32
    x.check(LossHarness.run(new SampledSoftmax(2), HIDDEN, new Shape(3, D), TABLE, D, TARGETS, neg, logProb, 2));
    // one negative per slot (masked layout): the same closed form with k = 1
    int[] one = {2, 0, 1};
    float[] lp1 = {(float) Math.log(0.5), 0, (float) Math.log(0.1)};
    sampledSoftmax(one, lp1, 1).check(LossHarness.run(new SampledSoftmax(1), HIDDEN, new Shape(3, D), TABLE, D,
        TARGETS, one, lp1, 2));
  }

  /** Full softmax over items 1..N of the table. */
  static Expected fullSoftmax() {
    Expected x = new Expected();
    double n = 2;
    int items = TABLE.length / D - 1;
    for (int s = 0; s < TARGETS.length; s++) {
      if (TARGETS[s] == 0) continue;
      double sum = 0;
      for (int j = 1; j <= items; j++) sum += Math.exp(dot(HIDDEN, s, TABLE, j));
      x.loss += (Math.log(sum) - dot(HIDDEN, s, TABLE, TARGETS[s])) / n;
      for (int j = 1; j <= items; j++) {
        x.score(s, j, (Math.exp(dot(HIDDEN, s, TABLE, j)) / sum - (j == TARGETS[s] ? 1 : 0)) / n);
      }
    }
    return x;
  }

  @Test
  void fullSoftmaxIsTheCrossEntropyOverTheCatalogueWithItsGradient() {
    // by hand, slot 0: scores of e1..e3 = 1, 2, 3 → log(e + e² + e³) − 1; slot 2: −1, 0.5, −0.5 → log(…) + 0.5
    double byHand = (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1
        + Math.log(Math.exp(-1) + Math.exp(0.5) + Math.exp(-0.5)) + 0.5) / 2;
    Expected x = fullSoftmax();
    assertThat(x.loss).isCloseTo(byHand, within(1e-12));
    for (int chunk : new int[] {1, 2, 3, 10}) {
      x.check(LossHarness.run(new FullSoftmax(3, chunk), HIDDEN, new Shape(3, D), TABLE, D, TARGETS, new int[0], null,
          2));
    }
    // padding row 0 takes no part: no gradient reaches it
    LossHarness.Result r = LossHarness.run(new FullSoftmax(3, 2), HIDDEN, new Shape(3, D), TABLE, D, TARGETS,
        new int[0], null, 2);
    assertThat(r.gradTable()[0]).isZero();
    assertThat(r.gradTable()[1]).isZero();
  }
}
