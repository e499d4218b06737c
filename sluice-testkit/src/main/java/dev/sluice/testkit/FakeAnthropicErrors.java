package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Anthropic error bodies {@code {"type": "error", "error": {"type", "message"}, "request_id"}}, each a copy of
 * {@code anthropic/error-401.json} with type, message and request id replaced. The type follows the status as the
 * "Errors" page of the API documents it (400 invalid_request_error, 401 authentication_error, 403 permission_error,
 * 404 not_found_error, 413 request_too_large, 429 rate_limit_error, 500 api_error, 529 overloaded_error; "We may
 * also use [invalid_request_error] for other 4XX status codes"). Messages are upstream's own words where we know
 * them, so code that matches on them is exercised.
 */
final class FakeAnthropicErrors {
  /** The window {@code context-length} claims to exceed: the 200k tokens of the current Claude models. */
  static final int CONTEXT_WINDOW = 200_000;
  /** The prompt size {@code context-length} reports, a little over the window like a real overflow. */
  static final int CONTEXT_LENGTH_PROMPT = 208_310;

  private FakeAnthropicErrors() {}

  static ObjectNode of(String type, String message) {
    ObjectNode body = WireFixtures.json("anthropic/error-401.json");
    ((ObjectNode) body.get("error")).put("type", type).put("message", message);
    return body.put("request_id", requestId());
  }

  /** 400 {@code invalid_request_error}: a body or header upstream rejects before doing any work. */
  static ObjectNode invalidRequest(String message) {
    return of("invalid_request_error", message);
  }

  /** 401 without an {@code x-api-key} header. */
  static ObjectNode missingKey() {
    return of("authentication_error", "x-api-key header is required");
  }

  /** 401 for a wrong key: upstream never echoes the key, not even masked. */
  static ObjectNode invalidKey() {
    return of("authentication_error", "invalid x-api-key");
  }

  /** 404 for the model, as {@code error-404-model.json}. */
  static ObjectNode modelNotFound(String model) {
    return of("not_found_error", "model: " + model);
  }

  /** 400 for {@code context-length}: upstream's wording when the prompt exceeds the window. */
  static ObjectNode promptTooLong() {
    return invalidRequest("prompt is too long: " + CONTEXT_LENGTH_PROMPT + " tokens > " + CONTEXT_WINDOW + " maximum");
  }

  /**
   * The payload of {@code event: error} in a stream that already answered 200 ({@code inband-error},
   * {@code midstream-error-<k>}), exactly as {@code stream-error-midstream.sse}: no request id inside.
   */
  static ObjectNode inBandOverloaded() {
    ObjectNode body = WireFixtures.json("anthropic/error-401.json");
    body.remove("request_id");
    ((ObjectNode) body.get("error")).put("type", "overloaded_error").put("message", "Overloaded");
    return body;
  }

  /** The body for an {@code error-<status>} knob, a {@code flaky-} failure or a {@code failNext} failure. */
  static ObjectNode forStatus(int status, String model) {
    return switch (status) {
      case 401 -> invalidKey();
      case 403 -> of("permission_error", "Your API key does not have permission to use the specified resource.");
      case 404 -> modelNotFound(model);
      case 413 -> of("request_too_large", "Request exceeds the maximum allowed number of bytes.");
      case 429 -> of("rate_limit_error", "Number of requests has exceeded your rate limit. Please try again later.");
      case 529 -> of("overloaded_error", "Overloaded");
      default -> status >= 500
          ? of("api_error", "Internal server error")
          : invalidRequest("Fake error " + status + " requested by the model name `" + model + "`.");
    };
  }

  /** Upstream's ids look like {@code req_011CQ7b2kLm9XzY}; they also go in the {@code request-id} header. */
  static String requestId() {
    return "req_011CFake" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 4);
  }
}
