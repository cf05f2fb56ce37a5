package io.llmesr.recommend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmesr.data.io.AtomicFiles;
import io.llmesr.embed.EmbeddingLayout;
import io.llmesr.embed.EmbeddingManifest;
import io.llmesr.embed.EmbeddingTable;
import io.llmesr.embed.EmbeddingTables;
import io.llmesr.embed.Hashing;
import io.llmesr.embed.Pca;
import io.llmesr.eval.GroupThresholds;
import io.llmesr.model.ItemRepresentation;
import io.llmesr.model.SequenceModel;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.prepare.DatasetManifest;
import io.llmesr.run.ModelSpecFile;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import io.llmesr.text.ItemText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code llmesr export}: a trained run → a self-contained model bundle (docs/serving.md). The bundle holds the
 * resolved configuration and model shape, the checkpoint's parameters, the items' raw ids, display texts and
 * popularities, the head/tail thresholds, and — when the dataset was embedded — the frozen LLM item table with its
 * encoder and prompt templates and the two maps that give an item added later its collaborative vector (the PCA basis
 * the id table was initialised with, and a ridge map fitted to the trained id vectors). A {@code bundle.json} lists
 * every file with its SHA-256. The bundle is written to a staging directory and renamed into place: a failed export
 * leaves nothing, and an existing bundle is replaced only by a complete new one.
 */
public final class BundleExporter {
  /** Ridge penalty of the cold-start map (docs/serving.md, "New items"). */
  static final double RIDGE_LAMBDA = 1.0;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper JSON_LINE = new ObjectMapper();

  private BundleExporter() { }

  /**
   * Exports checkpoint {@code checkpoint} ({@code best} or {@code last}) of {@code runDir} to {@code out}.
   *
   * @throws IOException              when the run, its dataset or a table cannot be read, or {@code out} exists and
   *                                  is not a bundle
   */
  public static BundleManifest export(Path runDir, String checkpoint, Path out) throws IOException {
    out = out.toAbsolutePath().normalize();
    if (Files.exists(out) && !(Files.isDirectory(out) && Files.isRegularFile(BundleLayout.manifest(out)))) {
      throw new IOException(out + " exists and is not a model bundle (no " + BundleLayout.MANIFEST + "); choose another --out");
    }
    try (LoadedRun run = LoadedRun.open(runDir, checkpoint)) {
      RunConfig config = run.config();
      Path datasetDir = config.datasetDir();
      Dataset ds = DatasetIO.read(datasetDir);
      DatasetManifest dm = DatasetIO.readManifest(datasetDir);
      SequenceModel model = run.model();
      GroupThresholds t = GroupThresholds.parse(config.eval().thresholds()).resolve(ds, config.model().maxLen());

      Path staging = AtomicFiles.createStagingDirectory(out);
      try {
        new RunDirectory(staging).writeConfig(new RunConfig(config.preset(), Path.of("."), config.model(),
            config.training(), config.eval()));
        ModelSpecFile.write(staging, run.spec());
        for (String f : new String[] {BundleLayout.PARAMS + ".bin", BundleLayout.PARAMS + ".json"}) {
          Files.copy(run.checkpoint().resolve(f), staging.resolve(f));
        }
        writeItems(staging.resolve(BundleLayout.ITEMS), ds, DatasetIO.readItemFields(datasetDir));

        Map<String, Object> encoder = null;
        Map<String, String> prompts = null;
        String coldStart = "none";
        if (Files.isRegularFile(EmbeddingLayout.items(datasetDir))) {
          EmbeddingTable llm = EmbeddingTables.items(datasetDir);
          Files.createDirectories(EmbeddingLayout.items(staging).getParent());
          Files.copy(EmbeddingLayout.items(datasetDir), EmbeddingLayout.items(staging));
          Files.copy(EmbeddingTable.manifestPath(EmbeddingLayout.items(datasetDir)),
              EmbeddingTable.manifestPath(EmbeddingLayout.items(staging)));
          encoder = encoderInfo(llm.manifest());
          prompts = promptInfo(dm);
          ItemRepresentation items = model.items();
          int c = items.collaborativeDim();
          if (c > 0) {
            float[] trained = collaborativeVectors(model, c);
            writeMatrix(staging.resolve(BundleLayout.COLD_MAP), ColdStartMaps.fitRidge(llm, trained, c, RIDGE_LAMBDA));
            if (c <= Math.min(llm.rows() - 1, llm.dim())) {
              Pca.Model pca = Pca.fit(llm, c);
              writeMatrix(staging.resolve(BundleLayout.PCA_BASIS), ColdStartMaps.pcaBasis(pca));
            }
          }
          boolean pcaInitialised = "llmesr".equals(config.model().method()) && c > 0
              && Files.isRegularFile(staging.resolve(BundleLayout.PCA_BASIS));
          coldStart = pcaInitialised ? "pca" : c > 0 ? "regression" : "semantic";
        }

        Map<String, String> source = new LinkedHashMap<>();
        source.put("run", runDir.toAbsolutePath().normalize().getFileName().toString());
        source.put("checkpoint", checkpoint);
        source.put("dataset", dm.name());
        source.put("datasetFingerprint", dm.fingerprint());
        source.put("preset", config.preset().id());
        BundleManifest m = new BundleManifest(BundleManifest.FORMAT, out.getFileName().toString(),
            config.model().method(), config.model().backbone().id(), ds.numItems(), config.model().maxLen(),
            t.tailItemBelow(), t.tailUserBelow(), t.source(), encoder, prompts, coldStart, source, checksums(staging),
            "llmesr " + version(), Instant.now().toString());
        AtomicFiles.writeString(BundleLayout.manifest(staging), JSON.writeValueAsString(m) + "\n");
      } catch (IOException | RuntimeException | Error e) {
        AtomicFiles.deleteRecursively(staging);
        throw e;
      }
      AtomicFiles.replaceDirectory(staging, out);
      return Bundle.readManifest(out);
    }
  }

