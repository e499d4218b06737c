package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers one fully read request for {@link FakeGeminiProvider}: the key check, routing on
 * {@code /{v1beta|v1}/models/{model}:{method}}, the body checks, the model-name knobs, then the method. Runs on the
 * request's event loop.
 */
final class FakeGeminiRoutes {
  private static final Pattern METHOD = Pattern.compile("^/(v1beta|v1)/models/(.+):([A-Za-z]+)$");
  private static final Pattern MODEL = Pattern.compile("^/(v1beta|v1)/models(?:/([^:]+))?$");

  private final Vertx vertx;
  private final Supplier<String> apiKey;
  private final FakeStreamWriter.Counters streams;
  private final FakeFaults faults;

  FakeGeminiRoutes(Vertx vertx, Supplier<String> apiKey, FakeStreamWriter.Counters streams, FakeFaults faults) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.streams = streams;
    this.faults = faults;
  }

  /** Where a call goes: the API version, the model as the URL names it, and the method after the colon. */
  private record Call(String apiVersion, String model, String method) {}

  void route(HttpServerRequest req, String body) {
    String expected = apiKey.get();
    String presented = req.getHeader("x-goog-api-key") != null ? req.getHeader("x-goog-api-key") : req.getParam("key");
    if (expected != null && !expected.equals(presented)) {
      // Google: no key at all is 403 PERMISSION_DENIED; a wrong one 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
      send(req, presented == null ? 403 : 400, presented == null ? FakeGeminiErrors.missingKey()
          : FakeGeminiErrors.invalidKey());
      return;
    }
    Matcher method = METHOD.matcher(req.path());
    Matcher model = MODEL.matcher(req.path());
    if (req.method().name().equals("POST") && method.matches()) {
      Call call = new Call(method.group(1), decode(method.group(2)), method.group(3));
      switch (call.method()) {
        case "generateContent", "streamGenerateContent" -> withModel(req, body, call, this::generate);
        case "countTokens" -> withModel(req, body, call,
            (r, json, c, knobs) -> send(r, 200, FakeGeminiCatalog.countTokens(json)));
        case "batchEmbedContents" -> withModel(req, body, call, this::embeddings);
        default -> send(req, 404, FakeGeminiErrors.notFound());
      }
    } else if (req.method().name().equals("GET") && model.matches()) {
      send(req, 200, model.group(2) == null ? FakeGeminiCatalog.models()
          : FakeGeminiCatalog.model(decode(model.group(2)), 1_048_576, 65_536, "generateContent", "countTokens"));
    } else {
      send(req, 404, FakeGeminiErrors.notFound());
    }
  }

  private interface Method {
    void answer(HttpServerRequest req, JsonNode json, Call call, FakeModelName knobs);
  }

  /** Body checks first; then the request counts for its model, a forced failure answers, then the knobs. */
  private void withModel(HttpServerRequest req, String body, Call call, Method method) {
    JsonNode json;
    try {
      json = WireFixtures.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      send(req, 400, FakeGeminiErrors.invalidArgument("Invalid JSON payload received. Unexpected token."));
      return;
    }
    boolean generates = call.method().equals("generateContent") || call.method().equals("streamGenerateContent");
    if (generates && (!json.path("contents").isArray() || json.get("contents").isEmpty())) {
      send(req, 400, FakeGeminiErrors.invalidArgument(
          "* GenerateContentRequest.contents: contents is not specified\n"));
      return;
    }
    int ordinal = faults.arrive(call.model());
    FakeModelName knobs = FakeModelName.parse(call.model());
    JsonNode request = json;
    boolean sse = call.method().equals("streamGenerateContent") && "sse".equals(req.getParam("alt"));
    faults.dispatch(vertx, req, ordinal, knobs, status -> sendError(req, status, call, knobs), () -> {
      if (knobs.contextLength()) {
        send(req, 400, FakeGeminiErrors.contextLengthExceeded());
      } else if ((knobs.inbandError() || knobs.midstreamErrorAfter() >= 0) && !sse) {
        sendError(req, 500, call, knobs);
      } else if (knobs.wrongContentType()) {
        FakeFaults.sendWrongContentType(req);
      } else {
        method.answer(req, request, call, knobs);
      }
    });
  }

  private void generate(HttpServerRequest req, JsonNode json, Call call, FakeModelName knobs) {
    FakeGeminiReply reply = FakeGeminiReply.from(json, call.model(), knobs);
    if (call.method().equals("generateContent")) {
      sendAnswer(req, Buffer.buffer(WireFixtures.write(knobs.emptyStream()
          ? FakeGeminiResponder.noCandidates(reply) : FakeGeminiResponder.unary(reply))), knobs);
    } else if ("sse".equals(req.getParam("alt"))) {
      FakeGeminiStreamWriter.start(vertx, req.response(), FakeGeminiResponder.chunks(reply), knobs, streams);
    } else {
      // Without alt=sse the same chunks come as one JSON array (written whole here: no stream faults apply).
      String array = "[" + String.join(",\r\n", FakeGeminiResponder.chunks(reply).payloads()) + "]";
      sendAnswer(req, Buffer.buffer(array), knobs);
    }
  }

  private void embeddings(HttpServerRequest req, JsonNode json, Call call, FakeModelName knobs) {
    ObjectNode body = FakeGeminiCatalog.embeddings(json, call.model());
    if (body == null) {
      send(req, 400, FakeGeminiErrors.invalidArgument("* BatchEmbedContentsRequest.requests: every request needs"
          + " content and the model of the URL, models/" + call.model() + "\n"));
      return;
    }
    sendAnswer(req, Buffer.buffer(WireFixtures.write(body)), knobs);
  }

  /** An error status with Google's body; a 429 says how long to wait in its RetryInfo and in Retry-After. */
  private static void sendError(HttpServerRequest req, int status, Call call, FakeModelName knobs) {
    if (status == 429) {
      // Google's own channel is the RetryInfo detail; the header is for clients that read only headers.
      req.response().putHeader("retry-after", String.valueOf(knobs.retryAfterSeconds()));
    }
    send(req, status, FakeGeminiErrors.forStatus(status, call.model(), call.apiVersion(), call.method(),
        knobs.retryAfterMillis()));
  }

  /** A 200 JSON answer with the {@code truncate} / {@code die-after} and {@code malformed} faults applied. */
  private static void sendAnswer(HttpServerRequest req, Buffer bytes, FakeModelName knobs) {
    FakeFaults.endAnswer(jsonResponse(req, 200), bytes, knobs);
  }

  private static void send(HttpServerRequest req, int status, ObjectNode body) {
    jsonResponse(req, status).end(WireFixtures.write(body));
  }

  private static HttpServerResponse jsonResponse(HttpServerRequest req, int status) {
    return req.response().setStatusCode(status).putHeader("content-type", "application/json; charset=UTF-8");
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
