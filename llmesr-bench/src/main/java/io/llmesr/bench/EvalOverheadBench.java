package io.llmesr.bench;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.EvalSpec;
import io.llmesr.eval.EvalSplit;
import io.llmesr.eval.Evaluator;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.eval.PopularityScorer;
import io.llmesr.eval.RandomScorer;
import io.llmesr.eval.ReportPlots;
import io.llmesr.eval.SampledCandidates;
import io.llmesr.eval.Scorer;
import io.llmesr.data.RawData;
import io.llmesr.data.ReaderOptions;
import io.llmesr.data.SourceFormats;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.prepare.PrepareJob;
import io.llmesr.prepare.PrepareOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the evaluator's own cost (candidate drawing, saving, loading, ranking, grouping) on a real dataset
 * with trivial scorers, so that what remains of an evaluation's wall time is the model's.
 *
 * <p>Usage: {@code java -cp ... io.llmesr.bench.EvalOverheadBench INPUT [REPEATS [OUT_DIR]]} where INPUT is a
 * dataset directory written by {@code llmesr prepare}, or a RecBole atomic directory (e.g.
 * {@code shared/data/amazon-beauty/atomic}), which is prepared here with the paper recipe (single-pass 3/3
 * filter, leave-one-out split, docs/model.md §2.1–2.2) into a temporary dataset directory.
 */
public final class EvalOverheadBench {
  private EvalOverheadBench() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Dataset ds = load(file);
    System.out.printf(Locale.ROOT, "dataset %s: %d users, %d items, %d interactions%n", file, ds.numUsers(),
        ds.numItems(), ds.numInteractions());
    Path dir = Files.createTempDirectory("llmesr-eval-bench");
    Scorer zero = new Scorer() {
      @Override
      public float[][] scoreCandidates(int[] users, int[][] inputs, int[][] candidates) {
        float[][] out = new float[users.length][];
        for (int b = 0; b < users.length; b++) out[b] = new float[candidates[b].length];
        return out;
      }

      @Override
      public float[][] scoreAll(int[] users, int[][] inputs) {
        return new float[users.length][ds.numItems() + 1];
      }
    };
    Scorer pop = PopularityScorer.fromTraining(ds);
    Scorer rnd = new RandomScorer(1, ds.numItems());

    // warm-up (JIT), not timed
    new Evaluator().evaluate(ds, pop, EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST));

    List<Double> draw = new ArrayList<>();
    List<Double> load = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      Path sub = dir.resolve("r" + i);
      long t0 = System.nanoTime();
      SampledCandidates.loadOrDraw(ds, EvalSplit.TEST, 42, sub);
      draw.add((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      SampledCandidates.loadOrDraw(ds, EvalSplit.TEST, 42, sub);
      load.add((System.nanoTime() - t0) / 1e9);
    }
    report("sampled100 candidates: draw + save (test split)", draw);
    report("sampled100 candidates: load + verify (test split)", load);

    EvalSpec sampled = EvalSpec.of(EvalProtocol.SAMPLED100, EvalSplit.TEST).withCandidatesDir(dir.resolve("r0"))
        .withThresholds(GroupThresholds.paperBeauty());
    Evaluator cached = new Evaluator();
    cached.evaluate(ds, zero, sampled);
    for (Map.Entry<String, Scorer> e : Map.of("zero", zero, "popularity", pop, "random", rnd).entrySet()) {
      List<Double> t = new ArrayList<>();
      for (int i = 0; i < repeats; i++) t.add(cached.evaluate(ds, e.getValue(), sampled).elapsedSeconds());
      report("sampled100/test evaluate, cached candidates, scorer=" + e.getKey(), t);
    }
    List<Double> fresh = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      new Evaluator().evaluate(ds, zero, sampled);
      fresh.add((System.nanoTime() - t0) / 1e9);
    }
    report("sampled100/test evaluate, new Evaluator (loads candidates), scorer=zero", fresh);

    EvalSpec full = EvalSpec.of(EvalProtocol.FULL, EvalSplit.TEST).withThresholds(GroupThresholds.paperBeauty());
    for (Map.Entry<String, Scorer> e : Map.of("zero", zero, "popularity", pop).entrySet()) {
      List<Double> t = new ArrayList<>();
      for (int i = 0; i < repeats; i++) t.add(new Evaluator().evaluate(ds, e.getValue(), full).elapsedSeconds());
      report("full/test evaluate, scorer=" + e.getKey(), t);
    }
    EvalReport p = cached.evaluate(ds, pop, sampled);
    System.out.println();
    System.out.print(p.toTable());
    System.out.println();
    System.out.print(new Evaluator().evaluate(ds, pop, full).toTable());

    // the default thresholds (Pareto 20/80 on this dataset), popularity vs random, both protocols
    System.out.println();
    System.out.println("pareto thresholds: " + GroupThresholds.pareto().resolve(ds, 200));
    Map<String, EvalReport> named = new java.util.LinkedHashMap<>();
    for (EvalProtocol protocol : EvalProtocol.values()) {
      EvalSpec spec = EvalSpec.of(protocol, EvalSplit.TEST).withCandidatesDir(dir.resolve("r0"));
      EvalReport popReport = cached.evaluate(ds, pop, spec);
      EvalReport rndReport = cached.evaluate(ds, rnd, spec);
      System.out.println();
      System.out.println("popularity:");
      System.out.print(popReport.toTable());
      System.out.println("random:");
      System.out.print(rndReport.toTable());
      if (protocol == EvalProtocol.SAMPLED100) {
        named.put("popularity", popReport);
        named.put("random", rndReport);
      }
    }
    if (args.length > 2) {
      Path out = Path.of(args[2]);
      Files.createDirectories(out);
      ReportPlots.groupBars(out.resolve("beauty-baselines-sampled100-test.png"), named);
      named.get("popularity").writeJson(out.resolve("beauty-popularity-sampled100-test.json"));
      System.out.println("wrote " + out.resolve("beauty-baselines-sampled100-test.png"));
    }
  }

  private static void report(String what, List<Double> secs) {
    double[] s = secs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-70s median %8.1f ms  (min %.1f, max %.1f, n=%d)%n", what,
        1000 * s[s.length / 2], 1000 * s[0], 1000 * s[s.length - 1], s.length);
  }

  /** A prepared dataset directory, or a RecBole atomic directory prepared with the paper recipe. */
  static Dataset load(Path input) throws IOException {
    if (Files.isRegularFile(input.resolve(DatasetIO.MANIFEST))) return DatasetIO.read(input);
    RawData raw = SourceFormats.open("atomic", input, ReaderOptions.defaults());
    Path out = Files.createTempDirectory("llmesr-eval-bench-ds").resolve("dataset");
    PrepareJob.run(raw, PrepareOptions.paper(input.getFileName().toString(), false), out, false);
    return DatasetIO.read(out);
  }
}