  /** The trained collaborative vectors of items 1..N: the first {@code c} columns of the candidate vectors (N×c). */
  private static float[] collaborativeVectors(SequenceModel model, int c) {
    int n = model.spec().numItems();
    int d = model.items().candidateDim();
    float[] all = ItemMatrix.compute(model);
    float[] out = new float[n * c];
    for (int i = 0; i < n; i++) System.arraycopy(all, i * d, out, i * c, c);
    return out;
  }

  private static void writeItems(Path file, Dataset ds, List<Map<String, String>> fields) throws IOException {
    int[] pop = ds.itemPopularity();
    AtomicFiles.write(file, os -> {
      BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
      for (int i = 1; i <= ds.numItems(); i++) {
        String id = ds.itemIds().get(i);
        Map<String, String> f = fields == null || fields.get(i) == null ? Map.of() : fields.get(i);
        String title = new ItemText(id, f).displayText();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("item", i);
        line.put("id", id);
        line.put("title", title == null ? id : title);
        line.put("popularity", pop[i]);
        w.write(JSON_LINE.writeValueAsString(line));
        w.write('\n');
      }
      w.flush();
    });
  }

  private static Map<String, Object> encoderInfo(EmbeddingManifest m) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", m.encoder().name());
    e.put("version", m.encoder().version());
    e.put("dimension", m.encoder().dimension());
    e.put("maxTokens", m.encoder().maxTokens());
    e.put("normalisation", m.normalisation());
    return e;
  }

  private static Map<String, String> promptInfo(DatasetManifest dm) {
    if (dm.prompts() == null) return null;
    Map<String, String> p = new LinkedHashMap<>();
    p.put("domain", dm.prompts().domain());
    p.put("itemTemplate", dm.prompts().item() == null ? null : dm.prompts().item().name());
    p.put("itemTemplateSha256", dm.prompts().item() == null ? null : dm.prompts().item().sha256());
    p.put("itemTemplateText", dm.prompts().itemTemplateText());
    return p;
  }

  /** Writes a row-major float32 matrix with a one-line JSON header file beside it ({@code rows}, {@code cols}). */
  static void writeMatrix(Path file, ColdStartMaps.Matrix m) throws IOException {
    AtomicFiles.write(file, os -> {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * m.data().length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (float v : m.data()) b.putFloat(v);
      os.write(b.array());
    });
    AtomicFiles.writeString(file.resolveSibling(file.getFileName().toString().replace(".f32", ".json")),
        JSON.writeValueAsString(Map.of("rows", m.rows(), "cols", m.cols(), "dtype", "float32-le",
            "meaning", m.meaning())) + "\n");
  }

  private static Map<String, BundleManifest.FileEntry> checksums(Path dir) throws IOException {
    Map<String, BundleManifest.FileEntry> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        files.put(rel, new BundleManifest.FileEntry(Hashing.sha256(p), Files.size(p)));
      }
    }
    return files;
  }

  static String version() {
    String v = BundleExporter.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
