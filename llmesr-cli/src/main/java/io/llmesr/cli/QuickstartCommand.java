package io.llmesr.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmesr quickstart}: the whole pipeline on the bundled demo dataset ({@code demo/beauty-demo}, a real
 * 2,242-user subset of Amazon Beauty), as a sequence of steps. Each step runs the same verb a user would type
 * (and prints it), so the quickstart doubles as a tour of the CLI. Every step is idempotent: a second run
 * finds the prepared dataset up to date.
 *
 * <p>To add a stage (embed, train, evaluate, ...), append a {@link Step} in {@link #steps}.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on the bundled demo dataset (demo/beauty-demo).")
final class QuickstartCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--work", paramLabel = "DIR", description = "Work directory (default: <repo>/work/quickstart).")
  Path work;

  @Option(names = "--demo", paramLabel = "DIR", description = "Demo data directory (default: <repo>/demo/beauty-demo).")
  Path demo;

  /** What the steps share. */
  record Context(Path home, Path demo, Path work, Path dataset, PrintWriter out, PrintWriter err) { }

  /** One step: a title and the verb (arguments of {@code llmesr}) it runs. */
  record Step(String title, List<String> args) { }

  /** The steps, in order. Later stages append theirs here. */
  static List<Step> steps(Context c) {
    List<Step> steps = new ArrayList<>();
    // 1. prepare: the paper's recipe (single-pass 3/3, leave-one-out) and the paper's Beauty prompts.
    steps.add(new Step("prepare the demo dataset", List.of("prepare", "--input", c.demo().toString(),
        "--format", "atomic", "--domain", "beauty", "--out", c.dataset().toString())));
    // 2. describe: sizes, distributions, head/tail groups.
    steps.add(new Step("describe it", List.of("describe", c.dataset().toString(),
        "--plot", c.work().resolve("beauty-demo-longtail.png").toString())));
    // 3. embed: item and user prompts with the in-process all-MiniLM-L6-v2 (cached; a re-run encodes nothing).
    steps.add(new Step("embed item and user prompts", List.of("embed", c.dataset().toString())));
    // 4. pca: the collaborative view's initial item table, 64-d as in the paper.
    steps.add(new Step("PCA of the item embeddings", List.of("pca", c.dataset().toString(), "--dim", "64")));
    // 5. similar-users: top-100 users by cosine (training uses the first 10).
    steps.add(new Step("similar users", List.of("similar-users", c.dataset().toString(), "--top", "100")));
    // 6. train: SASRec with the fast preset (causal + padding masks, dynamic length) for a few epochs; prints the
    //    head/tail table of the test split. A second quickstart resumes the finished run (nothing to train) and
    //    re-evaluates it.
    Path run = c.work().resolve("runs/sasrec-fast");
    if (Files.isRegularFile(run.resolve("config.json"))) {
      steps.add(new Step("train SASRec (fast preset, already trained: re-test)", List.of("train", "--resume",
          "--out", run.toString())));
    } else {
      steps.add(new Step("train SASRec (fast preset, 3 epochs)", List.of("train", c.dataset().toString(),
          "--backbone", "sasrec", "--preset", "fast", "--epochs", "3", "--seed", "42", "--out", run.toString())));
    }
    // 7. evaluate: the same model with full ranking (all items minus the history), by head/tail group.
    steps.add(new Step("evaluate it with full ranking", List.of("evaluate", run.toString(), "--protocol", "full")));
    // 8. LLM-ESR on the same backbone and preset: dual view (PCA-initialised ids + frozen MiniLM table through the
    //    adapter), cross-attention, self-distillation from the 10 most similar users (the paper's per-batch teacher).
    Path llmesrRun = c.work().resolve("runs/llmesr-sasrec-fast");
    if (Files.isRegularFile(llmesrRun.resolve("config.json"))) {
      steps.add(new Step("train LLM-ESR-SASRec (already trained: re-test)", List.of("train", "--resume",
          "--out", llmesrRun.toString())));
    } else {
      steps.add(new Step("train LLM-ESR-SASRec (fast preset, 3 epochs)", List.of("train", c.dataset().toString(),
          "--backbone", "sasrec", "--method", "llmesr", "--alpha", "0.1", "--sim-users", "10", "--preset", "fast",
          "--epochs", "3", "--seed", "42", "--out", llmesrRun.toString())));
    }
    // 9. compare: the plain backbone's head/tail table beside LLM-ESR's (sampled100 test reports of both runs).
    steps.add(new Step("compare SASRec and LLM-ESR-SASRec by head/tail group", List.of("compare", run.toString(),
        llmesrRun.toString())));
    return steps;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path home = home();
    Path demoDir = demo != null ? demo : home.resolve("demo/beauty-demo");
    Path workDir = work != null ? work : home.resolve("work/quickstart");
    if (!Files.isDirectory(demoDir)) {
      err.println("error: demo data not found at " + demoDir + " (pass --demo DIR)");
      return 1;
    }
    Files.createDirectories(workDir);
    Context c = new Context(home, demoDir, workDir, workDir.resolve("beauty-demo"), out, err);
    List<Step> steps = steps(c);
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      out.printf(Locale.ROOT, "%n== step %d/%d: %s%n$ llmesr %s%n", i + 1, steps.size(), s.title(), String.join(" ", s.args()));
      out.flush();
      long t0 = System.nanoTime();
      CommandLine cl = new CommandLine(new Main());
      cl.setOut(out);
      cl.setErr(err);
      cl.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
      int rc = cl.execute(s.args().toArray(String[]::new));
      if (rc != 0) {
        err.printf(Locale.ROOT, "quickstart: step %d (%s) failed with exit code %d%n", i + 1, s.title(), rc);
        return rc;
      }
      out.printf(Locale.ROOT, "(step %d took %.1f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
    }
    out.println();
    out.println("quickstart done; outputs in " + workDir);
    return 0;
  }

  /**
   * The repository root: {@code -Dllmesr.home} (set by the launcher), else the nearest directory upwards
   * from the working directory that holds {@code demo/beauty-demo}, else the working directory.
   */
  static Path home() {
    String h = System.getProperty("llmesr.home");
    if (h != null) return Path.of(h);
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("demo/beauty-demo"))) return p;
    }
    return cwd;
  }
}
