package io.llmesr.experiment;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.eval.EvalReport;
import io.llmesr.eval.UserRanks;
import io.llmesr.experiment.StudyPlan.PlannedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The evaluation outputs of a plan's runs, read from their directories: each run's test report under each protocol
 * ({@code test-PROTOCOL.json}) and, on demand, its per-user ranks ({@code test-PROTOCOL-ranks.csv}). A run that has
 * not been evaluated under a protocol has no report there.
 */
final class StudyResults {
  private final Map<String, EvalReport> reports = new HashMap<>();
  private final Map<String, UserRanks> ranks = new HashMap<>();

  /** Reads every report of {@code plan} that exists. */
  static StudyResults read(StudyPlan plan) throws IOException {
    StudyResults r = new StudyResults();
    for (PlannedRun run : plan.runs()) {
      for (EvalProtocol p : plan.study().protocols()) {
        if (Files.isRegularFile(run.report(p))) r.reports.put(key(run, p), EvalReport.readJson(run.report(p)));
      }
    }
    return r;
  }

  /** The run's report under {@code p}, or {@code null}. */
  EvalReport report(PlannedRun run, EvalProtocol p) {
    return reports.get(key(run, p));
  }

  /** The run's per-user ranks under {@code p} (read once), or {@code null} when the file is missing. */
  UserRanks ranks(PlannedRun run, EvalProtocol p) throws IOException {
    String k = key(run, p);
    if (!ranks.containsKey(k)) {
      ranks.put(k, Files.isRegularFile(run.ranks(p)) ? UserRanks.readCsv(run.ranks(p)) : null);
    }
    return ranks.get(k);
  }

  private static String key(PlannedRun run, EvalProtocol p) {
    return run.dir() + "|" + p.label();
  }
}
