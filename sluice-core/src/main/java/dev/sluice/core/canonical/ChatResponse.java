package dev.sluice.core.canonical;

import dev.sluice.core.model.Usage;
import java.util.List;
import java.util.Objects;

/**
 * A whole (non-streamed) answer in canonical form.
 *
 * @param id the provider's response id (codecs of dialects that need their own prefix add it)
 * @param model the model that answered, as the provider named it
 * @param content the answer in order: reasoning, text and tool calls
 * @param finishReason why it stopped (null only if the provider did not say)
 * @param stopSequence the stop sequence that matched, when the provider says
 * @param usage token counts ({@link Usage#NONE} when the provider gave none)
 */
public record ChatResponse(String id, String model, List<Part> content, FinishReason finishReason,
    String stopSequence, Usage usage) {
  public ChatResponse {
    content = List.copyOf(content);
    Objects.requireNonNull(usage, "usage");
  }

  /** The text parts joined. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (Part p : content) {
      if (p instanceof Part.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  public List<Part.ToolCall> toolCalls() {
    return content.stream().filter(Part.ToolCall.class::isInstance).map(Part.ToolCall.class::cast).toList();
  }
}
