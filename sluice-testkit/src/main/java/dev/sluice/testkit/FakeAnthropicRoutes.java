package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Answers one fully read request for {@link FakeAnthropicProvider}: the key, the version header, routing, the body
 * checks ({@link FakeAnthropicValidation}), the model-name knobs, then the endpoint. Runs on the request's event
 * loop.
 */
final class FakeAnthropicRoutes {
  /** The versions upstream accepts today; any other value is a 400, as is a missing header. */
  /** API versions are dates; newer SDKs send newer ones than the two documented, so any date from 2023 on is taken. */
  static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("20(2[3-9]|[3-9][0-9])-[01][0-9]-[0-3][0-9]");
  /** {id, display_name, created_at} for {@code GET /v1/models}. */
  private static final List<List<String>> MODELS = List.of(
      List.of("claude-opus-4-1-20250805", "Claude Opus 4.1", "2025-08-05T00:00:00Z"),
      List.of("claude-sonnet-4-20250514", "Claude Sonnet 4", "2025-05-22T00:00:00Z"),
      List.of("claude-3-5-haiku-20241022", "Claude Haiku 3.5", "2024-10-22T00:00:00Z"));

  private final Vertx vertx;
  private final Supplier<String> apiKey;
  private final FakeStreamWriter.Counters streams;
  private final FakeFaults faults;
  private final FakeAnthropicPromptCache cache;

