package io.llmesr.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real datasets beside the repository ({@code shared/data/NAME} in the checkout's parent folder or any folder
 * above the working directory; {@code LLMESR_SHARED} names another {@code shared} folder). A test that needs one and
 * does not find it is skipped on a developer's machine and <b>fails</b> in CI ({@code CI=true}), so that missing data
 * can never pass for a green run.
 */
public final class SharedData {
  private SharedData() { }

  /** {@code shared/data/NAME}; skips the calling test (fails it under {@code CI=true}) when absent. */
  public static Path dir(String name) {
    return dir(name, "true".equalsIgnoreCase(System.getenv("CI")));
  }

  /** {@link #dir(String)} with the CI rule given. */
  static Path dir(String name, boolean ci) {
    Path found = find(name);
    if (found == null) {
      String msg = "shared data set '" + name + "' not found (looked for shared/data/" + name
          + " above " + Path.of("").toAbsolutePath() + " and in $LLMESR_SHARED)";
      if (ci) Assertions.fail(msg + "; CI must have it");
      Assumptions.abort(msg);
    }
    return found;
  }

  /** {@code shared/data/NAME/FILE}, with the same rule when the file is absent. */
  public static Path file(String name, String file) {
    Path f = dir(name).resolve(file);
    if (!Files.exists(f)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(f + " is missing; CI must have it");
      Assumptions.abort(f + " is missing");
    }
    return f;
  }

  private static Path find(String name) {
    String env = System.getenv("LLMESR_SHARED");
    if (env != null && Files.isDirectory(Path.of(env, "data", name))) return Path.of(env, "data", name);
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("data").resolve(name);
      if (Files.isDirectory(candidate)) return candidate;
    }
    return null;
  }
}
