package dev.sluice.core.canonical;

import java.util.List;
import java.util.Objects;

/** One typed piece of a message or of an answer. */
public sealed interface Part {

  /**
   * Text. {@code cacheControl} is the caller's prompt-cache marker ({@code "ephemeral"}, or a TTL such as
   * {@code "ephemeral:1h"}), null when none: kept for providers that support it, dropped (with a warning)
   * elsewhere.
   */
  record Text(String text, String cacheControl) implements Part {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    public static Text of(String text) {
      return new Text(text, null);
    }
  }

  /**
   * An image, either by URL ({@code url} set, http(s)) or inline ({@code mediaType} and base64 {@code data}
   * set). {@link #dataUrl()} gives the inline form as a {@code data:} URL.
   */
  record Image(String url, String mediaType, String data, String detail) implements Part {
    public boolean inline() {
      return data != null;
    }

    public String dataUrl() {
      return inline() ? "data:" + mediaType + ";base64," + data : url;
    }

    /** Parses a {@code data:<type>;base64,<data>} URL into an inline image, or keeps an http(s) URL as is. */
    public static Image fromUrl(String url, String detail) {
      if (url.startsWith("data:")) {
        int semi = url.indexOf(";base64,");
        if (semi > 5) {
          return new Image(null, url.substring(5, semi), url.substring(semi + 8), detail);
        }
      }
      return new Image(url, null, null, detail);
    }
  }

  /** A call the model made (in an assistant message or an answer). {@code argumentsJson} is a JSON object as text. */
  record ToolCall(String id, String name, String argumentsJson) implements Part {
    public ToolCall {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
    }
  }

  /** The result of a tool call, sent back by the caller; {@code content} is text and images. */
  record ToolResult(String toolCallId, String name, List<Part> content, boolean isError) implements Part {
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId");
      content = List.copyOf(content);
    }

    /** The content's text parts joined, for providers that take a tool result as a string. */
    public String text() {
      StringBuilder sb = new StringBuilder();
      for (Part p : content) {
        if (p instanceof Text t) {
          sb.append(t.text());
        }
      }
      return sb.toString();
    }
  }

  /**
   * Model reasoning ("thinking"). {@code signature} (Anthropic thinking signature, Gemini
   * {@code thoughtSignature}, Bedrock reasoning signature) must be sent back unchanged in the next turn;
   * {@code redacted} holds opaque redacted reasoning when the provider hides it.
   */
  record Reasoning(String text, String signature, String redacted) implements Part {}
}
