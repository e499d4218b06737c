package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Raw calls to the gateway in each caller dialect (OpenAI chat, Anthropic messages, OpenAI Responses), with
 * the dialect's own auth headers, bodies, answer text and error shapes, and SSE read as named events. Every
 * response that passes through here is checked for the providers' credentials: none may appear in any
 * header or body a client sees.
 */
final class DialectWire {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final String key;
  private final List<String> secrets;

  DialectWire(String baseUrl, String key, List<String> secrets) {
    this.baseUrl = baseUrl;
    this.key = key;
    this.secrets = List.copyOf(secrets);
  }

  /** A caller dialect: its route, its request body, where its answer's text is, and its error shapes. */
  enum Dialect {
    OPENAI("/v1/chat/completions"),
    ANTHROPIC("/v1/messages"),
    RESPONSES("/v1/responses");

    final String path;

    Dialect(String path) {
      this.path = path;
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT); // also a model-name token: keep it lower case
    }

    String body(String model, String prompt, boolean stream) {
      String m = quote(model);
      String p = quote(prompt);
      return switch (this) {
        case OPENAI -> "{\"model\":" + m + ",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
            + p + "}]}";
        case ANTHROPIC -> "{\"model\":" + m + ",\"max_tokens\":256,\"stream\":" + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":" + p + "}]}";
        case RESPONSES -> "{\"model\":" + m + ",\"stream\":" + stream + ",\"input\":" + p + "}";
      };
    }

    /** The auth headers this dialect's SDK sends (Anthropic's SDK: {@code x-api-key} and a version). */
    Map<String, String> auth(String key) {
      return this == ANTHROPIC ? Map.of("x-api-key", key, "anthropic-version", "2023-06-01")
          : Map.of("authorization", "Bearer " + key);
    }

    /** The answer's text in a unary response. */
    String text(JsonNode body) {
      StringBuilder out = new StringBuilder();
      switch (this) {
        case OPENAI -> out.append(body.at("/choices/0/message/content").asText(""));
        case ANTHROPIC -> body.path("content").forEach(b -> out.append(b.path("text").asText("")));
        case RESPONSES -> body.path("output").forEach(item -> item.path("content")
            .forEach(c -> out.append("output_text".equals(c.path("type").asText()) ? c.path("text").asText("") : "")));
      }
      return out.toString();
    }

    /** The answer's text in a stream. */
    String text(List<Event> events) {
      StringBuilder out = new StringBuilder();
      for (Event e : events) {
        JsonNode data = e.json();
        if (data == null) {
          continue;
        }
        switch (this) {
          case OPENAI -> out.append(data.at("/choices/0/delta/content").asText(""));
          case ANTHROPIC -> {
            if ("content_block_delta".equals(e.name())) {
              out.append(data.at("/delta/text").asText(""));
            }
          }
          case RESPONSES -> {
            if ("response.output_text.delta".equals(e.name())) {
              out.append(data.path("delta").asText(""));
            }
          }
        }
      }
      return out.toString();
    }

    /** True for an event carrying a piece of the answer's text. */
    boolean isContent(Event e) {
      return switch (this) {
        case OPENAI -> e.json() != null && !e.json().at("/choices/0/delta/content").asText("").isEmpty();
        case ANTHROPIC -> "content_block_delta".equals(e.name());
        case RESPONSES -> "response.output_text.delta".equals(e.name());
      };
    }

