package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verb that writes, given a bad value, fails with a message and writes nothing: no output file, no half-made
 * directory, nothing that makes the corrected command fail. The dataset and run the later verbs need are made once.
 */
class FailedCommandsCliTest {
  @TempDir static Path tmp;
  static Path src;
  static Path ds;
  static Path run;

  @BeforeAll
  static void pipeline() throws Exception {
    src = TinySource.write(tmp.resolve("src"), 150, 200, 5);
    ds = tmp.resolve("ds");
    ok("prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore", "--kcore", "3", "--out", ds.toString());
    ok("embed", ds.toString());
    ok("pca", ds.toString(), "--dim", "16");
    ok("similar-users", ds.toString(), "--top", "10");
    run = tmp.resolve("run");
    ok("train", ds.toString(), "--backbone", "sasrec", "--preset", "fast", "--epochs", "1", "--max-len", "20",
        "--set", "model.hidden_size=16", "--out", run.toString());
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  /** Runs a command that must fail (exit 1 or 2) with {@code message} on stderr. */
  private static void fails(String message, String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args)).isIn(1, 2);
    assertThat(r.err()).as(String.join(" ", args)).contains(message);
  }

  /** The raw id of the first item in a bundle's catalogue. */
  private static String firstItem(Path bundle) throws Exception {
    String line = Files.readAllLines(bundle.resolve("items.jsonl")).get(0);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return m.group(1);
  }

  /** The names of every file and directory under {@code dir}. */
  private static List<String> tree(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void trainWithABadOptionWritesNothingAndTheCorrectedCommandRuns() throws Exception {
    Path r = tmp.resolve("llmesr-run");
    String[] common = {"train", ds.toString(), "--backbone", "sasrec", "--method", "llmesr", "--preset", "fast",
        "--epochs", "1", "--max-len", "20", "--set", "model.hidden_size=16", "--out", r.toString()};
    fails("alpha", concat(common, "--alpha", "x"));
    assertThat(r).doesNotExist();
    fails("train.lr", concat(common, "--set", "train.lr=abc"));
    assertThat(r).doesNotExist();
    fails("sim_users", concat(common, "--sim-users", "0"));
    assertThat(r).doesNotExist();
    fails("alpha", "train", ds.toString(), "--backbone", "sasrec", "--method", "plain", "--alpha", "0.2",
        "--out", r.toString());
    assertThat(r).doesNotExist();
    ok(concat(common, "--alpha", "0.2"));
    assertThat(r.resolve("checkpoints/best/params.bin")).isNotEmptyFile();
    // the same command again: the run is complete, nothing is trained twice
    CliRun again = ok(concat(common, "--alpha", "0.2"));
    assertThat(again.out()).contains("trained 1 epochs");
    // another configuration in the same directory is refused, naming what differs
    fails("method.alpha: 0.2 -> 0.3", concat(common, "--alpha", "0.3"));
  }

  /** Baseline llminit: without the PCA table of its hidden size it fails naming the file; with it, it trains. */
  @Test
  void llminitNeedsThePcaTableOfItsHiddenSizeAndThenTrainsEndToEnd() throws Exception {
    Path r = tmp.resolve("llminit-run");
    String[] common = {"train", ds.toString(), "--backbone", "gru4rec", "--method", "llminit", "--preset", "fast",
        "--epochs", "1", "--max-len", "20", "--out", r.toString()};
    Path pca8 = ds.resolve("embeddings").resolve("pca8.f32");
    fails(pca8.toString(), concat(common, "--set", "model.hidden_size=8"));
    fails("llmesr pca " + ds + " --dim 8", concat(common, "--set", "model.hidden_size=8"));
    assertThat(r).doesNotExist();
    fails("alpha", concat(common, "--set", "model.hidden_size=16", "--alpha", "0.1"));
    assertThat(r).doesNotExist();
    CliRun trained = ok(concat(common, "--set", "model.hidden_size=16"));
    assertThat(trained.out()).contains("trained 1 epochs").contains("test report:");
    assertThat(r.resolve("checkpoints/best/params.bin")).isNotEmptyFile();
    assertThat(Files.readString(r.resolve("config.json"))).contains("\"llminit\"");
    assertThat(Files.readString(r.resolve("provenance.json"))).contains("method.pca_item_table").contains("pca16.f32");
  }

  /**
   * Baseline alphafuse: a null space as wide as the hidden size is refused naming the option (nothing written); then it
   * trains end to end with the LLM table in the provenance, and evaluate and export load the run.
   */
  @Test
  void alphafuseRefusesANullSpaceWithoutSemanticRoomThenTrainsEvaluatesAndExports() throws Exception {
    Path r = tmp.resolve("alphafuse-run");
    String[] common = {"train", ds.toString(), "--backbone", "sasrec", "--method", "alphafuse", "--preset", "fast",
        "--epochs", "1", "--max-len", "20", "--set", "model.hidden_size=16", "--out", r.toString()};
    fails("method.null_dim = 16", concat(common, "--set", "method.null_dim=16"));
    fails("'method.null_dim'", concat(common, "--set", "method.null_dim=-1"));
    fails("alpha", concat(common, "--alpha", "0.1"));
    assertThat(r).doesNotExist();
    CliRun trained = ok(concat(common, "--set", "method.null_dim=8"));
    assertThat(trained.out()).contains("trained 1 epochs").contains("test report:");
    assertThat(Files.readString(r.resolve("config.json"))).contains("\"alphafuse\"").contains("method.null_dim");
    assertThat(Files.readString(r.resolve("provenance.json"))).contains("method.llm_item_table").contains("items.f32");
    assertThat(ok("evaluate", r.toString(), "--protocol", "full", "--json").out()).contains("\"overall\"");
    Path bundle = tmp.resolve("alphafuse-bundle");
    ok("export", r.toString(), "--out", bundle.toString());
    assertThat(Files.readString(bundle.resolve("bundle.json"))).contains("\"alphafuse\"").contains("semantic");
    assertThat(ok("recommend", bundle.toString(), "--history", firstItem(bundle), "--k", "3", "--json").out()).contains("items");
  }

  /** Baseline rlmrec-gen: a bad mask ratio is refused naming the key (nothing written); then it trains end to end. */
  @Test
  void rlmrecGenRefusesABadMaskRatioThenTrainsEndToEnd() throws Exception {
    Path r = tmp.resolve("rlmrec-gen-run");
    String[] common = {"train", ds.toString(), "--backbone", "gru4rec", "--method", "rlmrec-gen", "--preset", "fast",
        "--epochs", "1", "--max-len", "20", "--set", "model.hidden_size=16", "--out", r.toString()};
    fails("'method.mask_ratio'", concat(common, "--set", "method.mask_ratio=0"));
    fails("tau", concat(common, "--set", "method.tau=0.2"));
    assertThat(r).doesNotExist();
    CliRun trained = ok(concat(common, "--set", "method.beta=0.2", "--set", "method.mask_ratio=0.3"));
    assertThat(trained.out()).contains("trained 1 epochs").contains("test report:");
    assertThat(r.resolve("checkpoints/best/params.bin")).isNotEmptyFile();
    assertThat(Files.readString(r.resolve("config.json"))).contains("\"rlmrec-gen\"");
    assertThat(Files.readString(r.resolve("provenance.json"))).contains("method.llm_item_table").contains("items.f32");
    assertThat(Files.readString(r.resolve("metrics.csv"))).contains("loss_gen");
    assertThat(ok("evaluate", r.toString(), "--protocol", "sampled100", "--json").out()).contains("\"overall\"");
  }

  /**
   * Baseline melt: a bad option fails naming it and writes nothing; then it trains end to end, evaluates with the
   * groups its branches used, exports a bundle and recommends from it.
   */
  @Test
  void meltRefusesABadOptionThenTrainsEvaluatesExportsAndRecommends() throws Exception {
    Path r = tmp.resolve("melt-run");
    String[] common = {"train", ds.toString(), "--backbone", "sasrec", "--method", "melt", "--preset", "fast",
        "--epochs", "2", "--max-len", "20", "--set", "model.hidden_size=16", "--out", r.toString()};
    fails("'method.lambda_u'", concat(common, "--set", "method.lambda_u=-1"));
    fails("'method.thresholds'", concat(common, "--set", "method.thresholds=most"));
    fails("alpha", concat(common, "--alpha", "0.1"));
    assertThat(r).doesNotExist();
    CliRun trained = ok(concat(common, "--set", "method.lambda_i=0.3"));
    assertThat(trained.out()).contains("trained 2 epochs").contains("test report:");
    assertThat(Files.readString(r.resolve("config.json"))).contains("\"melt\"").contains("method.lambda_i");
    assertThat(Files.readAllLines(r.resolve("metrics.csv")).get(0)).contains("loss_user", "loss_item");
    CliRun e = ok("evaluate", r.toString(), "--protocol", "full", "--json");
    assertThat(e.out()).contains("\"tail_user\"", "\"tail_item\"", "NDCG@10");
    Path bundle = tmp.resolve("melt-bundle");
    ok("export", r.toString(), "--out", bundle.toString());
    String history = String.join(",", Files.readAllLines(ds.resolve("items.tsv")).subList(1, 4).stream()
        .map(line -> line.split("\t")[1]).toList());
    CliRun rec = ok("recommend", bundle.toString(), "--history", history, "--k", "5", "--json");
    assertThat(rec.out()).contains("\"items\"");
  }

  /** Every key, method options included, is checked when the configuration is resolved: nothing is written. */
  @Test
  void aBadConfigurationValueFailsNamingTheKeyBeforeTheRunDirectoryIsMade() throws Exception {
    Path r = tmp.resolve("config-run");
    String[] common = {"train", ds.toString(), "--backbone", "gru4rec", "--method", "llmesr", "--epochs", "1",
        "--max-len", "20", "--set", "model.hidden_size=16", "--out", r.toString()};
    List<String> dsBefore = tree(ds);
    fails("'method.alpha'", concat(common, "--set", "method.alpha=x"));
    fails("'train.lr'", concat(common, "--set", "train.lr=-1"));
    fails("'method.cross_heads'", concat(common, "--set", "method.cross_heads=0"));
    fails("'method.teacher'", concat(common, "--teacher", "sometimes"));
    fails("'method.ablation'", concat(common, "--ablation", "no-co-view,no-se-view"));
    fails("'model.dropout'", concat(common, "--set", "model.dropout=1"));
    // training objectives: what cannot apply, and more negatives than the dataset has (known once it is read)
    fails("'train.loss'", concat(common, "--set", "train.loss=softmax"));
    fails("'train.negatives' does not apply to 'train.loss=ce'", concat(common, "--set", "train.loss=ce",
        "--set", "train.negatives=5"));
    fails("'train.gbce_t'", concat(common, "--set", "train.loss=gbce", "--set", "train.gbce_t=2"));
    fails("'train.gbce_t' does not apply to train.loss=bce", concat(common, "--set", "train.gbce_t=0.5"));
    fails("'train.negatives' = 100000 exceeds", concat(common, "--set", "train.loss=gbce",
        "--set", "train.negatives=100000"));
    fails("'method.fold_padding'", "train", ds.toString(), "--backbone", "sasrec", "--set", "method.fold_padding=maybe",
        "--out", r.toString());
    assertThat(r).doesNotExist();
    assertThat(tree(ds)).isEqualTo(dsBefore);
  }

  @Test
  void everyOtherWritingVerbFailsBeforeWriting() throws Exception {
    List<String> dsBefore = tree(ds);
    List<String> runBefore = tree(run);
    Path out = tmp.resolve("out");

    fails("user template", "prepare", "--input", src.toString(), "--format", "atomic", "--out", out.resolve("p").toString(),
        "--user-template", "{oops");
    fails("--cutoff-* options need --split-protocol temporal", "prepare", "--input", src.toString(), "--format", "atomic",
        "--out", out.resolve("p").toString(), "--cutoff-quantiles", "0.8,0.9");
    fails("give both", "describe", ds.toString(), "--plot", out.resolve("d.png").toString(), "--tail-user-below", "3");
    fails("unknown encoder", "embed", ds.toString(), "--encoder", "nope");
    fails("batchSize", "embed", ds.toString(), "--batch-size", "0");
    fails("PCA dimension 0", "pca", ds.toString(), "--dim", "0");
    fails("PCA dimension 999", "pca", ds.toString(), "--dim", "999");
    fails("--top must be >= 1", "similar-users", ds.toString(), "--top", "0");
    fails("unknown kernel", "similar-users", ds.toString(), "--kernel", "gpu");
    fails("protocol", "evaluate", run.toString(), "--protocol", "bogus", "--json-file", out.resolve("e.json").toString());
    fails("checkpoint", "evaluate", run.toString(), "--checkpoint", "middle", "--json-file",
        out.resolve("e.json").toString());
    fails("scorer", "baseline", ds.toString(), "--scorer", "nope", "--json-file", out.resolve("b.json").toString());
    fails("missing.json", "aggregate", "--report", "a=" + tmp.resolve("missing.json"), "--markdown-file",
        out.resolve("a.md").toString(), "--plot", out.resolve("a.png").toString());
    fails("no-run", "curves", "--run", "a=" + tmp.resolve("no-run"), "--plot", out.resolve("c.png").toString());

    assertThat(out).doesNotExist();
    assertThat(tree(ds)).isEqualTo(dsBefore);
    assertThat(tree(run)).isEqualTo(runBefore);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
