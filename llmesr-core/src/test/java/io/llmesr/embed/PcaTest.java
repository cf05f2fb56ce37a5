package io.llmesr.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaTest {
  @TempDir Path dir;

  static EmbeddingTable table(float[][] itemRows, float pad) {
    int d = itemRows[0].length;
    float[] data = new float[(itemRows.length + 1) * d];
    java.util.Arrays.fill(data, 0, d, pad);
    for (int i = 0; i < itemRows.length; i++) System.arraycopy(itemRows[i], 0, data, (i + 1) * d, d);
    return new EmbeddingTable(itemRows.length + 1, d, data, null);
  }

  @Test
  void pointsOnALineHaveOneComponentAlongTheLine() {
    // x = m + t*u with u = (1,2,2)/3, t = 0,1,3,4,7 (mean 3, sample variance 7.5)
    double[] t = {0, 1, 3, 4, 7};
    float[][] rows = new float[5][];
    for (int i = 0; i < 5; i++) {
      rows[i] = new float[] {(float) (5 + t[i] / 3), (float) (-1 + 2 * t[i] / 3), (float) (2 + 2 * t[i] / 3)};
    }
    // a non-zero "padding" row 0 must not influence the fit
    Pca.Model m = Pca.fit(table(rows, 100f), 1);
    assertThat(m.axes()[0][0]).isCloseTo(1.0 / 3, offset(1e-6));
    assertThat(m.axes()[0][1]).isCloseTo(2.0 / 3, offset(1e-6)); // largest |component| (first of the tie) positive
    assertThat(m.axes()[0][2]).isCloseTo(2.0 / 3, offset(1e-6));
    assertThat(m.explainedVariance()[0]).isCloseTo(7.5, offset(1e-5));
    assertThat(m.explainedVarianceRatio()[0]).isCloseTo(1.0, offset(1e-6));
    EmbeddingTable p = Pca.transform(m, table(rows, 100f));
    assertThat(p.row(0)).containsExactly(0f);
    for (int i = 0; i < 5; i++) assertThat((double) p.row(i + 1)[0]).isCloseTo(t[i] - 3, offset(1e-5));
  }

  @Test
  void knownCovarianceGivesKnownVarianceRatiosAndSigns() {
    // (±3,0,0), (0,±1,0): C = diag(18, 2, 0)/3 = diag(6, 2/3, 0); ratios 0.9 and 0.1
    float[][] rows = {{3, 0, 0}, {-3, 0, 0}, {0, 1, 0}, {0, -1, 0}};
    Pca.Model m = Pca.fit(table(rows, 0), 2);
    assertThat(m.explainedVariance()[0]).isCloseTo(6.0, offset(1e-9));
    assertThat(m.explainedVariance()[1]).isCloseTo(2.0 / 3, offset(1e-9));
    assertThat(m.explainedVarianceRatio()).containsExactly(new double[] {0.9, 0.1}, offset(1e-9));
    assertThat(m.explainedVarianceRatioTotal()).isCloseTo(1.0, offset(1e-9));
    assertThat(m.axes()[0]).containsExactly(new double[] {1, 0, 0}, offset(1e-9));
    assertThat(m.axes()[1]).containsExactly(new double[] {0, 1, 0}, offset(1e-9));
    EmbeddingTable p = Pca.transform(m, table(rows, 0));
    assertThat(p.row(1)).containsExactly(3, 0);
    assertThat(p.row(4)).containsExactly(0, -1);
  }

  @Test
  void signConventionMakesMirroredDataGiveTheSameAxes() {
    Random r = new Random(7);
    float[][] rows = new float[50][6];
    float[][] mirrored = new float[50][6];
    for (int i = 0; i < 50; i++) {
      for (int k = 0; k < 6; k++) {
        rows[i][k] = (float) (r.nextGaussian() * (k + 1));
        mirrored[i][k] = -rows[i][k];
      }
    }
    Pca.Model a = Pca.fit(table(rows, 0), 4);
    Pca.Model b = Pca.fit(table(mirrored, 0), 4);
    for (int k = 0; k < 4; k++) {
      assertThat(b.axes()[k]).containsExactly(a.axes()[k], offset(1e-9));
      int arg = 0;
      for (int j = 1; j < 6; j++) if (Math.abs(a.axes()[k][j]) > Math.abs(a.axes()[k][arg])) arg = j;
      assertThat(a.axes()[k][arg]).isPositive();
    }
    // orthonormal axes, decreasing variance
    for (int k = 0; k < 4; k++) {
      for (int l = 0; l < 4; l++) {
        double dot = 0;
        for (int j = 0; j < 6; j++) dot += a.axes()[k][j] * a.axes()[l][j];
        assertThat(dot).isCloseTo(k == l ? 1 : 0, offset(1e-9));
      }
      if (k > 0) assertThat(a.explainedVariance()[k]).isLessThanOrEqualTo(a.explainedVariance()[k - 1]);
    }
  }

  @Test
  void runWritesDeterministicTableWithManifest() throws IOException {
    ItemUserEmbedder.embed(TestData.dataset(30, 5), new FakeEncoder(12), dir, EmbedOptions.defaults());
    EmbeddingTable p = Pca.run(dir, 4);
    byte[] first = Files.readAllBytes(EmbeddingLayout.pca(dir, 4));
    Pca.run(dir, 4);
    assertThat(Files.readAllBytes(EmbeddingLayout.pca(dir, 4))).isEqualTo(first);
    EmbeddingTable back = EmbeddingTables.pca(dir, 4);
    assertThat(back.rows()).isEqualTo(31);
    assertThat(back.dim()).isEqualTo(4);
    assertThat(back.row(0)).containsOnly(0f);
    assertThat(back.manifest().kind()).isEqualTo("pca");
    assertThat(back.manifest().details()).containsKeys("explainedVarianceRatio", "explainedVarianceRatioTotal", "signConvention");
    assertThat(back.manifest().details().get("sourceSha256")).isEqualTo(EmbeddingTables.items(dir).manifest().sha256());
    assertThat(p.data()).containsExactly(back.data());
    assertThatThrownBy(() -> Pca.run(dir, 13)).hasMessageContaining("must be in 1..min(items=30, embedding dim=12)");
  }
}
