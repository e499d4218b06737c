package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Google's error body, {@code {"error": {"code": 400, "message", "status": "INVALID_ARGUMENT", "details"}}}
 * (see {@code wire/gemini/error-400.json}). Streams without {@code alt=sse} wrap it in an array
 * ({@code [{"error": ...}]}), as google-gemini/gemini-cli issue 6678 shows; both are read.
 *
 * <p>Google's messages do not quote the key ("API key not valid. Please pass a valid API key."), but a message is
 * relayed to callers and logs, so anything shaped like a Google API key ({@code AIza} + 35 characters) and the
 * configured key itself are replaced all the same.
 */
final class GeminiErrors {
  static final String REDACTED = "[redacted]";
  private static final String GOOGLE_KEY_PREFIX = "AIza";
  private static final int MAX_MESSAGE = 1000;

  private GeminiErrors() {}

  /** The error's message, scrubbed and capped; null when the body holds no Google error object. */
  static String message(byte[] body, String apiKey) {
    JsonNode error = errorObject(body);
    if (error == null) {
      return null;
    }
    String message = GeminiJson.string(error, "message");
    if (message == null || message.isBlank()) {
      return null;
    }
    String capped = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    return scrub(capped, apiKey);
  }

  /** {@code STATUS: message} for an error object inside a stream or a success body; never null. */
  static String describe(JsonNode error) {
    String status = GeminiJson.string(error, "status");
    String message = GeminiJson.string(error, "message");
    String text = message == null ? "(no message)" : scrub(message, null);
    return status == null ? text : status + ": " + text;
  }

  private static JsonNode errorObject(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    JsonNode root;
    try {
      root = GeminiJson.MAPPER.readTree(body);
    } catch (IOException e) {
      return null; // an HTML page from a proxy, or garbage: the caller reports the status alone
    }
    if (root != null && root.isArray() && !root.isEmpty()) {
      root = root.get(0);
    }
    JsonNode error = root == null ? null : root.get("error");
    return error != null && error.isObject() ? error : null;
  }

  static String scrub(String message, String apiKey) {
    String out = apiKey != null && apiKey.length() >= 8 ? message.replace(apiKey, REDACTED) : message;
    int at = out.indexOf(GOOGLE_KEY_PREFIX);
    if (at < 0) {
      return out;
    }
    StringBuilder sb = new StringBuilder(out.length());
    int from = 0;
    while (at >= 0) {
      int end = at + GOOGLE_KEY_PREFIX.length();
      while (end < out.length() && isKeyChar(out.charAt(end))) {
        end++;
      }
      sb.append(out, from, at);
      // Real keys are 39 characters; a shorter run ("AIza" in prose) is left alone.
      sb.append(end - at >= 30 ? REDACTED : out.substring(at, end));
      from = end;
      at = out.indexOf(GOOGLE_KEY_PREFIX, end);
    }
    return sb.append(out, from, out.length()).toString();
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }
}
