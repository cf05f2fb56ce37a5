package io.llmesr.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A JDK {@link HttpClient} aimed at a server on loopback, with JSON helpers for the tests. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String base;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  HttpResponse<String> post(String path, String body) {
    return post(path, "application/json", body);
  }

  HttpResponse<String> post(String path, String contentType, String body) {
    return send(postRequest(path, contentType, body));
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return client.sendAsync(postRequest(path, "application/json", body), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest postRequest(String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) b.header("Content-Type", contentType);
    return b.build();
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (status " + r.statusCode() + "): " + r.body(), e);
    }
  }
}
