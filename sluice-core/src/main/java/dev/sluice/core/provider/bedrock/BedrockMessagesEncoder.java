package dev.sluice.core.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.error.GatewayException;
import java.util.Locale;

/**
 * Canonical system parts and messages to Converse's {@code system} and {@code messages} (API_runtime_Message,
 * API_runtime_ContentBlock). Converse knows two roles, {@code user} and {@code assistant}: tool results travel
 * as {@code toolResult} blocks in a user turn, and consecutive turns of one role are merged because Anthropic
 * models behind Bedrock reject two user (or assistant) turns in a row.
 */
final class BedrockMessagesEncoder {
  private BedrockMessagesEncoder() {}

  /** {@code [{text}, {cachePoint}?, ...]}, including SYSTEM-role messages found among the messages. */
  static ArrayNode system(ChatRequest request, ObjectMapper json) {
    ArrayNode system = json.createArrayNode();
    for (Part part : request.system()) {
      if (part instanceof Part.Text text) {
        addText(system, text);
      }
    }
    for (Message message : request.messages()) {
      if (message.role() == Role.SYSTEM) {
        for (Part part : message.parts()) {
          if (part instanceof Part.Text text) {
            addText(system, text);
          }
        }
      }
    }
    return system;
  }

  static ArrayNode messages(ChatRequest request, ObjectMapper json) {
    ArrayNode messages = json.createArrayNode();
    String lastRole = null;
    ArrayNode lastContent = null;
    for (int i = 0; i < request.messages().size(); i++) {
      Message message = request.messages().get(i);
      if (message.role() == Role.SYSTEM) {
        continue;
      }
      String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
      ArrayNode content = json.createArrayNode();
      for (Part part : message.parts()) {
        addPart(content, part, role, i, json);
      }
      if (content.isEmpty()) {
        continue; // Bedrock refuses a turn without content ("The content field ... is empty")
      }
      if (role.equals(lastRole)) {
        lastContent.addAll(content);
      } else {
        ObjectNode turn = messages.addObject().put("role", role);
        lastContent = turn.putArray("content");
        lastContent.addAll(content);
        lastRole = role;
      }
    }
    return messages;
  }

  /** True when the conversation holds tool calls or results: Converse then requires a toolConfig. */
  static boolean usesTools(ChatRequest request) {
    for (Message message : request.messages()) {
      for (Part part : message.parts()) {
        if (part instanceof Part.ToolCall || part instanceof Part.ToolResult) {
          return true;
        }
      }
    }
    return false;
  }

  private static void addPart(ArrayNode content, Part part, String role, int index, ObjectMapper json) {
    switch (part) {
      case Part.Text text -> addText(content, text);
      case Part.Image image -> content.addObject().set("image", image(image, index, json));
      case Part.ToolCall call -> content.addObject().putObject("toolUse")
          .put("toolUseId", call.id()).put("name", call.name())
          .set("input", arguments(call, index, json));
      case Part.ToolResult result -> content.addObject().set("toolResult", toolResult(result, index, json));
      case Part.Reasoning reasoning -> {
        if (role.equals("assistant")) {
          addReasoning(content, reasoning);
        } // reasoning in a user turn has no Converse form and no meaning: dropped
      }
    }
  }

  /**
   * A blank text block is dropped: Bedrock answers ValidationException "The text field in the ContentBlock
   * object ... is blank". A cache marker becomes a {@code cachePoint} block right after its text.
   */
  private static void addText(ArrayNode content, Part.Text text) {
    if (text.text().isBlank()) {
      return;
    }
    content.addObject().put("text", text.text());
    if (text.cacheControl() != null) {
      ObjectNode cachePoint = content.addObject().putObject("cachePoint").put("type", "default");
      String ttl = cacheTtl(text.cacheControl());
      if (ttl != null) {
        cachePoint.put("ttl", ttl); // API_runtime_CachePointBlock: 5m | 1h
      }
    }
  }

  private static String cacheTtl(String cacheControl) {
    int colon = cacheControl.indexOf(':');
    String ttl = colon < 0 ? null : cacheControl.substring(colon + 1);
    return "5m".equals(ttl) || "1h".equals(ttl) ? ttl : null;
  }

  private static void addReasoning(ArrayNode content, Part.Reasoning reasoning) {
    if (reasoning.redacted() != null) {
      content.addObject().putObject("reasoningContent").put("redactedContent", reasoning.redacted());
    } else if (reasoning.text() != null) {
      ObjectNode text = content.addObject().putObject("reasoningContent").putObject("reasoningText")
          .put("text", reasoning.text());
      if (reasoning.signature() != null) {
        text.put("signature", reasoning.signature());
      }
    }
  }

  /**
   * Converse takes only inline image bytes ({@code source.bytes}) or an S3 location; it never fetches a URL,
   * and fetching one for it would make the gateway an open proxy.
   */
  private static ObjectNode image(Part.Image image, int index, ObjectMapper json) {
    if (!image.inline()) {
      throw GatewayException.invalidRequest("Bedrock needs inline images (base64 data URLs); it cannot fetch an"
          + " image URL. Send the image as data:image/png;base64,...", "messages[" + index + "].content");
    }
    String format = switch (image.mediaType() == null ? "" : image.mediaType().toLowerCase(Locale.ROOT)) {
      case "image/png" -> "png";
      case "image/jpeg", "image/jpg" -> "jpeg";
      case "image/gif" -> "gif";
      case "image/webp" -> "webp";
      default -> throw GatewayException.invalidRequest("Bedrock accepts png, jpeg, gif and webp images, not "
          + image.mediaType() + ".", "messages[" + index + "].content");
    };
    ObjectNode node = json.createObjectNode().put("format", format);
    node.putObject("source").put("bytes", image.data());
    return node;
  }

  private static JsonNode arguments(Part.ToolCall call, int index, ObjectMapper json) {
    try {
      JsonNode input = json.readTree(call.argumentsJson());
      if (input != null && input.isObject()) {
        return input;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw GatewayException.invalidRequest("The arguments of tool call " + call.id()
        + " are not a JSON object; Bedrock needs them as one.", "messages[" + index + "].tool_calls");
  }

  /**
   * {@code status} is sent only for a failed call: Converse documents it for Anthropic Claude and Amazon Nova
   * models only, so other models are never sent a field they may refuse.
   */
  private static ObjectNode toolResult(Part.ToolResult result, int index, ObjectMapper json) {
    ObjectNode node = json.createObjectNode().put("toolUseId", result.toolCallId());
    ArrayNode content = node.putArray("content");
    for (Part part : result.content()) {
      switch (part) {
        case Part.Text text -> content.addObject().put("text", text.text());
        case Part.Image image -> content.addObject().set("image", image(image, index, json));
        default -> { } // tool results carry text and images only
      }
    }
    if (content.isEmpty()) {
      content.addObject().put("text", result.text());
    }
    if (result.isError()) {
      node.put("status", "error");
    }
    return node;
  }
}
