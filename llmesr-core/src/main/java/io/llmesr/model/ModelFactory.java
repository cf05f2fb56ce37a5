package io.llmesr.model;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Builds a {@link SequenceModel} for a training method ({@code plain}, {@code llmesr}, ...). Factories are found with
 * {@link ServiceLoader} (file {@code META-INF/services/io.llmesr.model.ModelFactory}), so a method lives in its own
 * package and the trainer, the CLI and the run loader never name it.
 *
 * <p>The same factory builds the model for training (with the dataset at hand, e.g. for similar users) and for
 * inference from a run directory (no dataset: {@link Context#dataset()} empty); a checkpoint is then loaded over the
 * freshly initialised persisted parameters.
 */
public interface ModelFactory {
  /** The method name as used in configs and on the command line (e.g. {@code plain}). */
  String method();

  /** Builds the model; the returned model owns {@code context.manager()}. */
  SequenceModel create(Context context);

  /**
   * Files the model reads besides the dataset (e.g. embedding tables, similar-user table), by role, so the run's
   * provenance can record their SHA-256. Default: none.
   */
  default Map<String, Path> inputFiles(Context context) {
    return Map.of();
  }

  /**
   * Everything a factory may need.
   *
   * @param spec        backbone and shape hyper-parameters
   * @param manager     a fresh model manager (the model's {@link ParameterStore} owns it)
   * @param seed        root seed for initialisers ({@link Init#streamFor})
   * @param datasetDir  the prepared dataset directory (for method inputs stored next to it), may be null
   * @param options     method-specific options, string-valued (the factory parses and validates them, e.g.
   *                    {@code alpha}, {@code similar_users}, {@code item_embeddings} paths); keys without a prefix
   * @param dataset     the in-memory dataset when training (absent when loading for inference)
   */
  record Context(ModelSpec spec, NDManager manager, long seed, Path datasetDir, Map<String, String> options,
                 Optional<io.llmesr.prepare.Dataset> dataset) {
    public Context {
      options = Map.copyOf(options);
    }
  }

  /** The factory registered for {@code method}. */
  static ModelFactory forMethod(String method) {
    List<String> known = new java.util.ArrayList<>();
    for (ModelFactory f : ServiceLoader.load(ModelFactory.class, ModelFactory.class.getClassLoader())) {
      if (f.method().equalsIgnoreCase(method)) return f;
      known.add(f.method());
    }
    throw new IllegalArgumentException("unknown method '" + method + "' (known: " + known + ")");
  }
}
