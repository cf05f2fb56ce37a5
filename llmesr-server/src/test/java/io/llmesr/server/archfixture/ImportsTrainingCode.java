package io.llmesr.server.archfixture;

import io.llmesr.run.RunConfig;

/** A deliberate violation for {@code ArchitectureTest}: a server-package class that reaches into training code. */
public final class ImportsTrainingCode {
  private ImportsTrainingCode() { }

  public static Class<?> leak() {
    return RunConfig.class;
  }
}
