package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * Cohere error bodies: flat {@code {"id": "<uuid>", "message": "..."}} (the {@code wire/cohere/error-401.json}
 * fixture with an id, as the live API sends), no type and no code. Messages are Cohere's own words where they are
 * known from the field, so code that matches on them (e.g. "too many tokens" for an overflowing prompt) is exercised.
 */
final class FakeCohereErrors {
  /** What Cohere answers a trial key past its rate limit (the most common Cohere 429 seen in the field). */
  static final String TRIAL_KEY_LIMIT = "You are using a Trial key, which is limited to 10 API calls / minute. You can"
      + " continue to use the Trial key for free or upgrade to a Production key with higher rate limits at"
      + " 'https://dashboard.cohere.com/api-keys'. Contact us on 'https://discord.gg/XW44jPfYJu' or email us at"
      + " support@cohere.com with any questions";
  /** Cohere's words when the prompt exceeds the model's window. */
  static final String TOO_MANY_TOKENS = "too many tokens: total number of tokens in the prompt cannot exceed 8192 -"
      + " received 9000. Try using a shorter prompt, or enabling prompt truncating. See"
      + " https://docs.cohere.com/reference/generate for more details.";
  /** The {@code error} of the in-band failure ({@code message-end} with {@code finish_reason: "ERROR"}). */
  static final String IN_BAND = "internal error while generating the response";

  private FakeCohereErrors() {}

  /** 401 for a wrong key: the fixture's {@code invalid api token}. */
  static ObjectNode invalidToken() {
    return withId(WireFixtures.json("cohere/error-401.json"));
  }

  /** 401 without an Authorization header. */
  static ObjectNode noApiKey() {
    return of("no api key supplied");
  }

  static ObjectNode contextLength() {
    return of(TOO_MANY_TOKENS);
  }

  static ObjectNode invalidRequest(String message) {
    return of("invalid request: " + message);
  }

  /** The body for an {@code error-<status>} knob (and flaky / failNext failures). */
  static ObjectNode forStatus(int status, String model) {
    return switch (status) {
      case 401 -> invalidToken();
      case 404 -> of("model '" + model + "' not found, make sure the correct model ID was used and that you have"
          + " access to the model.");
      case 429 -> of(TRIAL_KEY_LIMIT);
      case 503 -> of("service unavailable");
      default -> status >= 500
          ? of("internal server error, this has been reported to our developers")
          : invalidRequest("fake error " + status + " requested by the model name '" + model + "'");
    };
  }

  static ObjectNode of(String message) {
    return withId(WireFixtures.json("cohere/error-401.json")).put("message", message);
  }

  private static ObjectNode withId(ObjectNode body) {
    ObjectNode out = WireFixtures.JSON.createObjectNode().put("id", UUID.randomUUID().toString());
    out.setAll(body);
    return out;
  }
}
