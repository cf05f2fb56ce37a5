package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source whose items have only a {@code text} field (as the RecBole Amazon Office files): every user still
 * gets a prompt of their own, and prompts that do collapse (a template reading a field nobody has) are
 * reported by {@code prepare} and {@code describe} and refused by {@code embed}, which then writes nothing.
 */
class PromptGuardCliTest {
  @TempDir Path tmp;
  Path src;

  @BeforeEach
  void source() throws Exception {
    src = Files.createDirectories(tmp.resolve("src"));
    List<String> inter = new ArrayList<>(List.of("user_id:token\titem_id:token\ttimestamp:float"));
    for (int u = 0; u < 8; u++) {
      for (int t = 0; t < 4; t++) inter.add("u" + u + "\ti" + ((u + 3 * t) % 8) + "\t" + (10 * u + t));
    }
    Files.write(src.resolve("office.inter"), inter);
    List<String> items = new ArrayList<>(List.of("item_id:token\ttext:token_seq"));
    for (int i = 0; i < 8; i++) items.add("i" + i + "\tStapler model " + i + " Office Supplies Acme");
    Files.write(src.resolve("office.item"), items);
  }

  private Path prepare(String name, String... extra) {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("prepare", "--input", src.toString(), "--format", "atomic", "--recipe",
        "kcore", "--kcore", "2", "--out", out.toString()));
    args.addAll(List.of(extra));
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return out;
  }

  @Test
  void textOnlyItemsGiveEveryUserAPromptOfTheirOwn() throws Exception {
    Path data = prepare("generic");
    Dataset d = DatasetIO.read(data);
    assertThat(new HashSet<>(d.userPrompts())).hasSize(d.numUsers());
    // user 0 (u0) visited i0, i3, i6, i1 in that order; the last two are validation and test targets
    assertThat(d.userPrompts().get(0)).isEqualTo("The user has visited following items: \n"
        + "Stapler model 0 Office Supplies Acme, Stapler model 3 Office Supplies Acme,  \n"
        + "please conclude the user's preference.");
    assertThat(DatasetIO.readManifest(data).count("distinctUserPrompts")).isEqualTo(8);
    assertThat(DatasetIO.readManifest(data).count("usersWithoutPromptText")).isZero();
  }

  @Test
  void userTemplateWritesEachHistoryItem() throws Exception {
    Dataset d = DatasetIO.read(prepare("templated", "--user-template", "[{text}]"));
    assertThat(d.userPrompts().get(0)).isEqualTo("The user has visited following items: \n"
        + "[Stapler model 0 Office Supplies Acme], [Stapler model 3 Office Supplies Acme],  \n"
        + "please conclude the user's preference.");
  }

  @Test
  void collapsedUserPromptsAreReportedAndEmbedRefusesWithoutWritingAnything() throws Exception {
    // The paper's Beauty user prompt lists titles; these items have none, so every user gets the same text.
    Path out = tmp.resolve("collapsed");
    CliRun p = CliRun.of("prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore", "--kcore", "2",
        "--domain", "beauty", "--out", out.toString());
    assertThat(p.exitCode()).as(p.err()).isZero();
    assertThat(p.out()).contains("1 distinct of 8 users", "warning: only 1 distinct user prompts for 8 users");
    assertThat(new HashSet<>(DatasetIO.read(out).userPrompts())).hasSize(1);

    CliRun describe = CliRun.of("describe", out.toString());
    assertThat(describe.exitCode()).as(describe.err()).isZero();
    assertThat(describe.out()).contains("user prompts", "1 distinct of 8 (12.5%), 8 listing no item",
        "WARNING", "only 1 distinct user prompts");

    CliRun e = CliRun.of("embed", out.toString());
    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e.err()).contains("refusing to embed", "only 1 distinct user prompts for 8 users", "--user-template",
        "--allow-duplicate-prompts");
    assertThat(out.resolve("embeddings")).doesNotExist();
  }

  @Test
  void itemsWithoutAnyTextAreRefused() throws Exception {
    Files.write(src.resolve("office.item"), List.of("item_id:token\ttext:token_seq"));
    Path out = prepare("textless");
    CliRun e = CliRun.of("embed", out.toString());
    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e.err()).contains("8 of 8 items (100%) have no text", "only 1 distinct user prompts");
    assertThat(out.resolve("embeddings")).doesNotExist();
  }

  @Test
  void embeddingsOfAnotherDatasetAreRefusedByName() throws Exception {
    Path a = prepare("a");
    CliRun e = CliRun.of("embed", a.toString(), "--json");
    assertThat(e.exitCode()).as(e.err()).isZero();
    // the same items under another item template: same shape, other prompts
    Path b = prepare("b", "--item-template", "Item: {text}");
    BundleCliTest.copyTree(a.resolve("embeddings"), b.resolve("embeddings"));
    CliRun pb = CliRun.of("pca", b.toString(), "--dim", "4");
    assertThat(pb.exitCode()).isEqualTo(1);
    assertThat(pb.err()).contains("items.f32", "was embedded from prompts of template 'generic-item/default'",
        "'generic-item/template'");
    // fewer items: the row count gives it away
    List<String> inter = new ArrayList<>(Files.readAllLines(src.resolve("office.inter")));
    inter.removeIf(l -> l.contains("\ti7\t"));
    Files.write(src.resolve("office.inter"), inter);
    Path c = prepare("c");
    BundleCliTest.copyTree(a.resolve("embeddings"), c.resolve("embeddings"));
    CliRun pc = CliRun.of("similar-users", c.toString(), "--top", "3");
    assertThat(pc.exitCode()).isEqualTo(1);
    assertThat(pc.err()).contains("users.f32", "was embedded from other prompts than the dataset's");
    CliRun pi = CliRun.of("pca", c.toString(), "--dim", "4");
    assertThat(pi.exitCode()).isEqualTo(1);
    assertThat(pi.err()).contains("items.f32", "has 9 rows but the dataset has 8 (items + 1 (padding row 0))");
  }
}
