package io.llmesr.cli;

import java.nio.file.Path;

/** A command-line value {@code LABEL=PATH} (e.g. {@code aggregate --report}, {@code curves --run}). */
record LabeledPath(String label, Path path) {
  /** Parses {@code spec}; a malformed one is an error naming {@code option} and its expected form. */
  static LabeledPath parse(String spec, String option, String form) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException(option + " wants " + form + ", got '" + spec + "'");
    }
    return new LabeledPath(spec.substring(0, eq), Path.of(spec.substring(eq + 1)));
  }
}
