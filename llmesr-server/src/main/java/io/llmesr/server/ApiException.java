package io.llmesr.server;

/**
 * A request the server answers with an error: the HTTP status, a message, and the request field at fault
 * ({@code null} when no single field is). Rendered as {@code {"error": message, "field": field}}.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String field;

  ApiException(int status, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  static ApiException badRequest(String field, String message) {
    return new ApiException(400, field, message);
  }

  static ApiException notFound(String field, String message) {
    return new ApiException(404, field, message);
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }
}