    /**
     * Asserts the dialect's error object: OpenAI's {@code {"error":{message,type,param,code}}} (also the
     * Responses API's), or Anthropic's {@code {"type":"error","error":{type,message}}}.
     *
     * @param openAiType the expected OpenAI {@code error.type}
     * @param anthropicType the expected Anthropic {@code error.type}
     * @return the error's message
     */
    String assertErrorBody(String body, String openAiType, String anthropicType) {
      JsonNode json = parse(body);
      if (this == ANTHROPIC) {
        assertThat(json.path("type").asText()).as(body).isEqualTo("error");
        assertThat(json.at("/error/type").asText()).as(body).isEqualTo(anthropicType);
        assertThat(json.at("/error/message").asText()).as(body).isNotBlank();
        assertThat(json.path("error").fieldNames()).toIterable().as(body).containsExactlyInAnyOrder("type", "message");
      } else {
        JsonNode error = json.path("error");
        assertThat(error.isObject()).as(body).isTrue();
        assertThat(error.fieldNames()).toIterable().as(body).containsExactlyInAnyOrder("message", "type", "param",
            "code");
        assertThat(error.path("type").asText()).as(body).isEqualTo(openAiType);
        assertThat(error.path("message").asText()).as(body).isNotBlank();
        assertThat(json.has("type")).as("no Anthropic envelope: " + body).isFalse();
      }
      return json.at("/error/message").asText();
    }

