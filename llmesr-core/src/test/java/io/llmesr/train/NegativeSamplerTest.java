package io.llmesr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmesr.model.loss.NegativeSampling;
import io.llmesr.prepare.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The negative samplers draw from the proposal {@code Q_u} they report ({@link NegativeSampler#logProb}), which is what
 * the logQ correction of the sampled softmax relies on; the uniform sampler draws exactly the paper's stream.
 */
class NegativeSamplerTest {
  static final Dataset DS = TinyData.chain(12, 9, 3, 6);

  @Test
  void uniformDrawsTheSameStreamAsBeforeTheSamplersExisted() {
    NegativeSampler s = new NegativeSampler(DS);
    int[] seen = Arrays.stream(DS.train(2)).distinct().sorted().toArray();
    SplittableRandom a = new SplittableRandom(11);
    SplittableRandom b = new SplittableRandom(11);
    for (int i = 0; i < 200; i++) {
      int expected;
      do {
        expected = 1 + b.nextInt(DS.numItems());
      } while (Arrays.binarySearch(seen, expected) >= 0);
      assertThat(s.draw(2, a)).isEqualTo(expected);
    }
  }

  @Test
  void drawFrequenciesMatchTheReportedProposalAndItSumsToOne() {
    for (NegativeSampling d : NegativeSampling.values()) {
      NegativeSampler s = new NegativeSampler(DS, d);
      int u = 3;
      int[] seen = Arrays.stream(DS.train(u)).distinct().toArray();
      double total = 0;
      for (int j = 1; j <= DS.numItems(); j++) {
        final int item = j;
        if (Arrays.stream(seen).noneMatch(x -> x == item)) total += Math.exp(s.logProb(u, j));
      }
      assertThat(total).as(d.id()).isCloseTo(1.0, within(1e-9));
      int draws = 200_000;
      int[] count = new int[DS.numItems() + 1];
      SplittableRandom rng = new SplittableRandom(4);
      for (int i = 0; i < draws; i++) count[s.draw(u, rng)]++;
      for (int item : seen) assertThat(count[item]).as(d.id() + " drew a training item").isZero();
      for (int j = 1; j <= DS.numItems(); j++) {
        if (count[j] == 0) continue;
        assertThat((double) count[j] / draws).as(d.id() + " item " + j).isCloseTo(Math.exp(s.logProb(u, j)),
            within(0.005));
      }
    }
  }

  @Test
  void popularityWeightsAreTrainingCountsPlusOne() {
    NegativeSampler s = new NegativeSampler(DS, NegativeSampling.POP);
    long[] w = new long[DS.numItems() + 1];
    for (int j = 1; j <= DS.numItems(); j++) w[j] = 1;
    for (int u = 0; u < DS.numUsers(); u++) for (int item : DS.train(u)) w[item]++;
    int u = 0;
    long excluded = Arrays.stream(DS.train(u)).distinct().mapToLong(i -> w[i]).sum();
    long all = Arrays.stream(w).sum();
    for (int j = 1; j <= DS.numItems(); j++) {
      final int item = j;
      if (Arrays.stream(DS.train(u)).anyMatch(x -> x == item)) continue;
      assertThat(s.logProb(u, j)).isCloseTo(Math.log((double) w[j] / (all - excluded)), within(1e-12));
    }
  }

  @Test
  void theLogQCorrectedSumEstimatesThePartitionOverTheUsersUnseenItems() {
    // (1/k) Σ_i exp(s_{j_i}) / Q_u(j_i) with j_i ~ Q_u is an unbiased estimate of Σ_{j ∉ S_u} exp(s_j): the sum the
    // sampled softmax's corrected negative logits exp(s_j − log(k·Q_u(j))) add up to
    NegativeSampler s = new NegativeSampler(DS, NegativeSampling.POP);
    int u = 5;
    double exact = 0;
    for (int j = 1; j <= DS.numItems(); j++) {
      final int item = j;
      if (Arrays.stream(DS.train(u)).noneMatch(x -> x == item)) exact += Math.exp(Math.sin(j) * 2);
    }
    SplittableRandom rng = new SplittableRandom(8);
    int k = 16;
    int repeats = 20_000;
    double mean = 0;
    for (int r = 0; r < repeats; r++) {
      double z = 0;
      for (int i = 0; i < k; i++) {
        int j = s.draw(u, rng);
        z += Math.exp(Math.sin(j) * 2 - (Math.log(k) + s.logProb(u, j)));
      }
      mean += z / repeats;
    }
    assertThat(mean).isCloseTo(exact, within(exact * 0.01));
  }

  @Test
  void batchNegativesAreDeterministicPerBatchAndSkipSlotsWithoutTarget() {
    NegativeSampler s = new NegativeSampler(DS, NegativeSampling.POP);
    BatchNegatives bn = new BatchNegatives(s, 3, true, 42, 2);
    int[] users = {0, 4};
    int[] targets = {0, 5, 6, 0, 0, 7};   // 2 rows × 3 slots
    BatchNegatives.Drawn a = bn.draw(1, users, targets);
    assertThat(bn.draw(1, users, targets).items()).isEqualTo(a.items());
    assertThat(new BatchNegatives(s, 3, true, 42, 2).draw(2, users, targets).items()).isNotEqualTo(a.items());
    assertThat(a.items()).hasSize(18);
    for (int slot = 0; slot < 6; slot++) {
      int u = users[slot / 3];
      for (int c = 0; c < 3; c++) {
        int item = a.items()[slot * 3 + c];
        if (targets[slot] == 0) {
          assertThat(item).isZero();
        } else {
          assertThat(item).isBetween(1, DS.numItems());
          assertThat(DS.train(u)).doesNotContain(item);
          assertThat(a.logProb()[slot * 3 + c]).isEqualTo((float) s.logProb(u, item));
        }
      }
    }
    assertThat(new BatchNegatives(s, 2, false, 42, 2).draw(1, users, targets).logProb()).isNull();
    assertThat(new BatchNegatives(s, 0, false, 42, 2).draw(1, users, targets).items()).isEmpty();
  }
}
