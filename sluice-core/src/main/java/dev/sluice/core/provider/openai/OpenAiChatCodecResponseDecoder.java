package dev.sluice.core.provider.openai;

import static dev.sluice.core.provider.openai.OpenAiChatCodecJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.dialect.openai.OpenAiUsage;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code chat.completion} body → {@link ChatResponse}: the first choice's reasoning
 * ({@code reasoning_content} or {@code reasoning}, as compatible hosts send it), text (or the refusal, when
 * there is no text: the caller must see why nothing came), tool calls; the finish reason; the usage with
 * cached and reasoning tokens ({@link OpenAiUsage}). A host that leaves out a call id gets one made up
 * ({@code call_<n>}): the canonical model needs an id to tie the result to the call.
 */
final class OpenAiChatCodecResponseDecoder {
  private OpenAiChatCodecResponseDecoder() {}

  static ChatResponse decode(byte[] body) {
    JsonNode root = OpenAiChatCodecJson.read(body);
    if (root == null || !root.isObject()) {
      throw GatewayException.upstream("The provider's answer is not a JSON object.");
    }
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) {
      throw GatewayException.upstream("The provider answered with an error: " + OpenAiChatCodecErrors.message(root));
    }
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw GatewayException.upstream("The provider's answer has no choices.");
    }
    JsonNode message = choices.get(0).get("message");
    if (message == null || !message.isObject()) {
      throw GatewayException.upstream("The provider's answer has no message in choices[0].");
    }
    List<Part> content = new ArrayList<>();
    String reasoning = OpenAiChatCodecJson.reasoning(message);
    if (reasoning != null && !reasoning.isEmpty()) {
      content.add(new Part.Reasoning(reasoning, null, null));
    }
    String text = OpenAiChatCodecJson.content(message);
    String refusal = text(message, "refusal");
    if (text != null && !text.isEmpty()) {
      content.add(Part.Text.of(text));
    } else if (refusal != null && !refusal.isEmpty()) {
      content.add(Part.Text.of(refusal));
    }
    List<Part.ToolCall> calls = toolCalls(message);
    content.addAll(calls);
    String finish = text(choices.get(0), "finish_reason");
    return new ChatResponse(text(root, "id"), text(root, "model"), content,
        OpenAiChatCodecFinishReasons.toFinishReason(finish, !calls.isEmpty()), /* stopSequence= */ null,
        OpenAiUsage.fromUsageNode(root.get("usage")));
  }

  private static List<Part.ToolCall> toolCalls(JsonNode message) {
    List<Part.ToolCall> calls = new ArrayList<>();
    JsonNode toolCalls = message.get("tool_calls");
    if (toolCalls != null && toolCalls.isArray()) {
      for (JsonNode call : toolCalls) {
        calls.add(toolCall(call, text(call, "id"), call.get("function"), calls.size()));
      }
    }
    JsonNode legacy = message.get("function_call");
    if (legacy != null && legacy.isObject()) {
      calls.add(toolCall(legacy, null, legacy, calls.size()));
    }
    return calls;
  }

  private static Part.ToolCall toolCall(JsonNode call, String id, JsonNode function, int position) {
    String name = text(function, "name");
    if (name == null) {
      throw GatewayException.upstream("The provider's answer has a tool call without a function name.");
    }
    JsonNode arguments = function.get("arguments");
    String json = arguments == null || arguments.isNull() ? null
        : arguments.isTextual() ? arguments.textValue() : arguments.toString(); // a few hosts send an object
    return new Part.ToolCall(id != null ? id : "call_" + position, name, json);
  }
}
