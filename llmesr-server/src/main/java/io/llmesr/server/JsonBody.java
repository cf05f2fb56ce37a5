package io.llmesr.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a request body as a JSON object: the Content-Type must be JSON (else 415), the body at most
 * {@code maxBytes} long (else 413, checked against Content-Length first and while reading, so a chunked body is
 * bounded too) and one well-formed JSON object (else 400).
 */
final class JsonBody {
  private final ObjectMapper mapper;
  private final long maxBytes;

  JsonBody(ObjectMapper mapper, long maxBytes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  /** The body as a JSON object. */
  ObjectNode read(Context ctx) {
    checkMediaType(ctx.header("Content-Type"));
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) throw tooLarge();
    byte[] bytes = readBounded(ctx);
    if (bytes.length == 0) throw new ApiException(400, null, "the request body is empty; expected a JSON object");
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (JacksonException e) {
      throw new ApiException(400, null, "malformed JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, null, "unreadable body: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(400, null, "the body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private static String where(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static void checkMediaType(String contentType) {
    String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
      throw new ApiException(415, null, "Content-Type must be application/json, was "
          + (contentType == null ? "missing" : "'" + contentType + "'"));
    }
  }

  private byte[] readBounded(Context ctx) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = ctx.req().getInputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + (long) n > maxBytes) throw tooLarge();
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new ApiException(400, null, "could not read the request body: " + e.getMessage());
    }
    return out.toByteArray();
  }

  private ApiException tooLarge() {
    return new ApiException(413, null, "the request body is larger than " + maxBytes + " bytes");
  }
}
