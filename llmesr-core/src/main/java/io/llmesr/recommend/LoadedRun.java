package io.llmesr.recommend;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.SequenceModel;
import io.llmesr.model.TensorFile;
import io.llmesr.run.ModelBuilder;
import io.llmesr.run.ModelSpecFile;
import io.llmesr.run.RunConfig;
import io.llmesr.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trained run loaded for scoring, without any training code: reads {@code config.json} and
 * {@code model-spec.json}, builds the model with its method's factory, and loads a checkpoint's parameters
 * ({@code checkpoints/best} by default). Provides a {@link ModelScorer} (evaluation {@code Scorer} and top-K).
 *
 * <pre>
 *   try (LoadedRun run = LoadedRun.open(Path.of("runs/beauty-sasrec"))) {
 *     ModelScorer.TopK top = run.scorer(256).topK(history, 10, history);
 *   }
 * </pre>
 */
public final class LoadedRun implements AutoCloseable {
  private final RunConfig config;
  private final ModelSpec spec;
  private final NDManager root;
  private final SequenceModel model;
  private final Path checkpoint;

  private LoadedRun(RunConfig config, ModelSpec spec, NDManager root, SequenceModel model, Path checkpoint) {
    this.config = config;
    this.spec = spec;
    this.root = root;
    this.model = model;
    this.checkpoint = checkpoint;
  }

  /** Opens the best checkpoint of {@code runDir}. */
  public static LoadedRun open(Path runDir) throws IOException {
    return open(runDir, RunDirectory.BEST);
  }

  /** Opens checkpoint {@code name} ({@code best} or {@code last}) of {@code runDir}. */
  public static LoadedRun open(Path runDir, String name) throws IOException {
    RunDirectory run = new RunDirectory(runDir);
    RunConfig config = run.readConfig();
    ModelSpec spec = ModelSpecFile.read(runDir);
    Path ckpt = run.checkpoint(name);
    if (!Files.isRegularFile(ckpt.resolve("params.json"))) {
      throw new IOException(ckpt + " has no parameters (params.json missing): has the run finished an epoch?");
    }
    NDManager root = NDManager.newBaseManager();
    try {
      SequenceModel model = ModelBuilder.build(config, spec, root.newSubManager(), Optional.empty());
      try {
        model.parameters().load(TensorFile.read(ckpt, "params"));
      } catch (IllegalStateException e) {
        throw new IOException(ckpt + ": " + e.getMessage(), e);
      }
      return new LoadedRun(config, spec, root, model, ckpt);
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  public RunConfig config() {
    return config;
  }

  public ModelSpec spec() {
    return spec;
  }

  public SequenceModel model() {
    return model;
  }

  /** The checkpoint directory the parameters came from. */
  public Path checkpoint() {
    return checkpoint;
  }

  /** A scorer over this model, {@code batchSize} users per engine call. */
  public ModelScorer scorer(int batchSize) {
    return new ModelScorer(model, batchSize);
  }

  @Override
  public void close() {
    model.close();
    root.close();
  }
}
