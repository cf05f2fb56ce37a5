package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quickstart} on the bundled demo (the demo directory is found upwards from the module directory). */
class QuickstartCliTest {
  @TempDir Path tmp;

  @Test
  void quickstartPreparesAndDescribesTheDemo() {
    // 3 epochs keep the suite short; the screen then says that the comparison is between unconverged models
    CliRun r = CliRun.of("quickstart", "--work", tmp.toString(), "--epochs", "3");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("step 1/", "2,242 users, 2,513 items, 14,627 interactions", "tail user: input length <",
        "quickstart done");
    // LLM-ESR-SASRec trained beside plain SASRec, and their head/tail tables side by side
    assertThat(r.out()).contains("$ llmesr train", "--method llmesr", "compare SASRec and LLM-ESR-SASRec", "sasrec-fast",
        "llmesr-sasrec-fast", "tail_item", "head_user", "change");
    assertThat(r.out()).contains("trained for only 3 epoch(s), not to convergence", "full ranking");
    // it ends by exporting the LLM-ESR model and recommending from the bundle, in raw ids with titles
    assertThat(r.out()).contains("$ llmesr export", "$ llmesr recommend", "rank", "title", "llmesr serve");
    assertThat(tmp.resolve("bundles/llmesr-sasrec/bundle.json")).isRegularFile();
    CliRun again = CliRun.of("quickstart", "--work", tmp.toString(), "--epochs", "3");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("up to date: ", "trained 3 epochs");
  }
}
