package io.llmesr.experiment;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.model.Backbone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs of a study: the cross product datasets × backbones × method entries × sweep points × seeds, in that
 * nesting order (so the seeds of one variant are adjacent), each with a stable directory
 * {@code OUT/runs/DATASET/BACKBONE-LABEL[-KEY=VALUE...]-sSEED}. A sweep point fixes one value of every swept key of
 * the method entry ({@link Study#sweptKeys}); {@code KEY} in a directory name is the key's last dotted part
 * ({@code method.alpha} → {@code alpha}) unless two swept keys share it.
 *
 * @param study the study
 * @param out   the study's output directory ({@code --out})
 * @param runs  the planned runs
 */
public record StudyPlan(Study study, Path out, List<PlannedRun> runs) {

  /** Plans {@code study} into {@code out}. */
  public static StudyPlan of(Study study, Path out) {
    List<PlannedRun> runs = new ArrayList<>();
    for (Study.DatasetRef ds : study.datasets()) {
      for (Backbone b : study.backbones()) {
        for (Study.MethodEntry m : study.methods()) {
          List<String> swept = study.sweptKeys(m);
          for (Map<String, String> overrides : sweepPoints(study, m)) {
            Map<String, String> point = new LinkedHashMap<>();
            for (String k : swept) point.put(k, overrides.get(k));
            for (long seed : study.seeds()) {
              String name = b.id() + "-" + m.label() + suffix(point) + "-s" + seed;
              runs.add(new PlannedRun(ds, b, m, point, seed, overrides,
                  out.resolve("runs").resolve(ds.name()).resolve(name)));
            }
          }
        }
      }
    }
    return new StudyPlan(study, out, List.copyOf(runs));
  }

  /**
   * Every combination of the method entry's overrides: the study's {@code set} with the entry's own on top, one
   * value per key; swept keys vary in file order, the last fastest.
   */
  static List<Map<String, String>> sweepPoints(Study study, Study.MethodEntry m) {
    Map<String, List<String>> all = new LinkedHashMap<>(study.set());
    all.putAll(m.set());
    List<Map<String, String>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> e : all.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> p : points) {
        for (String v : e.getValue()) {
          Map<String, String> q = new LinkedHashMap<>(p);
          q.put(e.getKey(), v);
          next.add(q);
        }
      }
      points = next;
    }
    return points;
  }

  /** {@code -KEY=VALUE} per swept key, characters outside {@code [A-Za-z0-9._+=-]} as {@code _}. */
  private static String suffix(Map<String, String> point) {
    Set<String> shortNames = new HashSet<>();
    boolean clash = false;
    for (String k : point.keySet()) clash |= !shortNames.add(shortName(k));
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : point.entrySet()) {
      String k = clash ? e.getKey() : shortName(e.getKey());
      sb.append('-').append(safe(k)).append('=').append(safe(e.getValue()));
    }
    return sb.toString();
  }

  private static String shortName(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._+=-]", "_");
  }

  /**
   * One run of the plan.
   *
   * @param dataset   its dataset
   * @param backbone  its backbone
   * @param method    its method entry
   * @param sweep     the swept keys' values of this run (empty without sweeps), in file order
   * @param seed      its root seed
   * @param overrides every {@code --set} override of the run (fixed and swept), in file order
   * @param dir       its run directory
   */
  public record PlannedRun(Study.DatasetRef dataset, Backbone backbone, Study.MethodEntry method,
                           Map<String, String> sweep, long seed, Map<String, String> overrides, Path dir) {
    public PlannedRun {
      sweep = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sweep));
      overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** The directory name. */
    public String name() {
      return dir.getFileName().toString();
    }

    /** The report row of this run: the method label, then {@code KEY=VALUE} of each swept key. */
    public String variant() {
      StringBuilder sb = new StringBuilder(method.label());
      sweep.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
      return sb.toString();
    }

    /** The arguments of {@code llmesr train} for this run (the final test is left to {@link #evaluateArgs}). */
    public List<String> trainArgs(Study study) {
      List<String> a = new ArrayList<>(List.of("train", dataset.text(), "--backbone", backbone.id(), "--method",
          method.method(), "--preset", study.preset().id(), "--seed", Long.toString(seed), "--epochs",
          Integer.toString(study.epochs())));
      overrides.forEach((k, v) -> {
        a.add("--set");
        a.add(k + "=" + v);
      });
      a.addAll(List.of("--out", dir.toString(), "--no-test"));
      return a;
    }

    /** {@code RUN_DIR/test-PROTOCOL.json}: the run's test report under {@code p}. */
    public Path report(EvalProtocol p) {
      return dir.resolve("test-" + p.label() + ".json");
    }

    /** {@code RUN_DIR/test-PROTOCOL-ranks.csv}: the run's per-user ranks under {@code p}. */
    public Path ranks(EvalProtocol p) {
      return dir.resolve("test-" + p.label() + "-ranks.csv");
    }

    /** The arguments of {@code llmesr evaluate} for protocol {@code p} (best checkpoint, test split). */
    public List<String> evaluateArgs(EvalProtocol p) {
      return List.of("evaluate", dir.toString(), "--protocol", p.label(), "--json-file", report(p).toString(),
          "--ranks", ranks(p).toString());
    }
  }
}
