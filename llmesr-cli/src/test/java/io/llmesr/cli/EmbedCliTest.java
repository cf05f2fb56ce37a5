package io.llmesr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.EmbeddingTables;
import io.llmesr.embed.Npy;
import io.llmesr.embed.SimilarUsers;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: prepare a tiny dataset, then {@code embed} (real MiniLM), {@code pca}, {@code similar-users}, import. */
class EmbedCliTest {
  @TempDir Path tmp;
  Path data;

  @BeforeEach
  void prepare() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    List<String> inter = new ArrayList<>(List.of("user_id:token\titem_id:token\ttimestamp:float"));
    String[] titles = {"Red lipstick matte", "Red lipstick glossy", "Blue eyeliner pencil", "Black mascara volume",
        "Black mascara waterproof", "Rose face cream", "Aloe vera face gel", "Shampoo for dry hair"};
    for (int u = 0; u < 8; u++) {
      for (int t = 0; t < 4; t++) inter.add("u" + u + "\ti" + ((u + 2 * t) % 8) + "\t" + (10 * u + t));
    }
    Files.write(src.resolve("mini.inter"), inter);
    List<String> items = new ArrayList<>(List.of("item_id:token\ttitle:token_seq\tbrand:token"));
    for (int i = 0; i < 8; i++) items.add("i" + i + "\t" + titles[i] + "\tAcme");
    Files.write(src.resolve("mini.item"), items);
    data = tmp.resolve("mini");
    CliRun p = CliRun.of("prepare", "--input", src.toString(), "--format", "atomic", "--recipe", "kcore", "--kcore", "2",
        "--out", data.toString());
    assertThat(p.exitCode()).as(p.err()).isZero();
  }

  static JsonNode json(CliRun r) throws Exception {
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    return new ObjectMapper().readTree(lines[lines.length - 1]);
  }

  @Test
  void embedPcaSimilarUsersAndRerun() throws Exception {
    Dataset ds = DatasetIO.read(data);
    JsonNode e = json(CliRun.of("embed", data.toString(), "--json", "--batch-size", "5"));
    assertThat(e.get("items").asInt()).isEqualTo(ds.numItems());
    assertThat(e.get("users").asInt()).isEqualTo(ds.numUsers());
    assertThat(e.get("dim").asInt()).isEqualTo(384);
    assertThat(e.get("embedded").asInt()).isPositive();
    assertThat(e.get("normalisation").asText()).isEqualTo("l2");
    assertThat(e.has("seconds")).isTrue();
    EmbeddingTable items = EmbeddingTables.items(data);
    assertThat(items.rows()).isEqualTo(ds.numItems() + 1);
    assertThat(items.manifest().promptTemplate()).isNotNull();
    assertThat(items.manifest().idMap()).isEqualTo("items.tsv");

    JsonNode again = json(CliRun.of("embed", data.toString(), "--json"));
    assertThat(again.get("embedded").asInt()).isZero();
    assertThat(again.get("tablesWritten").asBoolean()).isFalse();

    JsonNode pca = json(CliRun.of("pca", data.toString(), "--dim", "4", "--json"));
    assertThat(pca.get("dim").asInt()).isEqualTo(4);
    assertThat(pca.get("explainedVarianceRatioTotal").asDouble()).isBetween(0.3, 1.0);
    assertThat(EmbeddingTables.pca(data, 4).rows()).isEqualTo(ds.numItems() + 1);

    JsonNode sim = json(CliRun.of("similar-users", data.toString(), "--top", "3", "--json"));
    assertThat(sim.get("top").asInt()).isEqualTo(3);
    SimilarUsers.Table t = SimilarUsers.read(data);
    assertThat(t.users()).isEqualTo(ds.numUsers());
    for (int u = 0; u < t.users(); u++) assertThat(t.indices()[u]).hasSize(3).doesNotContain(u);

    CliRun human = CliRun.of("pca", data.toString(), "--dim", "3");
    assertThat(human.out()).contains("explained variance");
    CliRun tooBig = CliRun.of("pca", data.toString(), "--dim", "500");
    assertThat(tooBig.exitCode()).isEqualTo(2);
    assertThat(tooBig.err()).contains("must be in 1..min");
  }

  @Test
  void importNpyAndCsv() throws Exception {
    Dataset ds = DatasetIO.read(data);
    int n = ds.numItems();
    float[] v = new float[n * 5];
    for (int i = 0; i < v.length; i++) v[i] = 1 + i % 7;
    Path npy = tmp.resolve("itm_emb.npy");
    try (OutputStream o = Files.newOutputStream(npy)) {
      Npy.writeF4(o, n, 5, v);
    }
    List<String> csv = new ArrayList<>(List.of("user,a,b,c,d,e"));
    for (int u = 0; u < ds.numUsers(); u++) csv.add(ds.userIds().get(u) + "," + (u + 1) + ",1,2,3,4");
    Path users = tmp.resolve("users.csv");
    Files.write(users, csv);
    JsonNode r = json(CliRun.of("embed", data.toString(), "--encoder", "import", "--items", npy.toString(),
        "--users", users.toString(), "--json"));
    assertThat(r.get("dim").asInt()).isEqualTo(5);
    assertThat(EmbeddingTables.items(data).row(1)).containsExactly(1, 2, 3, 4, 5);
    assertThat(EmbeddingTables.users(data).row(0)).containsExactly(1, 1, 2, 3, 4);

    Path wrong = tmp.resolve("wrong.npy");
    try (OutputStream o = Files.newOutputStream(wrong)) {
      Npy.writeF4(o, n + 1, 5, new float[(n + 1) * 5]);
    }
    CliRun bad = CliRun.of("embed", data.toString(), "--encoder", "import", "--items", wrong.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("wrong.npy").contains("rows but the dataset has " + n + " items");
  }

  @Test
  void badFlagsAndMissingKeyAreClearErrors() {
    CliRun unknown = CliRun.of("embed", data.toString(), "--encoder", "word2vec");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown encoder 'word2vec'");
    CliRun key = CliRun.of("embed", data.toString(), "--encoder", "openai", "--base-url", "http://127.0.0.1:9",
        "--model", "m", "--api-key-env", "LLMESR_TEST_NO_SUCH_KEY");
    assertThat(key.exitCode()).isEqualTo(1);
    assertThat(key.err()).contains("environment variable LLMESR_TEST_NO_SUCH_KEY");
    CliRun noUsers = CliRun.of("similar-users", tmp.resolve("nowhere").toString());
    assertThat(noUsers.exitCode()).isEqualTo(1);
    assertThat(noUsers.err()).contains("users.json").contains("manifest missing");
  }
}
