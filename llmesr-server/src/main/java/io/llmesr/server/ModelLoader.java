package io.llmesr.server;

import io.llmesr.recommend.Recommender;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a {@link Recommender} from a model bundle directory, for {@code POST /v1/admin/reload}; typically
 * {@code BundleRecommender::open}. Called only with a directory that holds a {@code bundle.json}.
 */
@FunctionalInterface
public interface ModelLoader {
  Recommender load(Path bundleDir) throws IOException;
}
