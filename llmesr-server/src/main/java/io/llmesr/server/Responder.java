package io.llmesr.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import io.llmesr.recommend.wire.RecommendationJson;
import java.io.UncheckedIOException;

/** Writes JSON answers and JSON errors; owns the server's Jackson mapper (snake_case field names). */
final class Responder {
  static final String JSON = "application/json; charset=utf-8";

  private final ObjectMapper mapper = RecommendationJson.MAPPER.copy()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  ObjectMapper mapper() {
    return mapper;
  }

  void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  void error(Context ctx, int status, String field, String message) {
    json(ctx, status, new Wire.ErrorJson(message, field));
  }
}
