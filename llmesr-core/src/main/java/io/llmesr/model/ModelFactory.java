package io.llmesr.model;

import ai.djl.ndarray.NDManager;
import io.llmesr.config.ConfigKey;
import io.llmesr.config.MethodOptions;
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

  /**
   * The method's options ({@code method.KEY}), each declared once with its type, default, rules and doc. The run
   * configuration parses and checks them ({@code RunConfig.fromMap}) before anything is written; the factory reads
   * them typed with {@link #resolveOptions}. Default: none.
   */
  default List<ConfigKey<?>> options() {
    return List.of();
  }

  /**
   * Checks that involve several options (each was already checked on its own); throws
   * {@link IllegalArgumentException} naming them. Default: none.
   */
  default void checkOptions(MethodOptions options) {
  }

  /**
   * Parses and checks the options as given ({@code method.} prefix stripped): typed values of the declared keys,
   * then {@link #checkOptions}. Undeclared names are kept in {@link MethodOptions#unknown()}: call
   * {@link MethodOptions#requireKnown()} to refuse them.
   */
  default MethodOptions resolveOptions(Map<String, String> given) {
    MethodOptions o = MethodOptions.parse(method(), options(), given);
    checkOptions(o);
    return o;
  }

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
   * @param options     method-specific options as given, string-valued, keys without the {@code method.} prefix;
   *                    the factory reads them typed with {@link #resolveOptions} (the run configuration already
   *                    checked their values) and refuses unknown names ({@link MethodOptions#requireKnown()})
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
    return find(method).orElseThrow(() -> new IllegalArgumentException("unknown method '" + method + "' (known: "
        + all().stream().map(ModelFactory::method).toList() + ")"));
  }

  /** The factory registered for {@code method}, if any (case-insensitive). */
  static Optional<ModelFactory> find(String method) {
    for (ModelFactory f : all()) {
      if (f.method().equalsIgnoreCase(method)) return Optional.of(f);
    }
    return Optional.empty();
  }

  /** Every registered factory, in registration order. */
  static List<ModelFactory> all() {
    List<ModelFactory> all = new java.util.ArrayList<>();
    ServiceLoader.load(ModelFactory.class, ModelFactory.class.getClassLoader()).forEach(all::add);
    return all;
  }
}
