package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real all-MiniLM-L6-v2 model, in process. */
class MiniLmEncoderTest {
  static MiniLmEncoder enc;

  static final List<String> FIXED = List.of(
      "The beauty item has following attributes: \n name is Maybelline New York Great Lash Mascara, Blackest Black; brand is Maybelline; price is 4.99. \n",
      "The beauty item has following attributes: \n name is Maybelline Great Lash Washable Mascara, Very Black; brand is Maybelline; price is 5.49. \n",
      "The beauty item has following attributes: \n name is Heavy duty garden hose nozzle with 8 spray patterns; brand is Gilmour; price is 12.00. \n",
      "The user has visited following fashions: \nOPI Nail Lacquer, Big Apple Red, Essie Nail Polish, Ballet Slippers, \nplease conclude the user's perference.",
      "short",
      "Ünïcödé text — with emoji 💄 and CJK 口红");

  @BeforeAll
  static void load() {
    enc = new MiniLmEncoder(new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 256, 2, 8));
  }

  @AfterAll
  static void close() {
    enc.close();
  }

  static double cos(float[] a, float[] b) {
    double s = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return s / Math.sqrt(na * nb);
  }

  @Test
  void identityAndUnitVectors() {
    assertThat(enc.name()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(enc.dimension()).isEqualTo(384);
    assertThat(enc.version()).contains("onnx-sha256:").contains("maxTokens=256");
    float[][] v = enc.encode(FIXED);
    assertThat(v).hasNumberOfRows(FIXED.size());
    for (float[] x : v) {
      assertThat(x).hasSize(384);
      assertThat(VectorChecks.problem(x, 384)).isNull();
      assertThat(VectorChecks.norm(x, 0, 384)).isCloseTo(1.0, offset(1e-5));
    }
  }

  @Test
  void deterministicAcrossRunsBatchSizesAndThreads() {
    float[][] a = enc.encode(FIXED);
    float[][] b = enc.encode(FIXED);
    try (MiniLmEncoder single = new MiniLmEncoder(new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 256, 1, 1))) {
      float[][] c = single.encode(FIXED);
      List<String> reversed = new ArrayList<>(FIXED);
      java.util.Collections.reverse(reversed);
      float[][] d = single.encode(reversed);
      for (int i = 0; i < FIXED.size(); i++) {
        assertThat(b[i]).as("run 2, text %d", i).containsExactly(a[i]);
        assertThat(c[i]).as("micro-batch 1, 1 thread, text %d", i).containsExactly(a[i]);
        assertThat(d[FIXED.size() - 1 - i]).as("other batch order, text %d", i).containsExactly(a[i]);
      }
      assertThat(single.version()).isEqualTo(enc.version());
    }
    // one text alone equals the same text inside a batch
    assertThat(enc.encode(List.of(FIXED.get(2)))[0]).containsExactly(a[2]);
  }

  @Test
  void nearDuplicatesAreCloserThanUnrelatedTexts() {
    float[][] v = enc.encode(FIXED);
    assertThat(cos(v[0], v[1])).isGreaterThan(cos(v[0], v[2]) + 0.2);
    assertThat(cos(v[0], v[1])).isGreaterThan(0.8);
  }

  @Test
  void nearDuplicateBeautyTitlesAreCloserThanRandomOnes() throws IOException {
    Path file = io.llmesr.testing.SharedData.file("amazon-beauty", "atomic/Amazon_Beauty.item");
    List<String> titles = new ArrayList<>();
    try (var lines = Files.lines(file)) {
      lines.skip(1).limit(4000).forEach(l -> {
        String[] f = l.split("\t", -1);
        if (f.length > 1 && f[1].length() > 30) titles.add(f[1]);
      });
    }
    // near-duplicates: consecutive distinct titles (sorted) sharing their first 25 characters, e.g. shades of a product
    List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(titles));
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < sorted.size() && pairs.size() < 30; i++) {
      if (sorted.get(i).regionMatches(0, sorted.get(i + 1), 0, 25)) pairs.add(new String[] {sorted.get(i), sorted.get(i + 1)});
    }
    assertThat(pairs).hasSizeGreaterThanOrEqualTo(10);
    java.util.Random r = new java.util.Random(3);
    List<String> batch = new ArrayList<>();
    for (String[] p : pairs) {
      batch.add(p[0]);
      batch.add(p[1]);
      batch.add(sorted.get(r.nextInt(sorted.size())));
    }
    float[][] v = enc.encode(batch);
    int wins = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (cos(v[3 * i], v[3 * i + 1]) > cos(v[3 * i], v[3 * i + 2])) wins++;
    }
    assertThat(wins).as("near-duplicate pairs closer than a random title, of %d", pairs.size()).isEqualTo(pairs.size());
  }

  @Test
  void longTextsAreTruncatedToMaxTokensAndCounted() {
    String words = String.join(" ", java.util.Collections.nCopies(40, "red blue green"));
    try (MiniLmEncoder eight = new MiniLmEncoder(new MiniLmEncoder.Options(MiniLmEncoder.Variant.FP32, 8, 1, 4))) {
      assertThat(eight.tokenIds("red blue green red blue green")).hasSize(8); // [CLS] + 6 + [SEP]
      EncodedTexts out = eight.encodeDetailed(List.of(words, "red blue green red blue green", "red blue"));
      assertThat(out.truncated()).containsExactly(true, false, false);
      assertThat(out.truncatedCount()).isEqualTo(1);
      // keeping [CLS] + the first 6 word pieces + [SEP] is exactly the 6-word text
      assertThat(out.vectors()[0]).containsExactly(out.vectors()[1]);
      assertThat(eight.version()).isNotEqualTo(enc.version());
    }
    EncodedTexts full = enc.encodeDetailed(List.of(String.join(" ", java.util.Collections.nCopies(100, "red blue green"))));
    assertThat(full.truncated()).containsExactly(true);
  }

  @Test
  void emptyTextIsRejected() {
    assertThatThrownBy(() -> enc.encode(List.of("fine", " "))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text 1 of the batch is empty or blank");
  }
}
