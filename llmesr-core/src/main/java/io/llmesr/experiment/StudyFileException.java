package io.llmesr.experiment;

import java.nio.file.Path;

/**
 * A study file that cannot be used: the message names the file, the line and the field, as
 * {@code FILE:LINE: field 'FIELD': WHAT} (without the field part when the error is not about one field).
 */
public final class StudyFileException extends IllegalArgumentException {
  private final Path file;
  private final int line;
  private final String field;

  public StudyFileException(Path file, int line, String field, String message) {
    super(file + ":" + line + ": " + (field == null ? "" : "field '" + field + "': ") + message);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  /** The study file. */
  public Path file() {
    return file;
  }

  /** The 1-based line of the field at fault. */
  public int line() {
    return line;
  }

  /** The field at fault (a dotted path such as {@code methods[1].set.method.alpha}), or {@code null}. */
  public String field() {
    return field;
  }
}
