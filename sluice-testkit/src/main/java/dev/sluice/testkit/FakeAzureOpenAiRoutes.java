package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers one fully read request for {@link FakeAzureOpenAiProvider}: Azure's key check, its deployment routes and
 * {@code api-version} check, then the same knobs and replies as {@link FakeOpenAiRoutes} with the deployment name in
 * the place of the model. Runs on the request's event loop.
 */
final class FakeAzureOpenAiRoutes {
  /** {@code /openai/deployments/{deployment}/{operation}}; the deployment is one path segment. */
  private static final Pattern ROUTE = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|embeddings)");
  /** A dated version, GA or preview: {@code 2024-10-21}, {@code 2025-04-01-preview}. */
  private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

  private final Vertx vertx;
  private final Supplier<String> apiKey;
  private final FakeStreamWriter.Counters streams;
  private final FakeFaults faults;

  FakeAzureOpenAiRoutes(Vertx vertx, Supplier<String> apiKey, FakeStreamWriter.Counters streams, FakeFaults faults) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.streams = streams;
    this.faults = faults;
  }

  /** One request to a deployment: what it asks for, and under which api-version. */
  private record Call(String deployment, boolean chat, String apiVersion) {
    String operation() {
      return chat ? "ChatCompletions_Create" : "Embeddings_Create";
    }
  }

  void route(HttpServerRequest req, String body) {
    String expected = apiKey.get();
    if (expected != null && !expected.equals(req.getHeader("api-key"))) {
      send(req, 401, FakeAzureOpenAiErrors.accessDenied());
      return;
    }
    Matcher route = ROUTE.matcher(req.path());
    String apiVersion = req.getParam("api-version");
    // Azure answers an unknown path and a missing or unsupported api-version alike.
    if (req.method() != HttpMethod.POST || !route.matches() || apiVersion == null
        || !API_VERSION.matcher(apiVersion).matches()) {
      send(req, 404, FakeAzureOpenAiErrors.resourceNotFound());
      return;
    }
    String deployment = URLDecoder.decode(route.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    answer(req, body, new Call(deployment, route.group(2).equals("chat/completions"), apiVersion));
  }

  /**
   * The body check upstream makes first; then the request is counted for its deployment and a queued
   * {@link FakeAzureOpenAiProvider#failNext} failure answers at once; then the knobs, then the endpoint.
   */
  private void answer(HttpServerRequest req, String body, Call call) {
    ObjectNode json;
    try {
      json = WireFixtures.JSON.readTree(body) instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null) {
      send(req, 400, FakeErrors.invalidRequest("We could not parse the JSON body of your request. (HINT: This likely"
          + " means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was"
          + " sent was not valid JSON.)"));
      return;
    }
    // The deployment decides the model; a model in the body is ignored, as Azure does. Putting the deployment there
    // lets the shared reply code read the knobs and name the model in the answer.
    json.put("model", call.deployment());
    int ordinal = faults.arrive(call.deployment());
    FakeModelName knobs = FakeModelName.parse(call.deployment());
    ObjectNode request = json;
    boolean stream = call.chat() && json.path("stream").asBoolean(false);
    faults.dispatch(vertx, req, ordinal, knobs, status -> sendError(req, status, knobs, call), () -> {
      if (knobs.contextLength()) {
        send(req, 400, FakeErrors.contextLengthExceeded());
      } else if (call.chat() && promptFiltered(call.deployment())) {
        send(req, 400, FakeAzureOpenAiErrors.promptFiltered());
      } else if ((knobs.inbandError() || knobs.midstreamErrorAfter() >= 0) && !stream) {
        sendError(req, 500, knobs, call); // no stream to carry the error in: fail as upstream does before a body
      } else if (knobs.wrongContentType()) {
        FakeFaults.sendWrongContentType(req);
      } else if (call.chat()) {
        chat(req, request, knobs, stream);
      } else {
        embeddings(req, request, knobs);
      }
    });
  }

  /** The Azure-only knob {@code content-filter}: the prompt trips the deployment's content filter. */
  static boolean promptFiltered(String deployment) {
    List<String> tokens = Arrays.asList(deployment.toLowerCase(Locale.ROOT).split("[-_/]"));
    int at = tokens.indexOf("content");
    return at >= 0 && at + 1 < tokens.size() && tokens.get(at + 1).equals("filter");
  }

  private void chat(HttpServerRequest req, JsonNode json, FakeModelName knobs, boolean stream) {
    FakeChatReply reply = FakeChatReply.from(json, knobs);
    if (stream) {
      boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
      List<String> chunks = FakeAzureOpenAiFilters.chunks(FakeChatResponder.chunks(reply, includeUsage));
      // The prompt-verdict chunk comes first: shift the stream faults so they count content chunks as documented.
      FakeStreamWriter.start(vertx, req.response(), chunks, reply.pieces().size() + 1, afterPromptChunk(knobs),
          streams);
    } else if (knobs.emptyStream()) {
      sendAnswer(req, FakeAzureOpenAiFilters.completion(FakeChatResponder.emptyCompletion(reply)), knobs);
    } else {
      sendAnswer(req, FakeAzureOpenAiFilters.completion(FakeChatResponder.completion(reply)), knobs);
    }
  }

  /**
   * The knobs as {@link FakeStreamWriter} must see them when one extra event (the prompt verdict) precedes the role
   * chunk: {@code midstream-error-<k>} and {@code die-after-<k>} still let exactly k content chunks out.
   */
  static FakeModelName afterPromptChunk(FakeModelName k) {
    return new FakeModelName(k.name(), k.errorStatus(), k.slowMillis(), k.gapMillis(), k.chunks(), k.stall(),
        k.stallMidstream(), k.truncate(), k.malformed(), k.wrongContentType(), k.echo(), k.inbandError(),
        k.emptyStream(), k.flakyCount(), k.flakyStatus(), k.retryAfterMillis(), k.contextLength(),
        k.midstreamErrorAfter() >= 0 ? k.midstreamErrorAfter() + 1 : -1, k.dieAfter() >= 0 ? k.dieAfter() + 1 : -1);
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

  /** An error status with Azure's body; a 429 carries the wait from {@code retry-after-<ms>} (default 1 s). */
  private static void sendError(HttpServerRequest req, int status, FakeModelName knobs, Call call) {
    if (status == 429) {
      req.response()
          .putHeader("retry-after", String.valueOf(knobs.retryAfterSeconds()))
          .putHeader("retry-after-ms", String.valueOf(knobs.retryAfterMillis()));
      send(req, 429, FakeAzureOpenAiErrors.rateLimited(call.operation(), call.apiVersion(),
          knobs.retryAfterSeconds()));
      return;
    }
    send(req, status, FakeAzureOpenAiErrors.forStatus(status, call.deployment()));
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
        .putHeader("apim-request-id", java.util.UUID.randomUUID().toString());
  }
}
