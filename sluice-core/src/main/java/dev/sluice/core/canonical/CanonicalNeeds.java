package dev.sluice.core.canonical;

import dev.sluice.core.route.RequestNeeds;
import java.nio.charset.StandardCharsets;

/**
 * What a decoded request needs from a deployment, by the same cheap rule as the OpenAI passthrough
 * ({@code OpenAiChatRequest#needs}): about four bytes of text per token, plus a few tokens per message. An
 * estimate for planning and budget reservations; the ledger uses the provider's own count.
 */
public final class CanonicalNeeds {
  private static final int BYTES_PER_TOKEN = 4;
  private static final int TOKENS_PER_MESSAGE = 3;
  private static final int TOKENS_PER_REPLY = 3;

  private CanonicalNeeds() {}

  public static RequestNeeds of(ChatRequest request) {
    long bytes = 0;
    boolean images = false;
    for (Part p : request.system()) {
      bytes += textBytes(p);
    }
    for (Message m : request.messages()) {
      for (Part p : m.parts()) {
        bytes += textBytes(p);
        images |= p instanceof Part.Image
            || (p instanceof Part.ToolResult r && r.content().stream().anyMatch(Part.Image.class::isInstance));
      }
    }
    for (Tool t : request.tools()) {
      bytes += utf8(t.name()) + utf8(t.description()) + (t.parameters() == null ? 0 : utf8(t.parameters().toString()));
    }
    long promptTokens = Math.ceilDiv(bytes, BYTES_PER_TOKEN)
        + (long) TOKENS_PER_MESSAGE * (request.messages().size() + (request.system().isEmpty() ? 0 : 1))
        + TOKENS_PER_REPLY;
    boolean jsonSchema = request.responseFormat() instanceof ResponseFormat.JsonSchema;
    return new RequestNeeds(!request.tools().isEmpty(), jsonSchema, images, promptTokens,
        request.maxTokens() == null ? 0 : request.maxTokens());
  }

  private static long textBytes(Part p) {
    return switch (p) {
      case Part.Text t -> utf8(t.text());
      case Part.ToolResult r -> utf8(r.text());
      case Part.ToolCall c -> utf8(c.name()) + utf8(c.argumentsJson());
      case Part.Reasoning r -> utf8(r.text());
      case Part.Image i -> 0;
    };
  }

  private static long utf8(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
