package io.llmesr.run;

import ai.djl.ndarray.NDManager;
import io.llmesr.model.ModelFactory;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.SequenceModel;
import io.llmesr.prepare.Dataset;
import java.util.Optional;

/** Builds the model a run configuration describes, through the method's {@link ModelFactory}. */
public final class ModelBuilder {
  private ModelBuilder() { }

  /**
   * @param manager a fresh manager the model will own
   * @param dataset present when training (methods may need it, e.g. similar users), empty when loading for scoring
   */
  public static SequenceModel build(RunConfig config, ModelSpec spec, NDManager manager, Optional<Dataset> dataset) {
    ModelFactory factory = ModelFactory.forMethod(config.model().method());
    return factory.create(new ModelFactory.Context(spec, manager, config.training().seed(), config.datasetDir(),
        config.model().methodOptions(), dataset));
  }
}
