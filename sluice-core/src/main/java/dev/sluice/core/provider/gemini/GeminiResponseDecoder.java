package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code generateContent} body ({@code GenerateContentResponse}) → {@link ChatResponse}. Only the first
 * candidate is read: the gateway never asks for more ({@code candidateCount} is not sent).
 */
final class GeminiResponseDecoder {
  private GeminiResponseDecoder() {}

  static ChatResponse decode(byte[] body) {
    ObjectNode root = GeminiJson.parseObject(body, "generateContent body");
    if (root.get("error") instanceof ObjectNode error) {
      throw GatewayException.upstream("Gemini returned an error in a success response: "
          + GeminiErrors.describe(error));
    }
    String id = GeminiJson.string(root, "responseId");
    String model = GeminiJson.string(root, "modelVersion");
    JsonNode candidates = root.path("candidates");
    if (!candidates.isArray() || candidates.isEmpty()) {
      // A blocked prompt gets no candidate at all, only promptFeedback.blockReason (SAFETY, OTHER, ...).
      if (GeminiJson.string(root.path("promptFeedback"), "blockReason") != null) {
        return new ChatResponse(id, model, List.of(), FinishReason.CONTENT_FILTER, null,
            GeminiUsage.from(root.get("usageMetadata")));
      }
      throw GatewayException.upstream("Gemini returned no candidates and no promptFeedback.blockReason.");
    }
    JsonNode candidate = candidates.get(0);
    List<Part> content = new ArrayList<>();
    PartCollector collector = new PartCollector(content);
    GeminiParts.read(candidate.path("content").get("parts"), collector);
    FinishReason finish = GeminiFinishReasons.toFinishReason(GeminiJson.string(candidate, "finishReason"),
        collector.calls > 0);
    return new ChatResponse(id, model, content, finish, /* stopSequence= */ null,
        GeminiUsage.from(root.get("usageMetadata")));
  }

  private static final class PartCollector implements GeminiParts.Sink {
    private final List<Part> content;
    private int calls;

    PartCollector(List<Part> content) {
      this.content = content;
    }

    @Override
    public void reasoning(String text, String signature) {
      content.add(new Part.Reasoning(text, signature, null));
    }

    @Override
    public void signature(String signature) {
      content.add(new Part.Reasoning(null, signature, null));
    }

    @Override
    public void text(String text) {
      content.add(Part.Text.of(text));
    }

    @Override
    public void functionCall(String id, String name, String argumentsJson) {
      content.add(new Part.ToolCall(GeminiParts.callId(id, calls++, name), name, argumentsJson));
    }
  }
}
