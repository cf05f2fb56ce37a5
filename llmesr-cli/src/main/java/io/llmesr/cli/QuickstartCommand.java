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

  @Option(names = "--work", paramLabel = "DIR", description = "Work directory (default: work/quickstart in the repository).")
  Path work;

  @Option(names = "--demo", paramLabel = "DIR", description = "Demo data directory (default: <repo>/demo/beauty-demo).")
  Path demo;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Train for at most N epochs (default: to early stopping, patience " + QuickstartCommand.PATIENCE
          + ", at most " + QuickstartCommand.MAX_EPOCHS + " epochs). Applies to both models; a small N compares models"
          + " that have not converged.")
  Integer epochs;

  /** Three items of the demo (Amazon ASINs) the quickstart recommends after. */
  static final List<String> DEMO_HISTORY = List.of("B006LXPRBW", "B001W2K51O", "B000VBDWQC");

  /** Early-stopping patience of the quickstart's runs (the paper: 20; our result tables: 5). */
  static final int PATIENCE = 5;
  /** The epoch cap when training to early stopping. */
  static final int MAX_EPOCHS = 200;

  /**
   * What the steps share.
   *
   * @param epochs the epoch cap, or {@code null} to train to early stopping
   */
  record Context(Path home, Path demo, Path work, Path dataset, Integer epochs, PrintWriter out, PrintWriter err) { }

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
    // 6. train: SASRec with the fast preset (causal + padding masks, dynamic length), to early stopping unless
    //    --epochs caps it; prints the head/tail table of the test split. The same command a second time finds the run
    //    complete and re-tests it.
    String cap = Integer.toString(c.epochs() == null ? MAX_EPOCHS : c.epochs());
    String training = c.epochs() == null ? "to early stopping" : c.epochs() + " epochs";
    Path run = c.work().resolve("runs/sasrec-fast");
    steps.add(new Step("train SASRec (fast preset, " + training + ")", List.of("train", c.dataset().toString(),
        "--backbone", "sasrec", "--preset", "fast", "--epochs", cap, "--set", "train.patience=" + PATIENCE, "--seed",
        "42", "--out", run.toString())));
    // 7. evaluate: the same model with full ranking (all items minus the history), by head/tail group.
    steps.add(new Step("evaluate it with full ranking", List.of("evaluate", run.toString(), "--protocol", "full")));
    // 8. LLM-ESR on the same backbone and preset: dual view (PCA-initialised ids + frozen MiniLM table through the
    //    adapter), cross-attention, self-distillation from the 10 most similar users (the paper's per-batch teacher).
    Path llmesrRun = c.work().resolve("runs/llmesr-sasrec-fast");
    steps.add(new Step("train LLM-ESR-SASRec (fast preset, " + training + ")", List.of("train", c.dataset().toString(),
        "--backbone", "sasrec", "--method", "llmesr", "--alpha", "0.1", "--sim-users", "10", "--preset", "fast",
        "--epochs", cap, "--set", "train.patience=" + PATIENCE, "--seed", "42", "--out", llmesrRun.toString())));
    steps.add(new Step("evaluate it with full ranking", List.of("evaluate", llmesrRun.toString(), "--protocol",
        "full")));
    // 10. compare: the plain backbone's head/tail table beside LLM-ESR's (sampled100 test reports of both runs).
    steps.add(new Step("compare SASRec and LLM-ESR-SASRec by head/tail group", List.of("compare", run.toString(),
        llmesrRun.toString())));
    // 11. export: LLM-ESR-SASRec as a self-contained model bundle, the unit `recommend` and `serve` load.
    Path bundle = c.work().resolve("bundles/llmesr-sasrec");
    steps.add(new Step("export LLM-ESR-SASRec as a model bundle", List.of("export", llmesrRun.toString(), "--out",
        bundle.toString())));
    // 12. recommend: the top 10 after the first three items of the demo's first user, in raw ids.
    steps.add(new Step("recommend after three demo items", List.of("recommend", bundle.toString(), "--history",
        String.join(",", DEMO_HISTORY), "--k", "10")));
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
    if (epochs != null && epochs < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be >= 1");
    Context c = new Context(home, demoDir, workDir, workDir.resolve("beauty-demo"), epochs, out, err);
    List<Step> steps = steps(c);
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      out.printf(Locale.ROOT, "%n== step %d/%d: %s%n$ llmesr %s%n", i + 1, steps.size(), s.title(), String.join(" ", s.args()));
      out.flush();
      long t0 = System.nanoTime();
      CommandLine cl = Main.newCommandLine();
      cl.setOut(out);
      cl.setErr(err);
      int rc = cl.execute(s.args().toArray(String[]::new));
      if (rc != 0) {
        err.printf(Locale.ROOT, "quickstart: step %d (%s) failed with exit code %d%n", i + 1, s.title(), rc);
        return rc;
      }
      out.printf(Locale.ROOT, "(step %d took %.1f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
    }
    out.println();
    out.println(whatTheComparisonIs(epochs));
    out.println();
    out.println("quickstart done; outputs in " + workDir);
    out.println("serve the model: llmesr serve " + workDir.resolve("bundles/llmesr-sasrec")
        + " --port 8080   (then open http://localhost:8080/)");
    return 0;
  }

  /** The sentence printed under the comparison, saying what it measures. */
  static String whatTheComparisonIs(Integer epochs) {
    String protocol = "The comparison table uses the paper's protocol (the target among 100 random items, sampled100);"
        + " steps 7 and 9 rank every item (full ranking), where the two models are closer and can swap places"
        + " (docs/evaluation.md).";
    if (epochs == null) {
      return "Both models were trained to early stopping (patience " + PATIENCE + ") and tested at their best"
          + " validation epoch, with one seed on a 2,242-user demo: expect a few points of noise. " + protocol;
    }
    return "Both models were trained for only " + epochs + " epoch(s), not to convergence: the difference mostly"
        + " measures how fast each one learns, not how good it becomes (LLM-ESR starts from semantic item vectors)."
        + " Run without --epochs to train both to early stopping. " + protocol;
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
