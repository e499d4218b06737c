package dev.sluice.core.dialect.anthropic;

import static dev.sluice.core.dialect.anthropic.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.provider.anthropic.AnthropicBlocks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code system} and {@code messages} of an Anthropic request: each block is checked here, with Anthropic's
 * wording and path, then mapped to a canonical part by {@link AnthropicBlocks}, the mapping the provider
 * side uses too. A tool result gets the name of the call it answers (Anthropic sends only the id; Gemini, for
 * one, needs the name).
 */
final class AnthropicContentReader {
  /** Far beyond any real conversation; bounds the work a hostile body can ask for. */
  static final int MAX_MESSAGES = 100_000;
  static final int MAX_BLOCKS = 100_000;

  static final List<String> MESSAGE_BLOCKS =
      List.of("text", "image", "tool_use", "tool_result", "thinking", "redacted_thinking", "document");
  private static final List<String> SYSTEM_BLOCKS = List.of("text");
  private static final List<String> TOOL_RESULT_BLOCKS = List.of("text", "image", "document");
  private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
  private static final String NON_EMPTY_CONTENT =
      "all messages must have non-empty content except for the optional final assistant message";

  private AnthropicContentReader() {}

  static List<Part> system(JsonNode system) {
    if (system == null) {
      return List.of();
    }
    if (system.isTextual()) {
      return system.asText().isEmpty() ? List.of() : List.of(Part.Text.of(system.asText()));
    }
    if (!system.isArray()) {
      throw invalid("system", "Input should be a valid string or a valid list of text blocks");
    }
    Fields.array(system, "system", MAX_BLOCKS);
    List<Part> parts = new ArrayList<>(system.size());
    for (int i = 0; i < system.size(); i++) {
      JsonNode block = system.get(i);
      checkBlock(block, "system." + i, SYSTEM_BLOCKS);
      parts.add(AnthropicBlocks.toPart(block));
    }
    return parts;
  }

