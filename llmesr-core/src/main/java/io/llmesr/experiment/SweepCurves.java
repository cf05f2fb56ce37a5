package io.llmesr.experiment;

import io.llmesr.eval.EvalGroup;
import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.SeedSummary;
import io.llmesr.experiment.StudyPlan.PlannedRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The curves of a study's sweeps (like the paper's sensitivity figures): for each swept key of a method entry, and
 * each combination of the entry's other swept keys, one PNG per protocol and metric with the key's value on the x axis
 * (logarithmic when all values are positive and span a factor of 100 or more) and one line per group, mean ± std over
 * seeds ({@link SeedSummary#plotSweep}). A key with a non-numeric value gets no curve.
 */
final class SweepCurves {
  private SweepCurves() { }

  /** A curve written: its title and file. */
  record Curve(String title, Path png) { }

  /** Draws every curve of {@code plan} into {@code dir}; returns them in plan order. */
  static List<Curve> draw(StudyPlan plan, StudyResults results, Path dir) throws IOException {
    // (dataset, backbone, method label, key, other swept values) -> value -> runs
    Map<String, Map<String, List<PlannedRun>>> curves = new LinkedHashMap<>();
    Map<String, String[]> what = new LinkedHashMap<>();
    for (PlannedRun run : plan.runs()) {
      for (String key : run.sweep().keySet()) {
        Map<String, String> others = new LinkedHashMap<>(run.sweep());
        others.remove(key);
        String id = String.join("|", run.dataset().name(), run.backbone().id(), run.method().label(), key,
            others.toString());
        curves.computeIfAbsent(id, k -> new LinkedHashMap<>())
            .computeIfAbsent(run.sweep().get(key), k -> new ArrayList<>()).add(run);
        StringBuilder rest = new StringBuilder();
        others.forEach((k, v) -> rest.append(", ").append(k).append('=').append(v));
        what.put(id, new String[] {run.dataset().name(), run.backbone().id(), run.method().label(), key,
            rest.toString()});
      }
    }
    List<Curve> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<PlannedRun>>> c : curves.entrySet()) {
      if (!numeric(c.getValue().keySet())) continue;
      String[] w = what.get(c.getKey());
      for (EvalProtocol p : plan.study().protocols()) {
        SeedSummary s = new SeedSummary();
        for (Map.Entry<String, List<PlannedRun>> v : c.getValue().entrySet()) {
          for (PlannedRun run : v.getValue()) {
            EvalReport r = results.report(run, p);
            if (r != null) s.add(v.getKey(), r);
          }
        }
        if (s.labels().size() < 2) continue;
        for (String metric : ResultTable.METRICS) {
          String file = safe("curve-" + w[0] + "-" + w[1] + "-" + w[2] + "-" + w[3] + w[4] + "-" + p.label() + "-"
              + metric) + ".png";
          s.plotSweep(dir.resolve(file), metric, Arrays.asList(EvalGroup.values()), w[3], logScale(s.labels()));
          out.add(new Curve(metric + " against " + w[3] + " — " + w[0] + " / " + w[1] + " / " + w[2] + w[4] + " / "
              + p.label(), dir.resolve(file)));
        }
      }
    }
    return out;
  }

  private static boolean numeric(Iterable<String> values) {
    for (String v : values) {
      try {
        Double.parseDouble(v);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean logScale(List<String> values) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (String v : values) {
      double x = Double.parseDouble(v);
      if (x <= 0) return false;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return max / min >= 100;
  }

  static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._+=-]", "_");
  }
}
