package dev.sluice.core.canonical;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chat request in canonical form, decoded from the caller's dialect and encoded into the provider's.
 *
 * @param model the model as the caller named it (the router replaces it with the deployment's own name when
 *     the provider codec encodes the request)
 * @param system system instructions, in order (OpenAI system/developer messages, Anthropic {@code system},
 *     Gemini {@code systemInstruction}); text parts
 * @param messages the conversation without the system instructions
 * @param maxTokens output token limit, or null for the provider default (codecs that require one, such as
 *     Anthropic, fill in {@link #DEFAULT_MAX_TOKENS})
 * @param stop stop sequences (empty when none)
 * @param toolChoice null when the caller did not say (the provider default, auto when tools are given)
 * @param responseFormat null when the caller did not say (text)
 * @param thinking null when no extended reasoning was asked for
 * @param parallelToolCalls null when the caller did not say
 * @param streamUsage the caller wants usage in its stream (OpenAI {@code stream_options.include_usage});
 *     dialects that always report usage ignore it
 * @param user the caller's end-user id, or null
 * @param metadata the caller's metadata strings (never sent upstream unless the provider has the same field)
 */
public record ChatRequest(
    String model,
    List<Part> system,
    List<Message> messages,
    Integer maxTokens,
    Double temperature,
    Double topP,
    Integer topK,
    List<String> stop,
    Long seed,
    Double presencePenalty,
    Double frequencyPenalty,
    List<Tool> tools,
    ToolChoice toolChoice,
    ResponseFormat responseFormat,
    Thinking thinking,
    Boolean parallelToolCalls,
    boolean stream,
    boolean streamUsage,
    String user,
    Map<String, String> metadata) {

  /** Output limit sent to providers that require one when the caller gave none. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    system = List.copyOf(system);
    messages = List.copyOf(messages);
    stop = stop == null ? List.of() : List.copyOf(stop);
    tools = tools == null ? List.of() : List.copyOf(tools);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** The system instructions' text parts joined with blank lines, or null when there are none. */
  public String systemText() {
    StringBuilder sb = new StringBuilder();
    for (Part p : system) {
      if (p instanceof Part.Text t) {
        if (!sb.isEmpty()) {
          sb.append("\n\n");
        }
        sb.append(t.text());
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  /** Every text the prompt holds (system, messages, tool results), for token estimates and the auto router. */
  public String promptText(int maxChars) {
    StringBuilder sb = new StringBuilder();
    for (Part p : system) {
      appendText(sb, p, maxChars);
    }
    for (Message m : messages) {
      for (Part p : m.parts()) {
        appendText(sb, p, maxChars);
      }
    }
    return sb.length() > maxChars ? sb.substring(0, maxChars) : sb.toString();
  }

  private static void appendText(StringBuilder sb, Part p, int maxChars) {
    if (sb.length() >= maxChars) {
      return;
    }
    switch (p) {
      case Part.Text t -> sb.append(t.text()).append('\n');
      case Part.ToolResult r -> sb.append(r.text()).append('\n');
      case Part.ToolCall c -> sb.append(c.name()).append(' ').append(c.argumentsJson()).append('\n');
      case Part.Reasoning r -> {
        if (r.text() != null) {
          sb.append(r.text()).append('\n');
        }
      }
      case Part.Image i -> { }
    }
  }

  /** A copy with another model name. */
  public ChatRequest withModel(String newModel) {
    return new ChatRequest(newModel, system, messages, maxTokens, temperature, topP, topK, stop, seed,
        presencePenalty, frequencyPenalty, tools, toolChoice, responseFormat, thinking, parallelToolCalls, stream,
        streamUsage, user, metadata);
  }

  /** A copy with an assistant prefix appended (mid-stream continuation: the model goes on from there). */
  public ChatRequest withAssistantPrefix(String partialAnswer) {
    List<Message> more = new java.util.ArrayList<>(messages);
    more.add(Message.text(Role.ASSISTANT, partialAnswer));
    return new ChatRequest(model, system, more, maxTokens, temperature, topP, topK, stop, seed, presencePenalty,
        frequencyPenalty, tools, toolChoice, responseFormat, thinking, parallelToolCalls, stream, streamUsage, user,
        metadata);
  }
}
