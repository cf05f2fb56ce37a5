package io.llmesr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPlotsTest {

  @Test
  void writesAPngWithOnePanelPerMetric(@TempDir Path dir) throws Exception {
    var ds = EvalFixtures.random(21, 150, 400, 40);
    EvalSpec spec = EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST);
    Evaluator ev = new Evaluator();
    Map<String, EvalReport> reports = new LinkedHashMap<>();
    reports.put("pop", ev.evaluate(ds, PopularityScorer.fromTraining(ds), spec));
    reports.put("random", ev.evaluate(ds, new RandomScorer(1, ds.numItems()), spec));
    Path png = dir.resolve("groups.png");
    ReportPlots.groupBars(png, reports);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(2 * 720);
    assertThat(img.getHeight()).isEqualTo(460);

    Path single = dir.resolve("one.png");
    ReportPlots.groupBars(single, reports.get("pop"));
    assertThat(ImageIO.read(single.toFile()).getWidth()).isEqualTo(2 * 720);
  }
}
