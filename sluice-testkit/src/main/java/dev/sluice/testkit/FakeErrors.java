package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI error bodies {@code {"error": {"message", "type", "param", "code"}}}, each a copy of
 * {@code error-401-invalid-key.json} or {@code error-404-model.json} with message, type and code replaced.
 * Messages are upstream's own words where we know them, so code that matches on them is exercised.
 */
final class FakeErrors {
  private FakeErrors() {}

  /** 401 for a wrong key; the key is masked in the message like upstream's {@code sk-abc***xyz}. */
  static ObjectNode invalidKey(String presentedKey) {
    ObjectNode body = WireFixtures.json("openai/error-401-invalid-key.json");
    String original = body.at("/error/message").asText();
    String masked = presentedKey.length() >= 10
        ? presentedKey.substring(0, 6) + "***" + presentedKey.substring(presentedKey.length() - 3)
        : "***";
    error(body).put("message", original.replace("sk-abc***xyz", masked));
    return body;
  }

  /** 401 without any Authorization header: upstream answers with a different message and a null code. */
  static ObjectNode missingKey() {
    ObjectNode body = WireFixtures.json("openai/error-401-invalid-key.json");
    error(body).put("message", "You didn't provide an API key. You need to provide your API key in an Authorization"
        + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from"
        + " https://platform.openai.com/account/api-keys.").putNull("code");
    return body;
  }

  static ObjectNode modelNotFound(String model) {
    ObjectNode body = WireFixtures.json("openai/error-404-model.json");
    error(body).put("message", "The model `" + model + "` does not exist or you do not have access to it.");
    return body;
  }

  /** 400 {@code invalid_request_error} with a null code, as upstream sends for unparsable or incomplete bodies. */
  static ObjectNode invalidRequest(String message) {
    return of(message, "invalid_request_error", null);
  }

  /** The body for an {@code error-<status>} knob. */
  static ObjectNode forStatus(int status, String model) {
    return switch (status) {
      case 401 -> WireFixtures.json("openai/error-401-invalid-key.json");
      case 404 -> modelNotFound(model);
      case 429 -> of("Rate limit reached", "requests", "rate_limit_exceeded");
      default -> status >= 500
          ? of("The server had an error while processing your request. Sorry about that!", "server_error", null)
          : invalidRequest("Fake error " + status + " requested by the model name `" + model + "`.");
    };
  }

  /** 400 for {@code context-length}: upstream's words when the prompt exceeds the model's window. */
  static ObjectNode contextLengthExceeded() {
    ObjectNode body = of("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000"
        + " tokens. Please reduce the length of the messages.", "invalid_request_error", "context_length_exceeded");
    error(body).put("param", "messages");
    return body;
  }

  /**
   * The payload of the error event upstream puts in a stream that already answered 200 ({@code inband-error},
   * {@code midstream-error-<k>}); its message lacks the "Sorry about that!" of the unary 5xx body, as upstream's.
   */
  static ObjectNode inBandServerError() {
    return of("The server had an error while processing your request.", "server_error", null);
  }

  private static ObjectNode of(String message, String type, String code) {
    ObjectNode body = WireFixtures.json("openai/error-404-model.json");
    error(body).put("message", message).put("type", type).put("code", code);
    return body;
  }

  private static ObjectNode error(ObjectNode body) {
    return (ObjectNode) body.get("error");
  }
}
