package dev.sluice.core.provider.cohere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Canonical conversation to Cohere v2 {@code messages} (docs.cohere.com/reference/chat): roles
 * {@code system | user | assistant | tool}, content a string or a list of {@code text} / {@code image_url}
 * items.
 *
 * <ul>
 *   <li>The request's system parts become one leading {@code system} message (their text joined).
 *   <li>Each tool result becomes its own {@code tool} message {@code {tool_call_id, content}}. Cohere accepts
 *       "a string or a list of objects as the tool results" (docs.cohere.com/docs/tool-use); we send the
 *       string: the canonical result is text, and {@code document} items would only add citation
 *       machinery the canonical answer cannot carry. Images in a tool result and the error flag have no
 *       Cohere field and are dropped. Tool results inside a user turn (Anthropic style) go first, as
 *       {@code tool} messages, right after the assistant turn that called them.
 *   <li>An assistant turn sends its text as {@code content}, its calls as {@code tool_calls}
 *       ({@code arguments} a JSON string) and its reasoning text as {@code tool_plan}: the plan Cohere
 *       writes before calling tools, which is what we decode into a Reasoning part. Reasoning on a turn
 *       without calls is dropped (a {@code tool_plan} belongs with calls, and Cohere does not ask for its
 *       thinking back), as are signatures and redacted reasoning of other providers.
 *   <li>Single-text content goes as a plain string; anything else as a list of items. Prompt-cache markers
 *       are dropped: Cohere caches on its own.
 * </ul>
 */
final class CohereMessageEncoder {
  /** The {@code image_url.detail} values Cohere documents; others are left out (Cohere's default is auto). */
  private static final Set<String> IMAGE_DETAILS = Set.of("auto", "low", "high");

  private CohereMessageEncoder() {}

  static ArrayNode encode(ChatRequest request) {
    ArrayNode out = CohereJson.MAPPER.createArrayNode();
    String system = request.systemText();
    if (system != null) {
      out.addObject().put("role", "system").put("content", system);
    }
    for (Message message : request.messages()) {
      switch (message.role()) {
        case SYSTEM -> out.addObject().put("role", "system").put("content", message.text());
        case USER -> addUser(out, message.parts());
        case TOOL -> addToolResults(out, message.parts());
        case ASSISTANT -> addAssistant(out, message.parts());
      }
    }
    return out;
  }

  private static void addUser(ArrayNode out, List<Part> parts) {
    addToolResults(out, parts);
    List<Part> rest = new ArrayList<>();
    boolean hadToolResults = false;
    for (Part part : parts) {
      if (part instanceof Part.ToolResult) {
        hadToolResults = true;
      } else if (part instanceof Part.Text || part instanceof Part.Image) {
        rest.add(part);
      }
    }
    if (!rest.isEmpty() || !hadToolResults) {
      ObjectNode user = out.addObject().put("role", "user");
      setContent(user, rest);
    }
  }

  private static void addToolResults(ArrayNode out, List<Part> parts) {
    for (Part part : parts) {
      if (part instanceof Part.ToolResult result) {
        out.addObject().put("role", "tool").put("tool_call_id", result.toolCallId()).put("content", result.text());
      }
    }
  }

  private static void addAssistant(ArrayNode out, List<Part> parts) {
    List<Part> texts = new ArrayList<>();
    StringBuilder plan = new StringBuilder();
    ArrayNode calls = CohereJson.MAPPER.createArrayNode();
    for (Part part : parts) {
      switch (part) {
        case Part.Text t -> texts.add(t);
        case Part.Reasoning r -> {
          if (r.text() != null) {
            plan.append(r.text());
          }
        }
        case Part.ToolCall c -> {
          ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
          call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
        }
        case Part.Image i -> { } // Cohere assistant content holds text (and thinking) only
        case Part.ToolResult r -> { } // not an assistant's part; nothing to send it as
      }
    }
    if (texts.isEmpty() && calls.isEmpty()) {
      return; // nothing Cohere could take (e.g. reasoning alone)
    }
    ObjectNode assistant = out.addObject().put("role", "assistant");
    if (!calls.isEmpty()) {
      if (!plan.isEmpty()) {
        assistant.put("tool_plan", plan.toString());
      }
      assistant.set("tool_calls", calls);
    }
    if (!texts.isEmpty()) {
      setContent(assistant, texts);
    }
  }

  /** A lone text part as a string, anything else as a list of text and image_url items. */
  private static void setContent(ObjectNode message, List<Part> parts) {
    if (parts.isEmpty()) {
      message.put("content", "");
      return;
    }
    if (parts.size() == 1 && parts.get(0) instanceof Part.Text t) {
      message.put("content", t.text());
      return;
    }
    ArrayNode items = message.putArray("content");
    for (Part part : parts) {
      if (part instanceof Part.Text t) {
        items.addObject().put("type", "text").put("text", t.text());
      } else if (part instanceof Part.Image image) {
        ObjectNode url = items.addObject().put("type", "image_url").putObject("image_url");
        url.put("url", image.dataUrl());
        if (image.detail() != null && IMAGE_DETAILS.contains(image.detail())) {
          url.put("detail", image.detail());
        }
      }
    }
  }
}
