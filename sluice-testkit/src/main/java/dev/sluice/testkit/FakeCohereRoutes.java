package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Supplier;

/**
 * Answers one fully read request for {@link FakeCohereProvider}: auth, routing, the body checks, the model-name knobs
 * that apply to every endpoint, then the endpoint. Runs on the request's event loop.
 */
final class FakeCohereRoutes {
  private final Vertx vertx;
  private final Supplier<String> apiKey;
  private final FakeStreamWriter.Counters streams;
  private final FakeFaults faults;

  FakeCohereRoutes(Vertx vertx, Supplier<String> apiKey, FakeStreamWriter.Counters streams, FakeFaults faults) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.streams = streams;
    this.faults = faults;
  }

  void route(HttpServerRequest req, String body) {
    String expected = apiKey.get();
    String authorization = req.getHeader("authorization");
    if (expected != null && !("Bearer " + expected).equals(authorization)) {
      send(req, 401, authorization == null ? FakeCohereErrors.noApiKey() : FakeCohereErrors.invalidToken());
      return;
    }
    String route = req.method().name() + " " + req.path();
    switch (route) {
      case "POST /v2/chat" -> withModel(req, body, this::chat);
      case "POST /v2/embed" -> withModel(req, body, this::embed);
      default -> send(req, 404, FakeCohereErrors.of("invalid url at " + req.path()));
    }
  }

  private interface Endpoint {
    void answer(HttpServerRequest req, JsonNode json, FakeModelName knobs);
  }

  /** As {@code FakeOpenAiRoutes.withModel}: body checks, counting, forced failures, then the shared knobs. */
  private void withModel(HttpServerRequest req, String body, Endpoint endpoint) {
    JsonNode json;
    try {
      json = WireFixtures.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      send(req, 400, FakeCohereErrors.invalidRequest("could not parse the request body as JSON"));
      return;
    }
    if (!json.path("model").isTextual() || json.path("model").asText().isEmpty()) {
      send(req, 400, FakeCohereErrors.of("a model parameter is required for this endpoint."));
      return;
    }
    String model = json.get("model").asText();
    int ordinal = faults.arrive(model);
    FakeModelName knobs = FakeModelName.parse(model);
    JsonNode request = json;
    boolean stream = json.path("stream").asBoolean(false);
    faults.dispatch(vertx, req, ordinal, knobs, status -> sendError(req, status, knobs), () -> {
      if (knobs.contextLength()) {
        send(req, 400, FakeCohereErrors.contextLength());
      } else if ((knobs.inbandError() || knobs.midstreamErrorAfter() >= 0) && !stream) {
        sendError(req, 500, knobs); // no stream to carry the error in: fail as upstream does before a body
      } else if (knobs.wrongContentType()) {
        FakeFaults.sendWrongContentType(req);
      } else {
        endpoint.answer(req, request, knobs);
      }
    });
  }

  private void chat(HttpServerRequest req, JsonNode json, FakeModelName knobs) {
    if (!json.path("messages").isArray() || json.get("messages").isEmpty()) {
      send(req, 400, FakeCohereErrors.invalidRequest("messages must not be empty"));
      return;
    }
    FakeCohereReply reply = FakeCohereReply.from(json, knobs);
    if (json.path("stream").asBoolean(false)) {
      FakeCohereStreamWriter.start(vertx, req.response(), FakeCohereResponder.stream(reply), knobs, streams);
    } else {
      sendAnswer(req, FakeCohereResponder.unary(reply, knobs.emptyStream()), knobs);
    }
  }

  private void embed(HttpServerRequest req, JsonNode json, FakeModelName knobs) {
    String problem = FakeCohereEmbeddings.problem(json);
    if (problem != null) {
      send(req, 400, FakeCohereErrors.of(problem));
      return;
    }
    sendAnswer(req, FakeCohereEmbeddings.body(json), knobs);
  }

  /**
   * An error status with its Cohere body. Cohere documents no retry header; a 429 carries the standard
   * {@code Retry-After} (whole seconds, from {@code retry-after-<ms>}, default 1) so retry paths can be tested.
   */
  private static void sendError(HttpServerRequest req, int status, FakeModelName knobs) {
    if (status == 429) {
      req.response().putHeader("retry-after", String.valueOf(knobs.retryAfterSeconds()));
    }
    send(req, status, FakeCohereErrors.forStatus(status, knobs.name()));
  }

  /** A unary 200 answer, with the {@code truncate} (and {@code die-after}) and {@code malformed} faults applied. */
  private static void sendAnswer(HttpServerRequest req, ObjectNode body, FakeModelName knobs) {
    Buffer bytes = Buffer.buffer(WireFixtures.write(body));
    FakeFaults.endAnswer(jsonResponse(req, 200), bytes, knobs);
  }

  private static void send(HttpServerRequest req, int status, ObjectNode body) {
    jsonResponse(req, status).end(WireFixtures.write(body));
  }

  private static HttpServerResponse jsonResponse(HttpServerRequest req, int status) {
    return req.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("x-request-id", "req_fake_" + Long.toHexString(System.nanoTime()));
  }
}