  static List<Message> messages(JsonNode root) {
    JsonNode messages = Fields.array(Fields.required(root, "messages", "messages"), "messages", MAX_MESSAGES);
    if (messages.isEmpty()) {
      throw invalid("messages", "List should have at least 1 item after validation, not 0");
    }
    Map<String, String> toolNames = new HashMap<>();
    List<Message> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      String path = "messages." + i;
      JsonNode message = Fields.object(messages.get(i), path);
      String role = Fields.requiredString(message, "role", path + ".role");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw invalid(path + ".role", "Input should be 'user' or 'assistant'");
      }
      boolean mayBeEmpty = role.equals("assistant") && i == messages.size() - 1;
      List<Part> parts = content(Fields.required(message, "content", path + ".content"), path, mayBeEmpty, toolNames);
      if (!parts.isEmpty()) {
        out.add(new Message(role.equals("user") ? Role.USER : Role.ASSISTANT, parts));
      }
    }
    return out;
  }

  private static List<Part> content(JsonNode content, String path, boolean mayBeEmpty, Map<String, String> toolNames) {
    if (content.isTextual()) {
      if (content.asText().isEmpty() && !mayBeEmpty) {
        throw invalid(path, NON_EMPTY_CONTENT);
      }
      return content.asText().isEmpty() ? List.of() : List.of(Part.Text.of(content.asText()));
    }
    if (!content.isArray()) {
      throw invalid(path + ".content", "Input should be a valid string or a valid list of content blocks");
    }
    Fields.array(content, path + ".content", MAX_BLOCKS);
    if (content.isEmpty() && !mayBeEmpty) {
      throw invalid(path, NON_EMPTY_CONTENT);
    }
    List<Part> parts = new ArrayList<>(content.size());
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      checkBlock(block, path + ".content." + j, MESSAGE_BLOCKS);
      Part part = AnthropicBlocks.toPart(block);
      if (part instanceof Part.ToolCall call) {
        toolNames.put(call.id(), call.name());
      } else if (part instanceof Part.ToolResult result) {
        part = new Part.ToolResult(result.toolCallId(), toolNames.get(result.toolCallId()), result.content(),
            result.isError());
      }
      parts.add(part);
    }
    return parts;
  }

  /** Checks one block's shape; the mapping to a part may then read it without doubt. */
  static void checkBlock(JsonNode node, String path, List<String> allowed) {
    JsonNode block = Fields.object(node, path);
    String type = Fields.requiredString(block, "type", path + ".type");
    if (!allowed.contains(type)) {
      throw Fields.unknownTag(path + ".type", type, allowed);
    }
    switch (type) {
      case "text" -> {
        if (Fields.requiredString(block, "text", path + ".text").isEmpty()) {
          throw invalid(path + ".text", "text content blocks must be non-empty");
        }
      }
      case "image" -> checkImageSource(block, path);
      case "tool_use" -> {
        Fields.requiredString(block, "id", path + ".id");
        Fields.requiredString(block, "name", path + ".name");
        Fields.object(Fields.required(block, "input", path + ".input"), path + ".input");
      }
      case "tool_result" -> checkToolResult(block, path);
      case "thinking" -> {
        Fields.requiredString(block, "thinking", path + ".thinking");
        Fields.requiredString(block, "signature", path + ".signature");
      }
      case "redacted_thinking" -> Fields.requiredString(block, "data", path + ".data");
      case "document" -> checkDocumentSource(block, path);
      default -> throw new IllegalStateException("allowed block type without a check: " + type);
    }
    checkCacheControl(block, path);
  }

  private static void checkImageSource(JsonNode block, String path) {
    String at = path + ".source";
    JsonNode source = Fields.object(Fields.required(block, "source", at), at);
    String type = Fields.requiredString(source, "type", at + ".type");
    switch (type) {
      case "base64" -> {
        String mediaType = Fields.requiredString(source, "media_type", at + ".media_type");
        if (!IMAGE_TYPES.contains(mediaType)) {
          throw invalid(at + ".media_type",
              "Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
        }
        Fields.requiredString(source, "data", at + ".data");
      }
      case "url" -> Fields.requiredString(source, "url", at + ".url");
      case "file" -> throw invalid(at + ".type",
          "image source type 'file' is not supported by this gateway; send the image as 'base64' or 'url'");
      default -> throw Fields.unknownTag(at + ".type", type, List.of("base64", "url"));
    }
  }

  /** Only text documents have a canonical form (text); PDFs and files would be dropped, so they are refused. */
  private static void checkDocumentSource(JsonNode block, String path) {
    String at = path + ".source";
    JsonNode source = Fields.object(Fields.required(block, "source", at), at);
    String type = Fields.requiredString(source, "type", at + ".type");
    if (!type.equals("text")) {
      throw invalid(at + ".type", "document source type '" + type + "' is not supported by this gateway;"
          + " only 'text' document sources are (send other documents' text, or call Anthropic directly)");
    }
    Fields.requiredString(source, "data", at + ".data");
  }

  private static void checkToolResult(JsonNode block, String path) {
    Fields.requiredString(block, "tool_use_id", path + ".tool_use_id");
    Fields.optionalBoolean(block, "is_error", path + ".is_error");
    JsonNode content = Fields.optional(block, "content");
    if (content == null || content.isTextual()) {
      return;
    }
    if (!content.isArray()) {
      throw invalid(path + ".content", "Input should be a valid string or a valid list of content blocks");
    }
    Fields.array(content, path + ".content", MAX_BLOCKS);
    for (int k = 0; k < content.size(); k++) {
      checkBlock(content.get(k), path + ".content." + k, TOOL_RESULT_BLOCKS);
    }
  }

  private static void checkCacheControl(JsonNode block, String path) {
    JsonNode cacheControl = Fields.optional(block, "cache_control");
    if (cacheControl == null) {
      return;
    }
    String at = path + ".cache_control";
    Fields.object(cacheControl, at);
    String type = Fields.requiredString(cacheControl, "type", at + ".type");
    if (!type.equals("ephemeral")) {
      throw Fields.unknownTag(at + ".type", type, List.of("ephemeral"));
    }
    String ttl = Fields.optionalString(cacheControl, "ttl", at + ".ttl");
    if (ttl != null && !ttl.equals("5m") && !ttl.equals("1h")) {
      throw invalid(at + ".ttl", "Input should be '5m' or '1h'");
    }
  }
}
