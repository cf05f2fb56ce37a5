package io.llmesr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmesr.embed.EmbedOptions;
import io.llmesr.embed.EmbedResult;
import io.llmesr.embed.EmbeddingImport;
import io.llmesr.embed.EmbeddingManifest;
import io.llmesr.embed.ItemUserEmbedder;
import io.llmesr.embed.MiniLmEncoder;
import io.llmesr.embed.OpenAiEncoder;
import io.llmesr.embed.TextEncoder;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.prepare.DatasetManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmesr embed DATASET_DIR}: item and user prompt embeddings into {@code DATASET_DIR/embeddings/}
 * (see {@code docs/embeddings.md}). A thin layer over {@link ItemUserEmbedder#embed} and
 * {@link EmbeddingImport#run}.
 */
@Command(name = "embed", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Embed every item prompt and user prompt of a dataset (spec 2.4-2.5) into float32 tables.",
        "Texts already in the cache are not encoded again; an interrupted run resumes where it stopped."})
final class EmbedCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin Mixins.DatasetDir dataset;

  @Option(names = "--encoder", defaultValue = "minilm", paramLabel = "NAME",
      description = "minilm (in-process all-MiniLM-L6-v2, default), minilm-q (its int8 version, faster),"
          + " openai (any OpenAI-compatible /v1/embeddings server), import (precomputed .npy/.csv).")
  String encoder;

  @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
      description = "Texts per batch; the cache is flushed after each (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--l2-normalise", description = "Scale every vector to unit length before writing the tables.")
  boolean l2Normalise;

  @Option(names = "--allow-duplicate-prompts",
      description = "Embed even when most item or user prompts are identical, or most items have no text (refused by default: the embeddings would carry no information).")
  boolean allowDuplicatePrompts;

  @Mixin Mixins.Json json;

  @Mixin Mixins.Threads threads;

  @CommandLine.ArgGroup(exclusive = false, heading = "%nIn-process encoder (minilm, minilm-q):%n")
  LocalFlags local = new LocalFlags();

  @CommandLine.ArgGroup(exclusive = false, heading = "%nOpenAI-compatible server (openai):%n")
  HttpFlags http = new HttpFlags();

  @CommandLine.ArgGroup(exclusive = false, heading = "%nImport (import):%n")
  ImportFlags imports = new ImportFlags();

  static final class LocalFlags {
    @Option(names = "--max-tokens", defaultValue = "256", description = "Word pieces per text incl. [CLS]/[SEP]; longer texts are cut and counted (default ${DEFAULT-VALUE}, max 512).")
    int maxTokens = 256;

    @Option(names = "--micro-batch", defaultValue = "1", description = "Texts per ONNX call, grouped by length and padded (default ${DEFAULT-VALUE}: no padding, fastest measured).")
    int microBatch = 1;
  }

  static final class HttpFlags {
    @Option(names = "--base-url", paramLabel = "URL", description = "Server root, e.g. https://api.openai.com or http://127.0.0.1:11434.")
    URI baseUrl;

    @Option(names = "--model", description = "Model name, e.g. text-embedding-ada-002 (the paper's), nomic-embed-text.")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the API key (never logged). Omit for servers without keys.")
    String apiKeyEnv;

    @Option(names = "--expected-dim", paramLabel = "D",
        description = "Fail unless the server's vectors have D dimensions (default: learnt from the server).")
    Integer expectedDim;

    @Option(names = "--request-size", defaultValue = "64", description = "Texts per HTTP request (default ${DEFAULT-VALUE}).")
    int requestSize = 64;

    @Option(names = "--concurrency", defaultValue = "4", description = "Requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency = 4;

    @Option(names = "--connect-timeout", defaultValue = "10", description = "Seconds (default ${DEFAULT-VALUE}).")
    int connectTimeout = 10;

    @Option(names = "--read-timeout", defaultValue = "120", description = "Seconds to wait for an answer (default ${DEFAULT-VALUE}).")
    int readTimeout = 120;

    @Option(names = "--retries", defaultValue = "6", description = "Retries on 429/5xx/timeouts, exponential backoff with jitter, honouring Retry-After (default ${DEFAULT-VALUE}).")
    int retries = 6;
  }

  static final class ImportFlags {
    @Option(names = "--items", paramLabel = "FILE", description = "Item vectors: .npy (float32/64, rows = items in index order unless --items-map) or .csv (id,values...).")
    Path items;

    @Option(names = "--items-map", paramLabel = "FILE", description = "Raw item id of each .npy row, one per line.")
    Path itemsMap;

    @Option(names = "--users", paramLabel = "FILE", description = "User vectors, like --items.")
    Path users;

    @Option(names = "--users-map", paramLabel = "FILE", description = "Raw user id of each .npy row.")
    Path usersMap;
  }

  @Override
  public Integer call() throws IOException {
    Path datasetDir = dataset.path;
    PrintWriter out = spec.commandLine().getOut();
    Dataset ds = DatasetIO.read(datasetDir);
    EmbedResult r;
    if (encoder.equals("import")) {
      if (imports.items == null) throw new CommandLine.ParameterException(spec.commandLine(), "--encoder import needs --items FILE");
      r = EmbeddingImport.run(ds, datasetDir, new EmbeddingImport.Source(imports.items, imports.itemsMap),
          imports.users == null ? null : new EmbeddingImport.Source(imports.users, imports.usersMap), l2Normalise);
    } else {
      DatasetManifest dm = DatasetIO.readManifest(datasetDir);
      EmbedOptions opts = EmbedOptions.defaults().withBatchSize(batchSize).withL2Normalise(l2Normalise)
          .withAllowDuplicatePrompts(allowDuplicatePrompts)
          .withProvenance(template(dm == null || dm.prompts() == null ? null : dm.prompts().item()),
              template(dm == null || dm.prompts() == null ? null : dm.prompts().user()), DatasetIO.ITEMS, DatasetIO.USERS);
      try (TextEncoder enc = encoder()) {
        r = ItemUserEmbedder.embed(ds, enc, datasetDir, opts, CliProgress.of(json.on, "texts"));
      }
    }
    if (json.on) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("items", r.items());
      j.put("users", r.users());
      j.put("dim", r.dim());
      j.put("embedded", r.embedded());
      j.put("reused", r.reused());
      j.put("truncatedItems", r.truncatedItems());
      j.put("truncatedUsers", r.truncatedUsers());
      j.put("normalisation", r.normalisation());
      j.put("tablesWritten", r.tablesWritten());
      j.put("encoder", r.encoder());
      j.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
      out.println(new ObjectMapper().writeValueAsString(j));
    } else {
      out.printf(Locale.ROOT, "%s: %,d items, %,d users, %d-d (%s); encoded %,d texts, %,d from cache; truncated %,d item"
              + " and %,d user prompts; %s in %.1f s%n", datasetDir, r.items(), r.users(), r.dim(), r.normalisation(),
          r.embedded(), r.reused(), r.truncatedItems(), r.truncatedUsers(),
          r.tablesWritten() ? "tables written" : "tables up to date", r.seconds());
      out.println("next: llmesr pca " + datasetDir + " && llmesr similar-users " + datasetDir);
    }
    out.flush();
    return 0;
  }

  private static EmbeddingManifest.PromptTemplate template(DatasetManifest.Template t) {
    return t == null ? null : new EmbeddingManifest.PromptTemplate(t.name(), t.sha256());
  }

  private TextEncoder encoder() {
    switch (encoder) {
      case "minilm", "minilm-q" -> {
        try {
          return new MiniLmEncoder(new MiniLmEncoder.Options(
              encoder.equals("minilm") ? MiniLmEncoder.Variant.FP32 : MiniLmEncoder.Variant.INT8, local.maxTokens,
              threads.resolve(), local.microBatch));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      case "openai" -> {
        if (http.baseUrl == null || http.model == null) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--encoder openai needs --base-url and --model");
        }
        try {
          return new OpenAiEncoder(new OpenAiEncoder.Config(http.baseUrl, http.model, http.apiKeyEnv, http.expectedDim,
              http.requestSize, http.concurrency, Duration.ofSeconds(http.connectTimeout),
              Duration.ofSeconds(http.readTimeout), http.retries, Duration.ofSeconds(1), Duration.ofSeconds(60),
              Duration.ofSeconds(300)));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "unknown encoder '" + encoder + "' (expected minilm, minilm-q, openai or import)");
    }
  }
}
