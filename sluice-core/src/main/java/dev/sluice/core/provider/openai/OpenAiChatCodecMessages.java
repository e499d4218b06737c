package dev.sluice.core.provider.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical messages → OpenAI's {@code messages} array.
 *
 * <ul>
 *   <li>Tool results, whether in {@link Role#TOOL} messages or in user messages (Anthropic callers put them
 *       there), become one {@code tool} message each, first: OpenAI wants them right after the assistant's
 *       {@code tool_calls}. Other parts of the same message follow as a {@code user} message.
 *   <li>A tool result is text only in OpenAI's format (and has no error flag: the model reads the text);
 *       images in a result move to that following user message.
 *   <li>User content is a string when it is one text part, else an array of {@code text} and
 *       {@code image_url} parts (inline images as {@code data:} URLs).
 *   <li>Assistant: text as {@code content} ({@code null} beside tool calls when there is no text),
 *       {@code tool_calls} with their arguments as a JSON string. Reasoning parts are dropped: OpenAI has no
 *       field for them, and DeepSeek refuses {@code reasoning_content} sent back.
 * </ul>
 */
final class OpenAiChatCodecMessages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenAiChatCodecMessages() {}

  static ArrayNode encode(String systemText, List<Message> messages) {
    ArrayNode out = NODES.arrayNode();
    if (systemText != null) {
      out.addObject().put("role", "system").put("content", systemText);
    }
    for (Message m : messages) {
      switch (m.role()) {
        case SYSTEM -> out.addObject().put("role", "system").put("content", m.text());
        case ASSISTANT -> out.add(assistant(m));
        case USER, TOOL -> userOrToolResults(out, m);
      }
    }
    return out;
  }

  private static void userOrToolResults(ArrayNode out, Message m) {
    List<Part> rest = new ArrayList<>();
    for (Part p : m.parts()) {
      if (p instanceof Part.ToolResult r) {
        out.addObject().put("role", "tool").put("tool_call_id", r.toolCallId()).put("content", r.text());
        r.content().stream().filter(Part.Image.class::isInstance).forEach(rest::add);
      } else {
        rest.add(p);
      }
    }
    if (!rest.isEmpty()) {
      ObjectNode user = out.addObject().put("role", "user");
      if (rest.size() == 1 && rest.get(0) instanceof Part.Text t) {
        user.put("content", t.text());
      } else {
        user.set("content", contentParts(rest));
      }
    }
  }

  private static ArrayNode contentParts(List<Part> parts) {
    ArrayNode content = NODES.arrayNode();
    for (Part p : parts) {
      switch (p) {
        case Part.Text t -> content.addObject().put("type", "text").put("text", t.text());
        case Part.Image i -> {
          ObjectNode imageUrl = content.addObject().put("type", "image_url").putObject("image_url");
          imageUrl.put("url", i.dataUrl());
          if (i.detail() != null) {
            imageUrl.put("detail", i.detail());
          }
        }
        case Part.ToolCall c -> { } // only assistants call tools
        case Part.ToolResult r -> { } // handled by the caller
        case Part.Reasoning r -> { } // OpenAI takes no reasoning back
      }
    }
    return content;
  }

  private static ObjectNode assistant(Message m) {
    ObjectNode message = NODES.objectNode().put("role", "assistant");
    StringBuilder text = new StringBuilder();
    ArrayNode calls = NODES.arrayNode();
    for (Part p : m.parts()) {
      if (p instanceof Part.Text t) {
        text.append(t.text());
      } else if (p instanceof Part.ToolCall c) {
        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
      }
    }
    if (text.isEmpty() && !calls.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    return message;
  }
}
