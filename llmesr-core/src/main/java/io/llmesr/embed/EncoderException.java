package io.llmesr.embed;

/** An encoder could not produce valid vectors: a server error, a malformed answer, an invalid vector. */
public class EncoderException extends RuntimeException {
  public EncoderException(String message) {
    super(message);
  }

  public EncoderException(String message, Throwable cause) {
    super(message, cause);
  }
}
