package io.llmesr.cli;

import io.llmesr.eval.EvalReport;
import io.llmesr.model.Backbone;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.run.Preset;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import io.llmesr.train.Trainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmesr train DATASET_DIR --backbone B --preset P --seed S --out RUN_DIR}: trains a model, writing the run
 * directory (docs/training.md). {@code --resume} continues an interrupted run exactly.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train SASRec / BERT4Rec / GRU4Rec (plain or an enhancement method) on a prepared dataset.",
        "Writes the run directory --out: config.json, provenance.json, metrics.csv, training-curve.png, "
            + "checkpoints/{best,last}, test-report.json. --resume continues from checkpoints/last exactly as an "
            + "uninterrupted run."})
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATASET_DIR", arity = "0..1",
      description = "A dataset directory written by 'llmesr prepare' (not needed with --resume).")
  Path datasetDir;

  @Option(names = "--backbone", description = "sasrec, bert4rec or gru4rec")
  String backbone;

  @Option(names = "--method", description = "plain (default), llmesr (LLM-ESR), llminit (baseline: id table initialised from the"
      + " PCA of the LLM item table), rlmrec-con (baseline: plain loss + contrastive alignment with the LLM item"
      + " table; --set method.beta=, method.tau=), rlmrec-gen (baseline: plain loss + masked reconstruction of the LLM"
      + " item embeddings; --set method.beta=, method.mask_ratio=), alphafuse (baseline: frozen SVD of the LLM item"
      + " table + id embeddings in its null space; --set method.null_dim=), cities (baseline: tail items' embeddings"
      + " inferred from their contexts after training; --set method.contexts=, method.context_len=,"
      + " method.infer_epochs=), melt (baseline: MELT's user and item branches; --set method.lambda_u=,"
      + " method.lambda_i=), or another registered method")
  String method;

  @Option(names = "--preset", description = "paper (official settings, default) or fast (masks + dynamic length)")
  String preset;

  @Option(names = "--seed", description = "root seed (default 42; the paper uses 42, 43, 44)")
  Long seed;

  @Mixin Mixins.OutDir out;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Train for at most N epochs (default: 200, the paper's). With --resume it may be raised.")
  Integer epochs;

  @Option(names = "--max-len", paramLabel = "L",
      description = "Maximum input length L: the last L items of a history are used (default: 200, the paper's).")
  Integer maxLen;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a configuration key, e.g. "
      + "--set train.lr=0.002 --set model.masking=padding (keys: docs/training.md). Training objective: "
      + "--set train.loss=bce|ce|sampled-softmax|gbce (default bce: the paper's, one negative), with "
      + "train.negatives=K, train.sampler=uniform|pop, train.gbce_t=T (gbce), train.ce_chunk=C (ce)")
  List<String> sets;

  @Option(names = "--alpha", description = "llmesr: self-distillation weight (default 0.1; 0 = off)")
  String alpha;

  @Option(names = "--sim-users", description = "llmesr: similar users averaged into the teacher (default 10)")
  String simUsers;

  @Option(names = "--teacher", description = "llmesr: batch (the paper's per-batch teacher, default) or cached"
      + " (refreshed once per epoch in evaluation mode)")
  String teacher;

  @Option(names = "--ablation", paramLabel = "NAMES", description = "llmesr: comma-separated ablation switches: "
      + "no-co-view, no-se-view, no-sd, no-share, no-ca, one-layer-adapter, random-id-init")
  String ablation;

  @Option(names = "--resume", description = "continue the run in RUN_DIR from checkpoints/last")
  boolean resume;

  @Option(names = "--no-test", description = "skip the final test evaluation")
  boolean noTest;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = new RunDirectory(out.path);
    RunConfig config;
    if (resume) {
      if (backbone != null || method != null || preset != null || seed != null || maxLen != null || sets != null
          || datasetDir != null || alpha != null || simUsers != null || teacher != null || ablation != null) {
        throw new IllegalArgumentException("with --resume the configuration comes from " + run.config()
            + "; only --epochs may be given");
      }
      config = run.readConfig();
      if (epochs != null) {
        Map<String, String> m = new LinkedHashMap<>(config.toMap());
        m.put("train.epochs", Integer.toString(epochs));
        config = RunConfig.fromMap(m);
      }
    } else {
      if (datasetDir == null) throw new IllegalArgumentException("DATASET_DIR is required (unless --resume)");
      if (backbone == null) throw new IllegalArgumentException("--backbone is required (sasrec, bert4rec or gru4rec)");
      Map<String, String> overrides = new LinkedHashMap<>();
      if (sets != null) {
        for (String s : sets) {
          int eq = s.indexOf('=');
          if (eq <= 0) throw new IllegalArgumentException("--set expects KEY=VALUE, got '" + s + "'");
          overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
      }
      // LLM-ESR's options are method options (method.KEY); other methods reject them in their factory
      if (alpha != null) overrides.put("method.alpha", alpha);
      if (simUsers != null) overrides.put("method.sim_users", simUsers);
      if (teacher != null) overrides.put("method.teacher", teacher);
      if (ablation != null) overrides.put("method.ablation", ablation);
      if (seed != null) overrides.put("train.seed", Long.toString(seed));
      if (epochs != null) overrides.put("train.epochs", Integer.toString(epochs));
      if (maxLen != null) overrides.put("model.max_len", Integer.toString(maxLen));
      config = RunConfig.resolve(Preset.parse(preset == null ? "paper" : preset), Backbone.parse(backbone),
          method == null ? "plain" : method.toLowerCase(Locale.ROOT), datasetDir.toAbsolutePath().normalize(),
          overrides);
    }
    Dataset ds = DatasetIO.read(config.datasetDir());
    Trainer trainer = new Trainer(config, ds, run, null);
    if (noTest) trainer.withoutTest();
    Trainer.Result r = trainer.run(resume, "llmesr train " + String.join(" ", commandLine()));
    System.out.printf(Locale.ROOT, "trained %d epochs; best validation NDCG@10 %.4f at epoch %d%s%n", r.epochsDone(),
        r.bestValidNdcg10(), r.bestEpoch(), r.stoppedEarly() ? " (early stopping)" : "");
    EvalReport test = r.test();
    if (test != null) {
      System.out.print(test.toTable());
      System.out.println("test report: " + run.testReport());
    }
    System.out.println("run directory: " + run.root().toAbsolutePath());
    return 0;
  }

  private List<String> commandLine() {
    List<String> a = new java.util.ArrayList<>();
    if (datasetDir != null) a.add(datasetDir.toString());
    if (backbone != null) a.add("--backbone " + backbone);
    if (method != null) a.add("--method " + method);
    if (preset != null) a.add("--preset " + preset);
    if (seed != null) a.add("--seed " + seed);
    a.add("--out " + out.path);
    if (epochs != null) a.add("--epochs " + epochs);
    if (maxLen != null) a.add("--max-len " + maxLen);
    if (alpha != null) a.add("--alpha " + alpha);
    if (simUsers != null) a.add("--sim-users " + simUsers);
    if (teacher != null) a.add("--teacher " + teacher);
    if (ablation != null) a.add("--ablation " + ablation);
    if (sets != null) for (String s : sets) a.add("--set " + s);
    if (resume) a.add("--resume");
    return a;
  }
}
