package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * {@link ChatResponse} → OpenAI's {@code chat.completion} body, key for key as OpenAI writes it
 * ({@code wire/openai/chat-completion.json}, {@code chat-completion-tool-calls.json}).
 *
 * <ul>
 *   <li>{@code model} is the model as the caller named it (an alias stays an alias).
 *   <li>{@code message.content} is the text parts joined; {@code null} when the answer is only tool calls,
 *       {@code ""} when it is empty.
 *   <li>Reasoning text goes to {@code message.reasoning_content} (DeepSeek's field, read by LangChain, LiteLLM
 *       and OpenRouter clients), only when there is some. Reasoning signatures and redacted reasoning have no
 *       OpenAI field and are dropped: a caller on this dialect cannot send them back.
 *   <li>{@code usage} is always written, as OpenAI always does ({@code 0}s when the provider gave none).
 *   <li>{@code service_tier} and {@code system_fingerprint} are left out: they are OpenAI's own facts.
 * </ul>
 */
final class OpenAiChatDialectResponseEncoder {
  private OpenAiChatDialectResponseEncoder() {}

  static byte[] encode(ChatResponse response, String model, long createdEpochSeconds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    List<Part.ToolCall> calls = response.toolCalls();
    String text = response.text();
    OpenAiCanonicalAnswers.write(out, g -> {
      g.writeStartObject();
      g.writeStringField("id", OpenAiCanonicalAnswers.completionId(response.id()));
      g.writeStringField("object", "chat.completion");
      g.writeNumberField("created", createdEpochSeconds);
      g.writeStringField("model", model);
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      g.writeNumberField("index", 0);
      writeMessage(g, text.isEmpty() && !calls.isEmpty() ? null : text, reasoning(response.content()), calls);
      g.writeNullField("logprobs");
      g.writeStringField("finish_reason",
          OpenAiCanonicalAnswers.finishReason(response.finishReason(), !calls.isEmpty()));
      g.writeEndObject();
      g.writeEndArray();
      OpenAiCanonicalAnswers.writeUsage(g, response.usage());
      g.writeEndObject();
    });
    return out.toByteArray();
  }

  private static void writeMessage(JsonGenerator g, String content, String reasoning, List<Part.ToolCall> calls)
      throws IOException {
    g.writeObjectFieldStart("message");
    g.writeStringField("role", "assistant");
    g.writeStringField("content", content); // writes null for null
    if (reasoning != null) {
      g.writeStringField("reasoning_content", reasoning);
    }
    g.writeNullField("refusal");
    g.writeArrayFieldStart("annotations");
    g.writeEndArray();
    if (!calls.isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (Part.ToolCall call : calls) {
        g.writeStartObject();
        g.writeStringField("id", call.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", call.name());
        g.writeStringField("arguments", call.argumentsJson());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** The reasoning parts' text joined, or null when there is none. */
  private static String reasoning(List<Part> content) {
    StringBuilder sb = new StringBuilder();
    for (Part p : content) {
      if (p instanceof Part.Reasoning r && r.text() != null) {
        sb.append(r.text());
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
