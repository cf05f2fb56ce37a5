package io.llmesr.cli;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.experiment.RunResources;
import io.llmesr.experiment.Study;
import io.llmesr.experiment.StudyFile;
import io.llmesr.experiment.StudyPlan;
import io.llmesr.experiment.StudyPlan.PlannedRun;
import io.llmesr.experiment.StudyReport;
import io.llmesr.run.RunDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmesr experiment STUDY_FILE --out DIR [--jobs N]}: runs a declared study (docs/experiments.md). Plans the
 * runs ({@link StudyPlan}), trains each one that has not finished with {@code llmesr train} in a child JVM
 * ({@link ChildJvm}; the same command continues an interrupted run from its last checkpoint), evaluates it under
 * each protocol with {@code llmesr evaluate} (report and per-user ranks), N runs at a time, and writes
 * {@code DIR/report.md} ({@link StudyReport}).
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = {"Run a declared study (YAML: datasets, backbones, methods, seeds, preset, epochs, protocols,"
        + " overrides, sweeps; docs/experiments.md) and write DIR/report.md.",
        "Each run is trained and evaluated in a child process under DIR/runs/DATASET/RUN; finished runs are skipped,"
            + " interrupted ones resumed from their last checkpoint. Logs: DIR/logs."})
final class ExperimentCommand implements Callable<Integer> {
  /** The lock file in the output directory, held while runs are trained. */
  static final String LOCK = "experiment.lock";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Parameters(index = "0", paramLabel = "STUDY_FILE", description = "The study file (YAML).")
  Path studyFile;

  @Mixin Mixins.OutDir out;

  @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
      description = "Runs trained at the same time, each a child process with its share of the PyTorch threads"
          + " (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--plan", description = "Print the planned runs and their commands, run nothing.")
  boolean planOnly;

  @Option(names = "--report-only", description = "Write the report from the runs as they are, run nothing.")
  boolean reportOnly;

  @Override
  public Integer call() throws Exception {
    if (jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
    Study study = StudyFile.read(studyFile);
    StudyPlan plan = StudyPlan.of(study, out.path);
    if (planOnly) {
      for (PlannedRun r : plan.runs()) {
        System.out.println(r.dataset().name() + "/" + r.name() + ": llmesr " + StudyReport.shell(r.trainArgs(study)));
      }
      System.out.println(plan.runs().size() + " runs");
      return 0;
    }
    Files.createDirectories(out.path);
    int failures = 0;
    if (!reportOnly) {
      // one invocation at a time per output directory: two would train the same run directories at once
      try (FileChannel lockFile = FileChannel.open(out.path.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
        if (lock == null) {
          throw new IllegalStateException(out.path + " is in use by another 'llmesr experiment' (it holds "
              + out.path.resolve(LOCK) + ")");
        }
        failures = runAll(plan);
      }
    }
    Path report = StudyReport.write(plan, "./llmesr " + StudyReport.shell(command()));
    System.out.println("report: " + report);
    if (failures > 0) System.err.println(failures + " run(s) failed; see " + out.path.resolve("logs"));
    return failures > 0 ? 1 : 0;
  }

  private List<String> command() {
    List<String> c = new ArrayList<>(List.of("experiment", studyFile.toString(), "--out", out.path.toString()));
    if (jobs != 1) c.addAll(List.of("--jobs", Integer.toString(jobs)));
    return c;
  }

  /** Trains and evaluates every unfinished run, {@code jobs} at a time; returns the number of failed runs. */
  private int runAll(StudyPlan plan) throws Exception {
    Study study = plan.study();
    List<PlannedRun> todo = new ArrayList<>();
    int resuming = 0;
    for (PlannedRun r : plan.runs()) {
      if (!done(r, study)) {
        todo.add(r);
        if (Files.isDirectory(new RunDirectory(r.dir()).checkpoint(RunDirectory.LAST))) resuming++;
      }
    }
    log(String.format(Locale.ROOT, "%s: %d runs, %d finished, %d to do%s", study.name(), plan.runs().size(),
        plan.runs().size() - todo.size(), todo.size(), resuming > 0 ? " (" + resuming + " interrupted: resuming)" : ""));
    if (todo.isEmpty()) return 0;
    ChildJvm children = new ChildJvm(jobs);   // threads per child from --jobs alone: a resumed run gets the same
    Thread hook = new Thread(children::stopAll, "experiment-stop-children");
    Runtime.getRuntime().addShutdownHook(hook);
    CliProgress progress = CliProgress.of(false, "runs");
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, todo.size()));
    try {
      progress.start("experiment " + study.name(), todo.size());
      List<Future<?>> futures = new ArrayList<>();
      for (PlannedRun r : todo) {
        futures.add(pool.submit(() -> {
          if (!runOne(r, study, children)) failures.incrementAndGet();
          synchronized (progress) {
            progress.advance(1);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
      progress.finish();
    } finally {
      pool.shutdownNow();
      children.stopAll();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return failures.get();
  }

  /** Whether the run is trained with its planned command and evaluated under every protocol. */
  private static boolean done(PlannedRun r, Study study) throws IOException {
    if (!RunResources.read(r.dir()).trained(r.trainArgs(study))) return false;
    for (EvalProtocol p : study.protocols()) {
      if (!Files.isRegularFile(r.report(p)) || !Files.isRegularFile(r.ranks(p))) return false;
    }
    return true;
  }

  /** Trains (unless trained) and evaluates one run; false if a child failed. */
  private boolean runOne(PlannedRun r, Study study, ChildJvm children) throws Exception {
    String name = r.dataset().name() + "/" + r.name();
    Path log = out.path.resolve("logs").resolve(r.dataset().name()).resolve(r.name() + ".log");
    List<String> train = r.trainArgs(study);
    RunResources res = RunResources.read(r.dir());
    if (!res.trained(train)) {
      boolean resume = Files.isDirectory(new RunDirectory(r.dir()).checkpoint(RunDirectory.LAST));
      log((resume ? "resume " : "start ") + name);
      for (EvalProtocol p : study.protocols()) {   // reports of an earlier training are stale
        Files.deleteIfExists(r.report(p));
        Files.deleteIfExists(r.ranks(p));
      }
      Files.createDirectories(r.dir());
      RunResources.Usage u = children.run(train, log);
      res.addTraining(train, u);
      if (u.exitCode() != 0) {
        log("FAILED " + name + " (train exit " + u.exitCode() + "; see " + log + ")");
        return false;
      }
      log(String.format(Locale.ROOT, "trained %s in %.1fs, peak %s", name, u.wallSeconds(), mib(u.peakRssKb())));
    }
    for (EvalProtocol p : study.protocols()) {
      if (Files.isRegularFile(r.report(p)) && Files.isRegularFile(r.ranks(p))) continue;
      RunResources.Usage u = children.run(r.evaluateArgs(p), log);
      res.putEvaluation(p, u);
      if (u.exitCode() != 0) {
        log("FAILED " + name + " (evaluate " + p.label() + " exit " + u.exitCode() + "; see " + log + ")");
        return false;
      }
    }
    log("done " + name);
    return true;
  }

  private static String mib(long kb) {
    return kb < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
  }

  private static synchronized void log(String line) {
    System.err.println("[" + LocalTime.now().format(CLOCK) + "] " + line);
  }
}