    /**
     * Asserts that a stream that had started ends with this dialect's in-band error and not with a normal
     * end: OpenAI {@code data: {"error":...}} and no {@code [DONE]}; Anthropic {@code event: error} and no
     * {@code message_stop}; Responses an {@code error} event then {@code response.failed}, no
     * {@code response.completed}.
     */
    void assertEndsWithInBandError(Stream stream) {
      List<Event> events = stream.events();
      assertThat(events).as(stream.raw()).isNotEmpty();
      Event last = events.get(events.size() - 1);
      switch (this) {
        case OPENAI -> {
          assertThat(last.name()).as(stream.raw()).isNull();
          assertThat(last.json().at("/error/message").asText()).as(stream.raw()).isNotBlank();
          assertThat(last.json().at("/error/type").asText()).as(stream.raw()).isNotBlank();
          assertThat(stream.raw()).doesNotContain("[DONE]");
        }
        case ANTHROPIC -> {
          assertThat(last.name()).as(stream.raw()).isEqualTo("error");
          assertThat(last.json().path("type").asText()).isEqualTo("error");
          assertThat(last.json().at("/error/type").asText()).as(stream.raw()).isNotBlank();
          assertThat(last.json().at("/error/message").asText()).as(stream.raw()).isNotBlank();
          assertThat(stream.names()).as(stream.raw()).doesNotContain("message_stop").containsOnlyOnce("error");
        }
        case RESPONSES -> {
          assertThat(last.name()).as(stream.raw()).isEqualTo("response.failed");
          assertThat(stream.names()).as(stream.raw()).contains("error").doesNotContain("response.completed");
          // One response: a second response.created would be a second (phantom) response in the same stream.
          assertThat(stream.names()).as(stream.raw()).containsOnlyOnce("response.created", "response.failed", "error");
          String created = stream.first("response.created").json().at("/response/id").asText();
          assertThat(last.json().at("/response/id").asText()).as(stream.raw()).isEqualTo(created);
        }
      }
    }
  }

  /** No error event of any dialect in the stream (a top-level {@code error} member or {@code event: error}). */
  static void assertNoErrorEvent(Stream stream) {
    for (Event e : stream.events()) {
      assertThat(e.name()).as(stream.raw()).isNotIn("error", "response.failed");
      JsonNode json = e.json();
      assertThat(json != null && (json.hasNonNull("error") || "error".equals(json.path("type").asText(""))))
          .as(stream.raw()).isFalse();
    }
  }

  /** One SSE event as the client got it: its {@code event:} name (null when none) and its data lines joined. */
  record Event(String name, String data) {
    JsonNode json() {
      if (data == null || data.isEmpty() || data.equals("[DONE]")) {
        return null;
      }
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** A whole streamed response: status, headers, the raw body and its events (comments left out). */
  record Stream(HttpResponse<?> response, String raw, List<Event> events) {
    List<String> names() {
      return events.stream().map(Event::name).toList();
    }

    Event first(String name) {
      return events.stream().filter(e -> name.equals(e.name())).findFirst()
          .orElseThrow(() -> new AssertionError("no event " + name + " in " + raw));
    }

    String requestId() {
      return response.headers().firstValue("x-request-id").orElseThrow();
    }
  }

  HttpResponse<String> post(Dialect dialect, String body) {
    return post(dialect.path, body, dialect.auth(key));
  }

  HttpResponse<String> post(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  /** {@link #post(Dialect, String)} without waiting, for faults that take a deadline to show. */
  CompletableFuture<Timed> postAsync(Dialect dialect, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + dialect.path)).timeout(TIMEOUT)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    dialect.auth(key).forEach(request::header);
    long start = System.nanoTime();
    return Http.CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertNoSecrets(response, response.body());
      return new Timed(response, millis);
    });
  }

  /** A response and how long it took. */
  record Timed(HttpResponse<String> response, long millis) {}

  HttpResponse<String> send(HttpRequest request) {
    HttpResponse<String> response = Http.send(request);
    assertNoSecrets(response, response.body());
    return response;
  }

  Stream stream(Dialect dialect, String body) {
    return stream(dialect.path, body, dialect.auth(key));
  }

  /** Posts and reads the whole SSE body (or error body) as events. */
  Stream stream(String path, String body, Map<String, String> headers) {
    return streamUntil(path, body, headers, e -> false, Integer.MAX_VALUE);
  }

  /**
   * Posts and reads events until {@code count} of them matched {@code stop}, then closes the connection
   * (a client that goes away mid-stream); or to the end, when fewer match.
   */
  Stream streamUntil(String path, String body, Map<String, String> headers, Predicate<Event> stop, int count) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(builder::header);
    try {
      HttpResponse<InputStream> response = Http.CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      StringBuilder raw = new StringBuilder();
      List<Event> events = new ArrayList<>();
      int matched = 0;
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
          raw.append(line).append('\n');
          if (line.isEmpty()) {
            Event event = name != null || data != null ? new Event(name, data == null ? null : data.toString()) : null;
            name = null;
            data = null;
            if (event != null) {
              events.add(event);
              if (stop.test(event) && ++matched >= count) {
                break; // closing the stream now hangs up on the gateway mid-stream
              }
            }
          } else if (line.startsWith(":")) {
            continue; // a comment (keep-alive)
          } else if (line.startsWith("event:")) {
            name = line.substring(6).strip();
          } else if (line.startsWith("data:")) {
            String piece = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
            data = data == null ? new StringBuilder(piece) : data.append('\n').append(piece);
          } else {
            data = data == null ? new StringBuilder(line) : data.append('\n').append(line); // a JSON error body
          }
        }
        if (name != null || data != null) {
          events.add(new Event(name, data == null ? null : data.toString()));
        }
      }
      assertNoSecrets(response, raw.toString());
      return new Stream(response, raw.toString(), events);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A whole SSE body read at once (from a call that did not stream it event by event). */
  static Stream parseSse(HttpResponse<?> response, String raw) {
    List<Event> events = new ArrayList<>();
    for (String block : raw.replace("\r\n", "\n").split("\n\n")) {
      String name = null;
      StringBuilder data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          String piece = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
          data = data == null ? new StringBuilder(piece) : data.append('\n').append(piece);
        }
      }
      if (name != null || data != null) {
        events.add(new Event(name, data == null ? null : data.toString()));
      }
    }
    return new Stream(response, raw, events);
  }

  /** No provider credential in any header or the body. */
  void assertNoSecrets(HttpResponse<?> response, String body) {
    for (String secret : secrets) {
      assertThat(body).as("response body leaks a provider credential").doesNotContain(secret);
      response.headers().map().forEach((name, values) -> {
        assertThat(name).doesNotContain(secret);
        for (String value : values) {
          assertThat(value).as("header " + name + " leaks a provider credential").doesNotContain(secret);
        }
      });
    }
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
