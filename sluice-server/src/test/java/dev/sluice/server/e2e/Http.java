package dev.sluice.server.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small raw-HTTP helpers for tests that must see exact statuses, headers and bytes. */
final class Http {
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  static HttpResponse<String> post(String url, String key, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  static HttpResponse<String> get(String url, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (key != null) {
      request.header("authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An SSE event as received, with the time it arrived (nanoTime). */
  record TimedEvent(String text, long arrivedNanos) {}

  /** Posts and reads the SSE body event by event (split on blank lines), timing each arrival. */
  static StreamResult stream(String url, String key, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
      List<TimedEvent> events = new ArrayList<>();
      StringBuilder raw = new StringBuilder();
      StringBuilder current = new StringBuilder();
      try (InputStream in = response.body()) {
        int b;
        while ((b = in.read()) != -1) {
          raw.append((char) b);
          current.append((char) b);
          int n = current.length();
          if (n >= 2 && current.charAt(n - 1) == '\n' && current.charAt(n - 2) == '\n') {
            events.add(new TimedEvent(new String(current.toString().getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8).trim(), System.nanoTime()));
            current.setLength(0);
          }
        }
      }
      return new StreamResult(response, events, raw.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record StreamResult(HttpResponse<InputStream> response, List<TimedEvent> events, String raw) {
    List<String> texts() {
      return events.stream().map(TimedEvent::text).toList();
    }
  }
}
