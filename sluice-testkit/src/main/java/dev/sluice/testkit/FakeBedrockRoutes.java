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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers one fully read request for {@link FakeBedrockProvider}: authentication (SigV4 verified exactly, or a
 * Bedrock API key as a bearer token), routing, the checks Converse makes on the body, the model-id knobs, then
 * Converse or ConverseStream. Runs on the request's event loop.
 */
final class FakeBedrockRoutes {
  private static final Pattern ROUTE = Pattern.compile("^/model/([^/]+)/(converse|converse-stream|invoke)$");

  /** What the routes read from the provider on each request (it may change between requests). */
  interface Settings {
    FakeBedrockSignatures.Credentials credentials();

    String apiKey();

    boolean checkSignatureAge();
  }

  private final Vertx vertx;
  private final Supplier<Settings> settings;
  private final FakeStreamWriter.Counters streams;
  private final FakeFaults faults;

  FakeBedrockRoutes(Vertx vertx, Supplier<Settings> settings, FakeStreamWriter.Counters streams, FakeFaults faults) {
    this.vertx = vertx;
    this.settings = settings;
    this.streams = streams;
    this.faults = faults;
  }

  static String requestId() {
    return UUID.randomUUID().toString();
  }

  void route(HttpServerRequest req, Buffer body) {
    FakeBedrockErrors authError = authenticate(req, body.getBytes());
    if (authError != null) {
      sendError(req, authError);
      return;
    }
    Matcher route = ROUTE.matcher(req.path());
    if (!route.matches() || !req.method().name().equals("POST")) {
      sendError(req, FakeBedrockErrors.of(404, "UnknownOperationException", "Unknown operation: "
          + req.method().name() + " " + req.path()));
      return;
    }
    String model;
    try {
      model = URLDecoder.decode(route.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      sendError(req, FakeBedrockErrors.validation("The provided model identifier is invalid."));
      return;
    }
    JsonNode json;
    try {
      json = WireFixtures.JSON.readTree(body.toString(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      sendError(req, FakeBedrockErrors.of(400, "SerializationException", "Could not parse the request body as JSON."));
      return;
    }
    if (route.group(2).equals("invoke")) {
      invoke(req, json, model);
      return;
    }
    String invalid = FakeBedrockValidation.problem(json);
    if (invalid != null) {
      sendError(req, FakeBedrockErrors.validation(invalid));
      return;
    }
    converse(req, json, model, route.group(2).equals("converse-stream"));
  }

  /** Null when the request may pass; a bearer token is a Bedrock API key, anything else must be SigV4. */
  private FakeBedrockErrors authenticate(HttpServerRequest req, byte[] body) {
    Settings now = settings.get();
    String authorization = req.getHeader("authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).strip().equals(now.apiKey()) ? null : FakeBedrockErrors.invalidApiKey();
    }
    return FakeBedrockSignatures.verify(req.method().name(), req.path(), req.query(),
        name -> header(req, name), body, now.credentials(), Instant.now(), now.checkSignatureAge());
  }

  private static String header(HttpServerRequest req, String name) {
    List<String> values = req.headers().getAll(name);
    return values.isEmpty() ? null : String.join(",", values);
  }

  /**
   * Counts the request for its model, then a queued {@code failNext} failure, then the knobs (read from the model
   * id with {@code :} and {@code .} as separators too, so {@code fake.model-error-429:0} works), then the answer.
   */
  private void converse(HttpServerRequest req, JsonNode request, String model, boolean stream) {
    int ordinal = faults.arrive(model);
    FakeModelName knobs = FakeModelName.parse(model.replace(':', '-').replace('.', '-'));
    IntConsumer fail = status -> sendError(req, FakeBedrockErrors.forStatus(status, model));
    faults.dispatch(vertx, req, ordinal, knobs, fail, () -> {
      if (knobs.contextLength()) {
        sendError(req, FakeBedrockErrors.contextLength());
      } else if ((knobs.inbandError() || knobs.midstreamErrorAfter() >= 0) && !stream) {
        sendError(req, FakeBedrockErrors.forStatus(500, model)); // no stream to carry it: fail before a body
      } else if (knobs.wrongContentType()) {
        FakeFaults.sendWrongContentType(req);
      } else {
        FakeBedrockReply reply = FakeBedrockReply.from(request, model, knobs);
        if (stream) {
          FakeBedrockStreamWriter.start(vertx, req.response(), FakeBedrockResponder.stream(reply, knobs.emptyStream()),
              knobs, streams);
        } else {
          sendAnswer(req, FakeBedrockResponder.converse(reply, knobs.emptyStream()), knobs);
        }
      }
    });
  }

  /** {@code InvokeModel}: embedding models only (the fake has no InvokeModel chat). */
  private void invoke(HttpServerRequest req, JsonNode request, String model) {
    faults.arrive(model);
    FakeModelName knobs = FakeModelName.parse(model.replace(':', '-').replace('.', '-'));
    if (knobs.errorStatus() != 0) {
      sendError(req, FakeBedrockErrors.forStatus(knobs.errorStatus(), model));
      return;
    }
    ObjectNode answer = FakeBedrockEmbeddings.answer(request);
    if (answer == null) {
      sendError(req, FakeBedrockErrors.validation("Malformed input request, please reformat your input and try again."));
      return;
    }
    sendAnswer(req, answer, knobs);
  }

  /** A unary 200, with the {@code truncate} / {@code die-after} and {@code malformed} faults applied. */
  private static void sendAnswer(HttpServerRequest req, ObjectNode body, FakeModelName knobs) {
    Buffer bytes = Buffer.buffer(WireFixtures.write(body));
    FakeFaults.endAnswer(jsonResponse(req, 200), bytes, knobs);
  }

  private static void sendError(HttpServerRequest req, FakeBedrockErrors error) {
    jsonResponse(req, error.status()).putHeader("x-amzn-errortype", error.type()).end(WireFixtures.write(error.body()));
  }

  private static HttpServerResponse jsonResponse(HttpServerRequest req, int status) {
    return req.response().setStatusCode(status).putHeader("content-type", "application/json")
        .putHeader("x-amzn-requestid", requestId());
  }
}
