package io.llmesr.data;

import java.nio.file.Path;

/**
 * Malformed input. The message always names the file, the 1-based line (or record) number and the field,
 * so that a user can open the file at the right place: {@code reviews.json.gz:1234: field 'asin': missing}.
 */
public class DataFormatException extends RuntimeException {
  private final transient Path file;
  private final long line;
  private final String field;

  public DataFormatException(Path file, long line, String field, String problem) {
    this(file, line, field, problem, null);
  }

  public DataFormatException(Path file, long line, String field, String problem, Throwable cause) {
    super(format(file, line, field, problem), cause);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  private static String format(Path file, long line, String field, String problem) {
    StringBuilder sb = new StringBuilder();
    sb.append(file == null ? "<input>" : file.toString());
    if (line > 0) sb.append(':').append(line);
    sb.append(": ");
    if (field != null) sb.append("field '").append(field).append("': ");
    sb.append(problem);
    return sb.toString();
  }

  public Path file() { return file; }

  /** 1-based line number, or 0 when the problem concerns the whole file. */
  public long line() { return line; }

  /** The offending field, or {@code null}. */
  public String field() { return field; }
}
