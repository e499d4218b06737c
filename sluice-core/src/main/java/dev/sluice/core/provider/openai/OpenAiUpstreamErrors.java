package dev.sluice.core.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.FailureClass;
import java.io.IOException;

/**
 * What the caller sees when an OpenAI-protocol provider answers with an error status.
 *
 * <ul>
 *   <li>Errors the caller caused (400, 404, 409, 413, 422) are relayed with the provider's message, type
 *       param and code, because the caller can fix them; secrets are scrubbed from the message first.
 *   <li>401 and 403 mean the gateway's own provider credential was refused. That is not the caller's key,
 *       so it becomes a 502 naming the provider; the provider's message is dropped because it quotes part
 *       of the credential ("Incorrect API key provided: sk-abc***xyz").
 *   <li>429 stays 429 with the provider's Retry-After; 408 and 5xx become 502; anything else 502.
 * </ul>
 */
public final class OpenAiUpstreamErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 1000;

  private OpenAiUpstreamErrors() {}

  public static GatewayException toGatewayException(String provider, int status, String retryAfter, byte[] body) {
    JsonNode error = errorNode(body);
    String message = SecretScrubber.scrub(truncate(text(error, "message")));
    String param = text(error, "param");
    String code = text(error, "code");
    return switch (status) {
      case 400, 409, 422 -> new GatewayException(ErrorKind.INVALID_REQUEST,
          orDefault(message, "Provider '" + provider + "' rejected the request (HTTP " + status + ")."), param, code, null, null);
      case 404 -> new GatewayException(ErrorKind.NOT_FOUND,
          orDefault(message, "Provider '" + provider + "' does not know the requested model or path."), param,
          code == null ? "model_not_found" : code, null, null);
      case 413 -> new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE,
          orDefault(message, "Provider '" + provider + "' refused the request as too large."), param, code, null, null);
      case 401, 403 -> new GatewayException(ErrorKind.UPSTREAM_ERROR, "Provider '" + provider
          + "' rejected the gateway's credentials (HTTP " + status + "). Check that provider's api_key in the"
          + " gateway configuration; your own key was accepted.", null, "upstream_auth_failed", null, null);
      case 429 -> new GatewayException(ErrorKind.RATE_LIMITED,
          "Provider '" + provider + "' is rate limiting requests" + (message == null ? "." : ": " + message),
          null, code == null ? "rate_limit_exceeded" : code, parseRetryAfter(retryAfter), null);
      default -> new GatewayException(ErrorKind.UPSTREAM_ERROR, "Provider '" + provider + "' failed (HTTP "
          + status + ")" + (message == null ? "." : ": " + message), null, "upstream_error", null, null);
    };
  }

  /**
   * How an error status counts for retries and fallbacks. A 400 is the caller's fault unless it says the
   * prompt outgrew the model's window (code {@code context_length_exceeded}, or OpenAI-compatible hosts'
   * "maximum context length" wording), which a model with a larger window can serve. 401 and 403 are the
   * gateway's credential for that provider, not the request, so another provider may serve it.
   */
  public static FailureClass classify(int status, byte[] body) {
    if (status == 429) {
      return FailureClass.RATE_LIMITED;
    }
    if (status == 408 || status >= 500 || status == 401 || status == 403) {
      return FailureClass.SERVER_ERROR;
    }
    if (status == 400 || status == 413 || status == 422) {
      JsonNode error = errorNode(body);
      String code = text(error, "code");
      String message = text(error, "message");
      if ("context_length_exceeded".equals(code) || saysPromptTooLong(message)) {
        return FailureClass.CONTEXT_LENGTH;
      }
    }
    return status >= 400 && status < 500 ? FailureClass.CLIENT_ERROR : FailureClass.SERVER_ERROR;
  }

  /**
   * The providers' wordings for a prompt larger than the model's window: OpenAI-compatible hosts ("maximum
   * context length"), Anthropic ("prompt is too long"), Gemini ("exceeds the maximum number of tokens"),
   * Bedrock ("Input is too long"), Cohere ("too many tokens").
   */
  private static boolean saysPromptTooLong(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("context length") || m.contains("prompt is too long") || m.contains("input is too long")
        || m.contains("exceeds the maximum number of tokens") || m.contains("too many tokens")
        || m.contains("context window");
  }

  /**
   * How long the provider asked us to wait: {@code retry-after-ms} (OpenAI's, exact) over
   * {@code retry-after} (delta-seconds); null when neither is usable.
   */
  public static Long retryAfterMillis(String retryAfterMs, String retryAfter) {
    if (retryAfterMs != null) {
      try {
        double ms = Double.parseDouble(retryAfterMs.trim());
        if (ms >= 0) {
          return (long) Math.ceil(Math.min(ms, 86_400_000d));
        }
      } catch (NumberFormatException ignored) {
        // fall back to retry-after
      }
    }
    Integer seconds = parseRetryAfter(retryAfter);
    return seconds == null ? null : seconds * 1000L;
  }

  /** Retry-After in whole seconds (delta-seconds form only; an HTTP date is ignored), or null. */
  static Integer parseRetryAfter(String value) {
    if (value == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(value.trim());
      return seconds < 0 ? null : (int) Math.ceil(Math.min(seconds, 86_400));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode errorNode(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null) {
        return null;
      }
      JsonNode error = root.get("error");
      // OpenAI nests under "error"; some compatible hosts put message at the top level or use a string.
      if (error != null && error.isObject()) {
        return error;
      }
      if (error != null && error.isTextual()) {
        return JSON.createObjectNode().put("message", error.asText());
      }
      return root.isObject() ? root : null;
    } catch (IOException e) {
      return null; // an HTML error page or garbage: we report the status only
    }
  }

  private static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
  }

  private static String truncate(String message) {
    return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }

  private static String orDefault(String message, String fallback) {
    return message == null || message.isBlank() ? fallback : message;
  }
}
