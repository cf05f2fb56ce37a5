package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.prepare.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
  private static final Dataset RANDOM = EvalFixtures.random(11, 150, 500, 60);

  @Test
  void fullProtocolHandComputedGroups() {
    // score = item id: higher ids rank first. Test split of the tiny dataset (see EvalFixtures.tiny):
    // u0 input [1,2,3,4] target 5 -> only item 5 left -> rank 0
    // u1 input [1,2]     target 3 -> 4,5 above        -> rank 2
    // u3 input [2,1]     target 4 -> 5 above (3 below)-> rank 1
    // u4 input [1,3,2]   target 1 (a repeat, kept)    -> 4,5 above -> rank 2
    // u5 input [5,4,3,2,1] target 2 (repeat)          -> nothing else left -> rank 0
    Dataset ds = EvalFixtures.tiny();
    EvalSpec spec = EvalSpec.of(EvalProtocol.FULL, EvalSplit.TEST).withKs(List.of(1, 2, 3))
        .withThresholds(new GroupThresholds(3, 4, "explicit"));
    EvalReport r = new Evaluator().evaluate(ds, EvalFixtures.perItem(i -> i, 5), spec);

    assertThat(r.userRanks().userIndex()).containsExactly(0, 1, 3, 4, 5);
    assertThat(r.userRanks().rank()).containsExactly(0, 2, 1, 2, 0);
    assertThat(r.userRanks().numCandidates()).containsExactly(1, 3, 3, 3, 1);
    GroupMetrics all = r.overall();
    assertThat(all.n()).isEqualTo(5);
    assertThat(all.hr(1)).isCloseTo(0.4, within(1e-12));
    assertThat(all.hr(2)).isCloseTo(0.6, within(1e-12));
    assertThat(all.hr(3)).isCloseTo(1.0, within(1e-12));
    assertThat(all.mrr()).isCloseTo((1 + 1.0 / 3 + 0.5 + 1.0 / 3 + 1) / 5, within(1e-12));
    assertThat(all.ndcg(2)).isCloseTo((1 + 1 / log2(3) + 1) / 5, within(1e-12));
    // popularity: item1 6, item2 6, item3 4, item4 3, item5 2 -> tail items (< 4): targets 5 (u0), 4 (u3)
    // input lengths: u0 4, u1 2, u3 2, u4 3, u5 5 -> tail users (< 3): u1, u3
    GroupMetrics tailItem = r.group(EvalGroup.TAIL_ITEM);
    assertThat(tailItem.n()).isEqualTo(2);
    assertThat(tailItem.hr(1)).isCloseTo(0.5, within(1e-12));
    assertThat(tailItem.mrr()).isCloseTo(0.75, within(1e-12));
    GroupMetrics headItem = r.group(EvalGroup.HEAD_ITEM);
    assertThat(headItem.n()).isEqualTo(3);
    assertThat(headItem.mrr()).isCloseTo(5.0 / 9, within(1e-12));
    GroupMetrics tailUser = r.group(EvalGroup.TAIL_USER);
    assertThat(tailUser.n()).isEqualTo(2);
    assertThat(tailUser.hr(1)).isZero();
    assertThat(tailUser.hr(2)).isCloseTo(0.5, within(1e-12));
    assertThat(tailUser.mrr()).isCloseTo(5.0 / 12, within(1e-12));
    GroupMetrics headUser = r.group(EvalGroup.HEAD_USER);
    assertThat(headUser.n()).isEqualTo(3);
    assertThat(headUser.mrr()).isCloseTo(7.0 / 9, within(1e-12));
    assertThat(r.userRanks().targetPopularity()).containsExactly(2, 4, 3, 6, 6);
  }

  @Test
  void fullProtocolOnValidationKeepsTheTestItemInTheRanking() {
    // u0 valid: input [1,2,3], target 4; its test item 5 is not excluded and scores higher -> rank 1
    EvalSpec spec = EvalSpec.of(EvalProtocol.FULL, EvalSplit.VALID).withThresholds(new GroupThresholds(3, 4, "x"));
    EvalReport r = new Evaluator().evaluate(EvalFixtures.tiny(), EvalFixtures.perItem(i -> i, 5), spec);
    assertThat(r.userRanks().userIndex()[0]).isZero();
    assertThat(r.userRanks().rank()[0]).isEqualTo(1);
    assertThat(r.userRanks().numCandidates()[0]).isEqualTo(2);
  }

  @Test
  void fullProtocolExcludesTheWholeInputEvenBeyondMaxLen() {
    // history items get the highest scores; excluded, they must not push the target down
    Dataset ds = EvalFixtures.tiny();
    EvalSpec spec = EvalSpec.of(EvalProtocol.FULL, EvalSplit.TEST).withMaxLen(1)
        .withThresholds(new GroupThresholds(3, 4, "x"));
    List<int[]> seenInputs = new ArrayList<>();
    Scorer historyFirst = new Scorer() {
      @Override
      public float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates) {
        throw new AssertionError();
      }

      @Override
      public float[][] scoreAll(int[] users, int[][] inputs) {
        float[][] out = new float[users.length][6];
        for (int b = 0; b < users.length; b++) {
          seenInputs.add(inputs[b]);
          for (int i = 1; i <= 5; i++) out[b][i] = -i;
          for (int j = 0; j < ds.validEnd()[users[b]]; j++) out[b][ds.sequences()[users[b]][j]] = 100;
        }
        return out;
      }
    };
    EvalReport r = new Evaluator().evaluate(ds, historyFirst, spec);
    // non-history items score -id. u0: all others excluded -> 0. u1: target 3, {1,2} excluded, 4, 5 lower -> 0.
    // u3: target 4, {1,2} excluded, item 3 (-3) above -> 1. u4: target 1 is in its own input (score 100) but
    // never excluded; 4, 5 lower -> 0. u5: everything else excluded -> 0. Without exclusion the history items
    // (score 100) would all rank above the targets.
    assertThat(r.userRanks().rank()).containsExactly(0, 0, 1, 0, 0);
    // the scorer saw only the last maxLen = 1 items
    assertThat(seenInputs).allSatisfy(in -> assertThat(in).hasSize(1));
    assertThat(seenInputs.get(0)).containsExactly(4);
    // tail users judged on truncated length 1 < 3: all of them
    assertThat(r.group(EvalGroup.TAIL_USER).n()).isEqualTo(5);
    assertThat(r.group(EvalGroup.HEAD_USER).n()).isZero();
    assertThat(r.group(EvalGroup.HEAD_USER).hr(10)).isNaN();
  }

  @Test
  void constantScoresGiveZeroHitRateUnderBothProtocols() {
    for (EvalProtocol p : EvalProtocol.values()) {
      EvalReport r = new Evaluator().evaluate(RANDOM, EvalFixtures.perItem(i -> 0.5, RANDOM.numItems()),
          EvalSpec.of(p, EvalSplit.TEST));
      assertThat(r.overall().hr(10)).as(p.label()).isZero();
      assertThat(r.overall().hr(20)).as(p.label()).isZero();
      assertThat(r.overall().ndcg(10)).as(p.label()).isZero();
    }
  }

  @Test
  void resultsIdenticalAcrossBatchSizes() {
    Scorer rnd = new RandomScorer(5, RANDOM.numItems());
    Scorer pop = PopularityScorer.fromTraining(RANDOM);
    for (EvalProtocol p : EvalProtocol.values()) {
      for (Scorer s : List.of(rnd, pop)) {
        EvalSpec base = EvalSpec.of(p, EvalSplit.TEST).withThresholds(new GroupThresholds(20, 30, "x"));
        EvalReport one = new Evaluator().evaluate(RANDOM, s, base.withBatchSize(1));
        EvalReport seven = new Evaluator().evaluate(RANDOM, s, base.withBatchSize(7));
        EvalReport hundred = new Evaluator().evaluate(RANDOM, s, base.withBatchSize(100));
        assertThat(seven.groups()).isEqualTo(one.groups());
        assertThat(hundred.groups()).isEqualTo(one.groups());
        assertThat(hundred.userRanks().rank()).isEqualTo(one.userRanks().rank());
        for (EvalGroup g : EvalGroup.values()) assertThat(one.group(g).n()).as(g.key()).isPositive();
      }
    }
  }

  @Test
  void batchesHaveTheRequestedSizeAndTruncatedInputs() {
    AtomicInteger calls = new AtomicInteger();
    int[] maxSeen = new int[1];
    Scorer spy = new Scorer() {
      final Scorer inner = new RandomScorer(1, RANDOM.numItems());

      @Override
      public float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates) {
        calls.incrementAndGet();
        assertThat(users.length).isLessThanOrEqualTo(32);
        for (int b = 0; b < users.length; b++) {
          maxSeen[0] = Math.max(maxSeen[0], inputs[b].length);
          int end = RANDOM.validEnd()[users[b]];
          int[] seq = RANDOM.sequences()[users[b]];
          assertThat(inputs[b][inputs[b].length - 1]).as("most recent item last").isEqualTo(seq[end - 1]);
          assertThat(candidates[b][0]).isEqualTo(RANDOM.testTarget(users[b]));
        }
        return inner.scoreCandidates(users, inputs, candidates);
      }

      @Override
      public float[][] scoreAll(int[] users, int[][] inputs) {
        throw new AssertionError();
      }
    };
    int m = Evaluator.usersWithTarget(RANDOM, EvalSplit.TEST).length;
    new Evaluator().evaluate(RANDOM, spy, EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST).withBatchSize(32)
        .withMaxLen(10));
    assertThat(calls.get()).isEqualTo((m + 31) / 32);
    assertThat(maxSeen[0]).isEqualTo(10);
  }

  @Test
  void sampledRandomScorerIsNearChance() {
    Dataset big = EvalFixtures.random(12, 2000, 600, 20);
    EvalReport r = new Evaluator().evaluate(big, new RandomScorer(9, big.numItems()),
        EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST));
    // expected HR@10 = 10/101 ≈ 0.099; n ≈ 1800 users -> std ≈ 0.007
    assertThat(r.overall().hr(10)).isBetween(0.07, 0.13);
    assertThat(r.overall().mrr()).isBetween(0.035, 0.07); // E = H(101)/101 ≈ 0.052
  }

  @Test
  void repeatedValidationReusesSavedCandidates(@TempDir Path dir) throws Exception {
    Evaluator ev = new Evaluator();
    EvalSpec spec = EvalSpec.earlyStopping(dir, 42, 200);
    Scorer pop = PopularityScorer.fromTraining(RANDOM);
    double first = ev.validationNdcg10(RANDOM, pop, spec);
    Path data = SampledCandidates.fileFor(dir, EvalProtocol.SAMPLED100, EvalSplit.VALID, 42);
    var mtime = Files.getLastModifiedTime(data);
    Files.delete(SampledCandidates.manifestFor(dir, EvalProtocol.SAMPLED100, EvalSplit.VALID, 42)); // in-memory cache must not care
    assertThat(ev.validationNdcg10(RANDOM, pop, spec)).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(data)).isEqualTo(mtime);
    // a fresh evaluator redraws (manifest gone) the very same candidates
    assertThat(new Evaluator().validationNdcg10(RANDOM, pop, spec)).isEqualTo(first);
    assertThat(new Evaluator().evaluate(RANDOM, pop, EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.VALID))
        .overall().ndcg(10)).isEqualTo(first);
  }

  @Test
  void jsonShapeAndRoundTrip(@TempDir Path dir) throws Exception {
    EvalReport r = new Evaluator().evaluate(RANDOM, PopularityScorer.fromTraining(RANDOM),
        EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST).withCandidatesDir(dir)
            .withThresholds(GroupThresholds.paperBeauty()));
    JsonNode j = new ObjectMapper().readTree(r.toJson());
    assertThat(j.path("protocol").asText()).isEqualTo("sampled100");
    assertThat(j.path("split").asText()).isEqualTo("test");
    assertThat(j.path("tie_rule").asText()).isEqualTo("pessimistic");
    assertThat(j.path("seed").asLong()).isEqualTo(42);
    assertThat(j.path("thresholds").path("tail_user_below").asInt()).isEqualTo(9);
    assertThat(j.path("thresholds").path("tail_item_below").asInt()).isEqualTo(4);
    assertThat(j.path("thresholds").path("source").asText()).isEqualTo("paper-beauty");
    List<String> groups = new ArrayList<>();
    j.path("groups").fieldNames().forEachRemaining(groups::add);
    assertThat(groups).containsExactly("overall", "tail_item", "head_item", "tail_user", "head_user");
    for (String g : groups) {
      List<String> keys = new ArrayList<>();
      Iterator<String> it = j.path("groups").path(g).fieldNames();
      it.forEachRemaining(keys::add);
      assertThat(keys).containsExactly("HR@5", "HR@10", "HR@20", "NDCG@5", "NDCG@10", "NDCG@20", "MRR", "n");
    }
    assertThat(j.path("groups").path("overall").path("n").asInt())
        .isEqualTo(Evaluator.usersWithTarget(RANDOM, EvalSplit.TEST).length);
    assertThat(j.path("groups").path("tail_item").path("n").asInt()
        + j.path("groups").path("head_item").path("n").asInt())
        .isEqualTo(j.path("groups").path("overall").path("n").asInt());

    Path file = dir.resolve("report.json");
    r.writeJson(file);
    EvalReport back = EvalReport.readJson(file);
    assertThat(back.groups()).isEqualTo(r.groups());
    assertThat(back.thresholds()).isEqualTo(r.thresholds());
    assertThat(back.withoutUserRanks()).isEqualTo(r.withoutUserRanks());

    String table = r.toTable();
    assertThat(table).contains("sampled100 / test", "pessimistic", "tail user < 9, tail item < 4 (paper-beauty)");
    assertThat(table.lines().filter(l -> l.startsWith("tail_item")).findFirst().orElseThrow())
        .contains(" " + r.group(EvalGroup.TAIL_ITEM).n() + " ");
  }

  @Test
  void fullProtocolListMetricsHandComputed(@TempDir Path dir) throws Exception {
    // score = item id; lists exclude the input history but keep the target (see fullProtocolHandComputedGroups):
    // u0 [5]   u1 [5,4,3]   u3 [5,4,3]   u4 [5,4,1]   u5 [2]
    // popularity 1:6 2:6 3:4 4:3 5:2; tail items (< 4): 4 and 5; tail users (< 3): u1, u3
    EvalReport r = new Evaluator().evaluate(EvalFixtures.tiny(), EvalFixtures.perItem(i -> i, 5),
        EvalSpec.of(EvalProtocol.FULL, EvalSplit.TEST).withKs(List.of(1, 2))
            .withThresholds(new GroupThresholds(3, 4, "explicit")));
    ListMetrics all = r.lists().get(EvalGroup.OVERALL);
    assertThat(all.n()).isEqualTo(5);
    // K=1: [5] [5] [5] [5] [2]
    assertThat(all.metric("AvgPop@1")).isCloseTo((2 + 2 + 2 + 2 + 6) / 5.0, within(1e-12));
    assertThat(all.metric("TailShare@1")).isCloseTo(0.8, within(1e-12));
    assertThat(all.metric("Coverage@1")).isCloseTo(2 / 5.0, within(1e-12));
    // K=2: [5] [5,4] [5,4] [5,4] [2] (u0 and u5 have one item left)
    assertThat(all.metric("AvgPop@2")).isCloseTo((2 + 2.5 + 2.5 + 2.5 + 6) / 5, within(1e-12));
    assertThat(all.metric("TailShare@2")).isCloseTo(0.8, within(1e-12));
    assertThat(all.metric("Coverage@2")).isCloseTo(3 / 5.0, within(1e-12));
    ListMetrics tailUsers = r.lists().get(EvalGroup.TAIL_USER);
    assertThat(tailUsers.n()).isEqualTo(2);
    assertThat(tailUsers.metric("AvgPop@2")).isCloseTo(2.5, within(1e-12));
    assertThat(tailUsers.metric("TailShare@2")).isCloseTo(1.0, within(1e-12));
    assertThat(tailUsers.metric("Coverage@2")).isCloseTo(2 / 5.0, within(1e-12));

    JsonNode j = new ObjectMapper().readTree(r.toJson());
    assertThat(j.path("lists").path("overall").path("TailShare@2").asDouble()).isCloseTo(0.8, within(1e-12));
    Path file = dir.resolve("full.json");
    r.writeJson(file);
    assertThat(EvalReport.readJson(file).lists()).isEqualTo(r.lists());
    assertThat(r.toTable()).contains("top-K lists", "TailShare@2");
  }

  @Test
  void listMetricsIdenticalAcrossBatchSizesAndAbsentForSampled() {
    Scorer pop = PopularityScorer.fromTraining(RANDOM);
    EvalSpec full = EvalSpec.of(EvalProtocol.FULL, EvalSplit.TEST);
    EvalReport a = new Evaluator().evaluate(RANDOM, pop, full.withBatchSize(1));
    EvalReport b = new Evaluator().evaluate(RANDOM, pop, full.withBatchSize(64));
    assertThat(a.lists()).hasSize(EvalGroup.values().length).isEqualTo(b.lists());
    // a popularity scorer recommends the most popular items: no tail item in any list
    assertThat(a.lists().get(EvalGroup.OVERALL).metric("TailShare@10")).isZero();
    assertThat(new Evaluator().evaluate(RANDOM, pop, EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST)).lists())
        .isEmpty();
  }

  @Test
  void popularityScorerLosesItsEdgeAgainstPopularNegatives() {
    Scorer pop = PopularityScorer.fromTraining(RANDOM);
    EvalReport uniform = new Evaluator().evaluate(RANDOM, pop, EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST));
    EvalReport popular = new Evaluator().evaluate(RANDOM, pop, EvalSpec.of(EvalProtocol.POP100, EvalSplit.TEST));
    assertThat(popular.protocol()).isEqualTo(EvalProtocol.POP100);
    assertThat(popular.candidatesDescription()).contains("popularity-sampled");
    assertThat(popular.userRanks().numCandidates()).containsOnly(101);
    assertThat(popular.overall().hr(10)).isLessThan(uniform.overall().hr(10));
  }

  @Test
  void perUserCsv(@TempDir Path dir) throws Exception {
    EvalReport r = new Evaluator().evaluate(EvalFixtures.tiny(), EvalFixtures.perItem(i -> i, 5),
        EvalSpec.of(EvalProtocol.FULL, EvalSplit.TEST).withThresholds(new GroupThresholds(3, 4, "x")));
    Path csv = dir.resolve("ranks.csv");
    r.userRanks().writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(
        "user_index,user_id,target_index,target_id,rank,num_candidates,input_length,target_popularity,tail_user,tail_item");
    assertThat(lines).hasSize(6);
    assertThat(lines.get(2)).isEqualTo("1,u1,3,i3,2,3,2,4,true,false");
  }

  @Test
  void userRanksReadBackAndPerUserMetricsAverageToTheReport(@TempDir Path dir) throws Exception {
    EvalReport r = new Evaluator().evaluate(RANDOM, EvalFixtures.perItem(i -> (i * 37) % 11, RANDOM.numItems()),
        EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST).withCandidatesDir(dir));
    Path csv = dir.resolve("ranks.csv");
    r.userRanks().writeCsv(csv);
    UserRanks back = UserRanks.readCsv(csv);
    assertThat(back.userIndex()).containsExactly(r.userRanks().userIndex());
    assertThat(back.rank()).containsExactly(r.userRanks().rank());
    assertThat(back.tailUser()).containsExactly(r.userRanks().tailUser());
    assertThat(back.tailItem()).containsExactly(r.userRanks().tailItem());
    assertThat(back.toCsv()).isEqualTo(r.userRanks().toCsv());
    // the mean of the per-user terms of a group is the group's metric
    for (EvalGroup g : EvalGroup.values()) {
      for (String m : List.of("HR@10", "NDCG@10", "MRR")) {
        double[] v = back.perUser(g, m);
        assertThat(v.length).isEqualTo(r.group(g).n());
        if (v.length == 0) continue;
        assertThat(java.util.Arrays.stream(v).average().orElseThrow()).as(g + " " + m)
            .isCloseTo(r.group(g).metric(m), within(1e-12));
      }
    }
    String good = Files.readString(csv);
    // the first data line's last field (tail_item) misspelt: refused, not read as false
    String[] lines = good.split("\n", -1);
    lines[1] = lines[1].replaceFirst("(true|false)(\\r?)$", "yes$2");
    Files.writeString(csv, String.join("\n", lines));
    assertThatThrownBy(() -> UserRanks.readCsv(csv)).hasMessageContaining(csv + ":2: field 'tail_item'")
        .hasMessageContaining("'yes'");
    Files.writeString(csv, good.replaceFirst("\n(\\d+),", "\nx,"));
    assertThatThrownBy(() -> UserRanks.readCsv(csv)).hasMessageContaining(csv + ":2: field 'user_index'");
  }

  @Test
  void scorerShapeErrorsAreReported() {
    Scorer bad = new Scorer() {
      @Override
      public float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates) {
        return new float[users.length][5];
      }

      @Override
      public float[][] scoreAll(int[] users, int[][] inputs) {
        return new float[users.length + 1][];
      }
    };
    assertThatThrownBy(() -> new Evaluator().evaluate(RANDOM, bad, EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST)))
        .hasMessageContaining("row of length 5").hasMessageContaining("expected 101");
    assertThatThrownBy(() -> new Evaluator().evaluate(RANDOM, bad, EvalSpec.of(EvalProtocol.FULL, EvalSplit.TEST)))
        .hasMessageContaining("scoreAll returned");
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
