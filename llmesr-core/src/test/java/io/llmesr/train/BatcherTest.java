package io.llmesr.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.TrainingBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatcherTest {
  private static final ModelSpec PAPER = new ModelSpec(Backbone.SASREC, 50, 8, 40, 1, 1, 0f, Masking.NONE, false);
  private static final ModelSpec DYNAMIC = new ModelSpec(Backbone.SASREC, 50, 8, 40, 1, 1, 0f, Masking.CAUSAL, true);

  /** 300 users with input lengths 1..30 (each length ten times), item ids encode the user. */
  private static List<TrainingExample> examples() {
    List<TrainingExample> ex = new ArrayList<>();
    for (int u = 0; u < 300; u++) {
      int len = 1 + u % 30;
      int[] in = new int[len];
      Arrays.fill(in, 1 + u % 50);
      ex.add(new TrainingExample(u, in, in.clone(), new int[len]));
    }
    return ex;
  }

  private static List<TrainingBatch> all(Batcher b) {
    List<TrainingBatch> out = new ArrayList<>();
    for (int i = 0; i < b.size(); i++) out.add(b.batch(i));
    return out;
  }

  private static int[] usersInOrder(List<TrainingBatch> batches) {
    return batches.stream().flatMapToInt(b -> Arrays.stream(b.input().users())).toArray();
  }

  /** Spread of input lengths inside a batch: longest minus shortest. */
  private static int lengthSpread(TrainingBatch b) {
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int r = 0; r < b.input().size(); r++) {
      min = Math.min(min, b.input().realLength(r));
      max = Math.max(max, b.input().realLength(r));
    }
    return max - min;
  }

  @Test
  void bucketsWithoutDynamicLengthStillPadToL() {
    List<TrainingBatch> batches = all(new Batcher(examples(), 10, PAPER, false, true, false, new SplittableRandom(7)));
    assertThat(batches).hasSize(30);
    // every user exactly once
    assertThat(Arrays.stream(usersInOrder(batches)).sorted().toArray())
        .isEqualTo(java.util.stream.IntStream.range(0, 300).toArray());
    for (TrainingBatch b : batches) {
      assertThat(b.input().length()).isEqualTo(40);   // the paper function: padded to L
      assertThat(lengthSpread(b)).isZero();           // 10 users of each length, one pool: one length per batch
    }
  }

  @Test
  void withoutBucketsBatchesMixLengthsAndTheDefaultFollowsDynamicLength() {
    List<TrainingBatch> mixed = all(new Batcher(examples(), 10, PAPER, false, new SplittableRandom(7)));
    assertThat(mixed.stream().mapToInt(BatcherTest::lengthSpread).max().orElseThrow()).isGreaterThan(10);
    assertThat(mixed).allSatisfy(b -> assertThat(b.input().length()).isEqualTo(40));
    // the five-argument constructor buckets exactly when the length is dynamic
    List<TrainingBatch> dynamic = all(new Batcher(examples(), 10, DYNAMIC, false, new SplittableRandom(7)));
    List<TrainingBatch> explicit = all(new Batcher(examples(), 10, DYNAMIC, false, true, false, new SplittableRandom(7)));
    assertThat(usersInOrder(dynamic)).isEqualTo(usersInOrder(explicit));
    assertThat(dynamic).allSatisfy(b -> assertThat(lengthSpread(b)).isZero());
    assertThat(dynamic.stream().mapToInt(b -> b.input().length()).max().orElseThrow()).isEqualTo(32);
  }

  @Test
  void epochNormalisationGivesEverySlotTheRandomBatchWeight() {
    // lengths 1..30 ten times each: 4,650 slots over 300 users, 15.5 per user (hand-computed: 10 × 30 × 31 / 2)
    assertThat(Batcher.slotsPerRow(examples(), 40, false)).isEqualTo(15.5);
    assertThat(Batcher.slotsPerRow(examples(), 20, false)).isEqualTo((10.0 * (20 * 21 / 2) + 10.0 * 20 * 10) / 300);
    assertThat(Batcher.slotsPerRow(examples(), 40, true)).isEqualTo(1.0);
    List<TrainingBatch> batches = all(new Batcher(examples(), 10, PAPER, false, true, true, new SplittableRandom(7)));
    double sum = 0;
    for (TrainingBatch b : batches) {
      assertThat(b.lossDenominator()).isEqualTo(155.0);   // 10 rows × 15.5, whatever the batch's own slots
      sum += b.lossSlots();
    }
    assertThat(sum).isEqualTo(4650);
    // the paper's normalisation: each batch by its own slots (a bucket of 10 one-item users: 10)
    List<TrainingBatch> paper = all(new Batcher(examples(), 10, PAPER, false, true, false, new SplittableRandom(7)));
    assertThat(paper).allSatisfy(b -> assertThat(b.lossDenominator()).isEqualTo(b.lossSlots()));
    assertThat(paper.stream().mapToDouble(TrainingBatch::lossDenominator).min().orElseThrow()).isEqualTo(10.0);
  }
}
