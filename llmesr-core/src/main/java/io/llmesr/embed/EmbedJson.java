package io.llmesr.embed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The JSON mapper for embedding manifests: indented, nulls omitted, unknown fields tolerated. */
final class EmbedJson {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private EmbedJson() { }

  /** Serialises {@code value} to UTF-8 bytes with a trailing newline. */
  static byte[] bytes(Object value) {
    try {
      String s = MAPPER.writeValueAsString(value) + "\n";
      return s.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads {@code file} as {@code type}, with the file named in any error. */
  static <T> T read(Path file, Class<T> type) throws IOException {
    try {
      return MAPPER.readValue(file.toFile(), type);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new io.llmesr.data.DataFormatException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          null, "malformed manifest: " + e.getOriginalMessage(), e);
    }
  }

  /** The version string recorded in manifests. */
  static String createdBy() {
    return "llmesr 0.1.0";
  }
}
