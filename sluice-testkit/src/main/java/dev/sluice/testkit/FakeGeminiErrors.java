package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Google's error bodies {@code {"error": {"code", "message", "status", "details"?}}}, each a copy of
 * {@code wire/gemini/error-400.json} with code, message and status replaced (its {@code ErrorInfo} detail is kept
 * only for the key error it documents). Statuses and messages are Google's own: the canonical gRPC status per HTTP
 * code (ai.google.dev/gemini-api/docs/troubleshooting) and the messages the Gemini API is known to send.
 */
final class FakeGeminiErrors {
  private static final String FIXTURE = "gemini/error-400.json";
  static final String INTERNAL_MESSAGE =
      "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting";

  private FakeGeminiErrors() {}

  /** 400 {@code INVALID_ARGUMENT} with reason {@code API_KEY_INVALID}: a wrong key, exactly the fixture. */
  static ObjectNode invalidKey() {
    return WireFixtures.json(FIXTURE);
  }

  /** 403 {@code PERMISSION_DENIED}: no key at all (neither {@code x-goog-api-key} nor {@code ?key=}). */
  static ObjectNode missingKey() {
    return of(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established"
        + " identity). Please use API Key or other form of API consumer identity to call this API.");
  }

  static ObjectNode invalidArgument(String message) {
    return of(400, "INVALID_ARGUMENT", message);
  }

  static ObjectNode modelNotFound(String model, String apiVersion, String method) {
    return of(404, "NOT_FOUND", "models/" + model + " is not found for API version " + apiVersion
        + ", or is not supported for " + method + ". Call ListModels to see the list of available models and their"
        + " supported methods.");
  }

  static ObjectNode notFound() {
    return of(404, "NOT_FOUND", "Requested entity was not found.");
  }

  /** 400 for {@code context-length}: Gemini's words when the prompt outgrows the model's window. */
  static ObjectNode contextLengthExceeded() {
    return invalidArgument("The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).");
  }

  /** The in-band error event of {@code inband-error} and {@code midstream-error-<k>}: a 500 after the 200. */
  static ObjectNode inBand() {
    return of(500, "INTERNAL", INTERNAL_MESSAGE);
  }

  /** The body for an {@code error-<status>} knob, a forced failure or a {@code flaky} one. */
  static ObjectNode forStatus(int status, String model, String apiVersion, String method, long retryAfterMillis) {
    return switch (status) {
      case 400 -> invalidArgument("Request contains an invalid argument.");
      case 401 -> of(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access"
          + " token, login cookie or other valid authentication credential.");
      case 403 -> of(403, "PERMISSION_DENIED", "The caller does not have permission");
      case 404 -> modelNotFound(model, apiVersion, method);
      case 409 -> of(409, "ABORTED", "The operation was aborted.");
      case 429 -> rateLimited(retryAfterMillis);
      case 500 -> inBand();
      case 501 -> of(501, "UNIMPLEMENTED", "Operation is not implemented, or supported, or enabled.");
      case 503 -> of(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
      case 504 -> of(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.");
      default -> status >= 500
          ? of(status, "INTERNAL", INTERNAL_MESSAGE)
          : of(status, "FAILED_PRECONDITION", "Fake error " + status + " requested by the model name `" + model + "`.");
    };
  }

  /** 429 {@code RESOURCE_EXHAUSTED}; Google says how long to wait in a {@code RetryInfo} detail. */
  static ObjectNode rateLimited(long retryAfterMillis) {
    ObjectNode body = of(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and"
        + " billing details. For more information on this error, head to:"
        + " https://ai.google.dev/gemini-api/docs/rate-limits.");
    ((ObjectNode) body.get("error")).putArray("details").addObject()
        .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
        .put("retryDelay", retryDelay(retryAfterMillis));
    return body;
  }

  /** A protobuf {@code Duration} in JSON: seconds with up to nine decimals and an {@code s}, e.g. {@code 0.300s}. */
  static String retryDelay(long millis) {
    return millis % 1000 == 0 ? (millis / 1000) + "s" : String.format(java.util.Locale.ROOT, "%.3fs", millis / 1000.0);
  }

  private static ObjectNode of(int code, String status, String message) {
    ObjectNode body = WireFixtures.json(FIXTURE);
    ObjectNode error = (ObjectNode) body.get("error");
    error.put("code", code).put("message", message).put("status", status);
    error.remove("details");
    return body;
  }
}
