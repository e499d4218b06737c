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
import java.util.function.Supplier;

/**
 * Answers one fully read request for {@link FakeOpenAiProvider}: auth, routing, the checks upstream makes on the body,
 * the model-name knobs that apply to every endpoint, then the endpoint. Runs on the request's event loop.
 */
final class FakeOpenAiRoutes {
  private static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o", "text-embedding-3-small");

  private final Vertx vertx;
  private final Supplier<String> apiKey;
  private final FakeStreamWriter.Counters streams;
  private final FakeFaults faults;

  FakeOpenAiRoutes(Vertx vertx, Supplier<String> apiKey, FakeStreamWriter.Counters streams, FakeFaults faults) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.streams = streams;
    this.faults = faults;
  }

  void route(HttpServerRequest req, String body) {
    String expected = apiKey.get();
    String authorization = req.getHeader("authorization");
    if (expected != null && !("Bearer " + expected).equals(authorization)) {
      send(req, 401, authorization == null
          ? FakeErrors.missingKey()
          : FakeErrors.invalidKey(authorization.replaceFirst("^Bearer\\s+", "")));
      return;
    }
    String route = req.method().name() + " " + req.path();
    switch (route) {
      case "POST /v1/chat/completions" -> withModel(req, body, this::chat);
      case "POST /v1/embeddings" -> withModel(req, body, this::embeddings);
      case "GET /v1/models" -> send(req, 200, models());
      default -> send(req, 404, FakeErrors.invalidRequest("Invalid URL (" + route + ")"));
    }
  }

  private interface Endpoint {
    void answer(HttpServerRequest req, JsonNode json, FakeModelName knobs);
  }

  /**
   * Body checks upstream makes first; then the request is counted for its model and a queued
   * {@link FakeOpenAiProvider#failNext} failure answers at once; then the knobs that apply to every endpoint, then
   * the endpoint itself.
   */
  private void withModel(HttpServerRequest req, String body, Endpoint endpoint) {
    JsonNode json;
    try {
      json = WireFixtures.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      send(req, 400, FakeErrors.invalidRequest("We could not parse the JSON body of your request. (HINT: This likely"
          + " means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was"
          + " sent was not valid JSON.)"));
      return;
    }
    if (!json.path("model").isTextual() || json.path("model").asText().isEmpty()) {
      send(req, 400, FakeErrors.invalidRequest("you must provide a model parameter"));
      return;
    }
    String model = json.get("model").asText();
    int ordinal = faults.arrive(model);
    FakeModelName knobs = FakeModelName.parse(model);
    JsonNode request = json;
    boolean stream = json.path("stream").asBoolean(false);
    faults.dispatch(vertx, req, ordinal, knobs, status -> sendError(req, status, knobs), () -> {
      if (knobs.contextLength()) {
        send(req, 400, FakeErrors.contextLengthExceeded());
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
    FakeChatReply reply = FakeChatReply.from(json, knobs);
    FakeResponseFaults shape = FakeResponseFaults.parse(reply.model());
    if (json.path("stream").asBoolean(false)) {
      boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
      List<String> payloads = FakeChatResponder.chunks(reply, includeUsage);
      if (shape.longLineKiB() > 0 && payloads.size() > 1) {
        payloads = FakeChatResponder.withContent(payloads, 1, shape.longContent());
      }
      FakeStreamWriter.start(vertx, req.response(), payloads, reply.pieces().size(), knobs, streams);
    } else if (shape.shapesUnary()) {
      ObjectNode body = FakeChatResponder.completion(reply);
      ((ObjectNode) body.at("/choices/0/message")).put("content", FakeResponseFaults.MARK);
      shape.sendUnary(req.response(), WireFixtures.write(body));
    } else if (knobs.emptyStream()) {
      sendAnswer(req, FakeChatResponder.emptyCompletion(reply), knobs);
    } else {
      sendAnswer(req, FakeChatResponder.completion(reply), knobs);
    }
  }

  private void embeddings(HttpServerRequest req, JsonNode json, FakeModelName knobs) {
    List<String> inputs = FakeEmbeddings.inputs(json);
    if (inputs == null) {
      send(req, 400, FakeErrors.invalidRequest("'$.input' is invalid. Please check the API reference:"
          + " https://platform.openai.com/docs/api-reference."));
      return;
    }
    sendAnswer(req, FakeEmbeddings.body(json, inputs), knobs);
  }

  /** An error status with its OpenAI body; a 429 carries the wait from {@code retry-after-<ms>} (default 1 s). */
  private static void sendError(HttpServerRequest req, int status, FakeModelName knobs) {
    if (status == 429) {
      // Upstream sends both; clients differ in which one they read (the OpenAI SDKs prefer retry-after-ms).
      req.response()
          .putHeader("retry-after", String.valueOf(knobs.retryAfterSeconds()))
          .putHeader("retry-after-ms", String.valueOf(knobs.retryAfterMillis()));
    }
    send(req, status, FakeErrors.forStatus(status, knobs.name()));
  }

  private static ObjectNode models() {
    ObjectNode list = WireFixtures.JSON.createObjectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    for (String id : MODELS) {
      data.addObject().put("id", id).put("object", "model").put("created", 1_715_367_049L).put("owned_by", "sluice-fake");
    }
    return list;
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