  FakeAnthropicRoutes(Vertx vertx, Supplier<String> apiKey, FakeStreamWriter.Counters streams, FakeFaults faults,
      FakeAnthropicPromptCache cache) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.streams = streams;
    this.faults = faults;
    this.cache = cache;
  }

  void route(HttpServerRequest req, String body) {
    String expected = apiKey.get();
    String key = req.getHeader("x-api-key");
    if (expected != null && !expected.equals(key)) {
      send(req, 401, key == null ? FakeAnthropicErrors.missingKey() : FakeAnthropicErrors.invalidKey());
      return;
    }
    String version = req.getHeader("anthropic-version");
    if (version == null) {
      send(req, 400, FakeAnthropicErrors.invalidRequest("anthropic-version: header is required"));
      return;
    }
    if (!VERSION.matcher(version).matches()) {
      send(req, 400, FakeAnthropicErrors.invalidRequest("anthropic-version: \"" + version + "\" is not a valid version"));
      return;
    }
    switch (req.method().name() + " " + req.path()) {
      case "POST /v1/messages" -> withModel(req, body, /* countTokens= */ false);
      case "POST /v1/messages/count_tokens" -> withModel(req, body, /* countTokens= */ true);
      case "GET /v1/models" -> send(req, 200, models());
      default -> send(req, 404, FakeAnthropicErrors.of("not_found_error", "Not Found"));
    }
  }

  /**
   * Body checks first (a rejected body is not counted for its model); then the request is counted and a queued
   * {@link FakeAnthropicProvider#failNext} failure answers at once; then the knobs, then the endpoint.
   */
  private void withModel(HttpServerRequest req, String body, boolean countTokens) {
    JsonNode json;
    try {
      json = WireFixtures.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      // Our wording: the body is not JSON at all, so no field path can be named.
      send(req, 400, FakeAnthropicErrors.invalidRequest("invalid request: the request body is not valid JSON"));
      return;
    }
    String problem = FakeAnthropicValidation.problem(json, countTokens);
    if (problem != null) {
      send(req, 400, FakeAnthropicErrors.invalidRequest(problem));
      return;
    }
    String model = json.get("model").asText();
    int ordinal = faults.arrive(model);
    FakeModelName knobs = FakeModelName.parse(model);
    JsonNode request = json;
    boolean stream = !countTokens && json.path("stream").asBoolean(false);
    faults.dispatch(vertx, req, ordinal, knobs, status -> sendError(req, status, knobs), () -> {
      if (countTokens) {
        // Counting is how a client checks a prompt's size, so context-length does not apply to it.
        send(req, 200, WireFixtures.JSON.createObjectNode().put("input_tokens", FakeAnthropicPrompt.of(request).tokens()));
      } else if (knobs.contextLength()) {
        send(req, 400, FakeAnthropicErrors.promptTooLong());
      } else if ((knobs.inbandError() || knobs.midstreamErrorAfter() >= 0) && !stream) {
        sendError(req, 529, knobs); // no stream to carry the overloaded_error event: fail as upstream does
      } else if (knobs.wrongContentType()) {
        FakeFaults.sendWrongContentType(req);
      } else {
        messages(req, request, knobs, stream);
      }
    });
  }

  private void messages(HttpServerRequest req, JsonNode json, FakeModelName knobs, boolean stream) {
    FakeAnthropicReply reply = FakeAnthropicReply.from(json, knobs);
    FakeAnthropicPromptCache.Usage usage = cache.answer(reply.model(), FakeAnthropicPrompt.of(json));
    if (stream) {
      FakeAnthropicStreamWriter.start(vertx, req.response(), knobs.emptyStream()
          ? FakeAnthropicResponder.emptyEvents(reply, usage)
          : FakeAnthropicResponder.events(reply, usage), knobs, streams);
    } else if (knobs.emptyStream()) {
      sendAnswer(req, FakeAnthropicResponder.emptyMessage(reply, usage), knobs);
    } else {
      sendAnswer(req, FakeAnthropicResponder.message(reply, usage), knobs);
    }
  }

  /**
   * An error status with its Anthropic body. A 429 carries {@code retry-after} in whole seconds; with a
   * {@code retry-after-<ms>} knob also {@code retry-after-ms} (upstream does not send that one, but the official
   * SDKs read it, and it keeps retry tests short).
   */
  private static void sendError(HttpServerRequest req, int status, FakeModelName knobs) {
    if (status == 429) {
      req.response().putHeader("retry-after", String.valueOf(knobs.retryAfterSeconds()));
      if (knobs.retryAfterMillis() != FakeModelName.DEFAULT_RETRY_AFTER_MILLIS) {
        req.response().putHeader("retry-after-ms", String.valueOf(knobs.retryAfterMillis()));
      }
    }
    send(req, status, FakeAnthropicErrors.forStatus(status, knobs.name()));
  }

  private static ObjectNode models() {
    ObjectNode list = WireFixtures.JSON.createObjectNode();
    ArrayNode data = list.putArray("data");
    for (List<String> model : MODELS) {
      data.addObject().put("type", "model").put("id", model.get(0)).put("display_name", model.get(1))
          .put("created_at", model.get(2));
    }
    return list.put("has_more", false).put("first_id", MODELS.get(0).get(0))
        .put("last_id", MODELS.get(MODELS.size() - 1).get(0));
  }

  /** A unary 200 answer, with the {@code truncate} (and {@code die-after}) and {@code malformed} faults applied. */
  private static void sendAnswer(HttpServerRequest req, ObjectNode body, FakeModelName knobs) {
    Buffer bytes = Buffer.buffer(WireFixtures.write(body));
    FakeFaults.endAnswer(jsonResponse(req, 200, FakeAnthropicErrors.requestId()), bytes, knobs);
  }

  /** A JSON answer; an error body's {@code request_id} is also its {@code request-id} header, as upstream's. */
  private static void send(HttpServerRequest req, int status, ObjectNode body) {
    String requestId = body.path("request_id").asText(FakeAnthropicErrors.requestId());
    HttpServerResponse response = jsonResponse(req, status, requestId);
    if (status >= 400) {
      // Upstream's hint to its SDKs; they retry 408, 409, 429 and 5xx without it, and obey it when present.
      response.putHeader("x-should-retry", String.valueOf(status == 429 || status >= 500));
    }
    response.end(WireFixtures.write(body));
  }

  private static HttpServerResponse jsonResponse(HttpServerRequest req, int status, String requestId) {
    return req.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("request-id", requestId);
  }
}
