package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.GatewayException;

/**
 * Reads the {@code parts} of one Gemini candidate, for both the unary and the streamed decoder, so the two agree
 * by construction on what each part becomes.
 *
 * <ul>
 *   <li>{@code {"text", "thought": true}}: reasoning (a thought summary, sent when {@code includeThoughts} is on),
 *       with its {@code thoughtSignature} if it carries one.
 *   <li>{@code {"text"}}: text; empty text is skipped (Gemini ends streams with one).
 *   <li>{@code {"functionCall": {"name", "args", "id"?}}}: a tool call with its arguments object as JSON text.
 *   <li>{@code thoughtSignature} on a text or function-call part: a signature-only reasoning reported just
 *       <em>before</em> that part, so the request encoder can put it back on the same part ("return the
 *       signature in the part where it was received": ai.google.dev/gemini-api/docs/thought-signatures).
 *   <li>Anything else ({@code inlineData}, {@code executableCode}, ...): skipped, with its signature, which would
 *       otherwise land on the wrong part when sent back.
 * </ul>
 */
final class GeminiParts {
  /** What the parts say, in order. */
  interface Sink {
    void reasoning(String text, String signature);

    void signature(String signature);

    void text(String text);

    /** {@code id} is Gemini's own call id, or null when it sent none (it usually does not). */
    void functionCall(String id, String name, String argumentsJson);
  }

  private GeminiParts() {}

  /**
   * @throws GatewayException (upstream) when a part is not an object or a function call has no name
   */
  static void read(JsonNode parts, Sink sink) {
    if (parts == null || parts.isNull() || parts.isMissingNode()) {
      return;
    }
    if (!parts.isArray()) {
      throw GatewayException.upstream("Gemini returned candidate content whose parts is not an array.");
    }
    for (JsonNode part : parts) {
      if (!part.isObject()) {
        throw GatewayException.upstream("Gemini returned a content part that is not an object.");
      }
      readPart(part, sink);
    }
  }

  private static void readPart(JsonNode part, Sink sink) {
    String signature = GeminiJson.string(part, "thoughtSignature");
    JsonNode text = part.get("text");
    if (text != null && text.isTextual()) {
      if (part.path("thought").asBoolean(false)) {
        sink.reasoning(text.asText(), signature);
        return;
      }
      if (signature != null) {
        sink.signature(signature);
      }
      if (!text.asText().isEmpty()) {
        sink.text(text.asText());
      }
      return;
    }
    JsonNode call = part.get("functionCall");
    if (call != null && call.isObject()) {
      String name = GeminiJson.string(call, "name");
      if (name == null || name.isEmpty()) {
        throw GatewayException.upstream("Gemini returned a functionCall without a name.");
      }
      JsonNode args = call.get("args");
      String arguments = args != null && args.isObject() ? GeminiJson.text(args) : "{}";
      String id = GeminiJson.string(call, "id");
      if (signature != null) {
        sink.signature(signature);
      }
      sink.functionCall(id != null ? id : GeminiJson.string(part, "id"), name, arguments);
    }
  }

  /**
   * A stable id for the {@code ordinal}-th call of an answer when Gemini gave none: the same answer gets the same
   * ids streamed or not. Characters other than {@code [A-Za-z0-9_-]} become {@code _}, because Gemini allows dots
   * and colons in names and other providers reject them in call ids (Anthropic: {@code ^[a-zA-Z0-9_-]+$}).
   */
  static String callId(String geminiId, int ordinal, String name) {
    if (geminiId != null && !geminiId.isEmpty()) {
      return geminiId;
    }
    StringBuilder id = new StringBuilder("call_").append(ordinal).append('_');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      id.append(safe ? c : '_');
    }
    return id.toString();
  }
}
