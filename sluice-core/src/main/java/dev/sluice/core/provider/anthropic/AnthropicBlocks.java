package dev.sluice.core.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages content blocks to canonical {@link Part}s and back: the one mapping both directions of
 * the protocol use. The provider codec writes blocks into requests and reads them from answers; the
 * Anthropic caller dialect ({@code dev.sluice.core.dialect.anthropic}) reads them from requests (after its
 * own validation) and writes them into answers. Keeping it here means a block shape is learnt once.
 *
 * <p>Shapes (Messages API reference, "content" and "Extended thinking"):
 * <ul>
 *   <li>{@code text} {text, cache_control?} where cache_control is {@code {"type":"ephemeral"}} or
 *       {@code {"type":"ephemeral","ttl":"1h"}}: canonical {@code "ephemeral"} / {@code "ephemeral:1h"}.
 *   <li>{@code image} {source: {type: base64, media_type, data} | {type: url, url}}.
 *   <li>{@code tool_use} {id, name, input} with {@code input} an <em>object</em>, canonical arguments are text.
 *   <li>{@code tool_result} {tool_use_id, content: string | blocks, is_error?}.
 *   <li>{@code thinking} {thinking, signature} and {@code redacted_thinking} {data}: opaque, sent back as is.
 *   <li>{@code document} with a {@code text} source: read as text (canonical parts have no documents).
 * </ul>
 */
public final class AnthropicBlocks {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EPHEMERAL = "ephemeral";

  private AnthropicBlocks() {}

  /** The block for a part. Reasoning without a signature still gets one ({@code ""}); callers filter. */
  public static ObjectNode toBlock(Part part) {
    return switch (part) {
      case Part.Text t -> text(t);
      case Part.Image i -> image(i);
      case Part.ToolCall c -> toolUse(c);
      case Part.ToolResult r -> toolResult(r);
      case Part.Reasoning r -> reasoning(r);
    };
  }

  /**
   * The part for a block, or null for a block with no canonical counterpart (server tool blocks, citations
   * results, non-text documents): the caller skips it. Lenient: a missing field reads as empty.
   */
  public static Part toPart(JsonNode block) {
    return switch (text(block, "type")) {
      case "text" -> new Part.Text(text(block, "text"), cacheControl(block.get("cache_control")));
      case "image" -> image(block.get("source"));
      case "tool_use" -> new Part.ToolCall(text(block, "id"), text(block, "name"), arguments(block.get("input")));
      case "tool_result" -> new Part.ToolResult(text(block, "tool_use_id"), /* name= */ null,
          toolResultContent(block.get("content")), block.path("is_error").asBoolean(false));
      case "thinking" -> new Part.Reasoning(text(block, "thinking"), emptyToNull(text(block, "signature")), null);
      case "redacted_thinking" -> new Part.Reasoning(null, null, text(block, "data"));
      case "document" -> document(block);
      default -> null;
    };
  }

  /** Canonical cache marker for an Anthropic {@code cache_control} object, or null when there is none. */
  public static String cacheControl(JsonNode cacheControl) {
    if (cacheControl == null || !cacheControl.isObject()) {
      return null;
    }
    String ttl = text(cacheControl, "ttl");
    String type = text(cacheControl, "type");
    String base = type.isEmpty() ? EPHEMERAL : type;
    return ttl.isEmpty() ? base : base + ":" + ttl;
  }

  /** The {@code cache_control} object for a canonical cache marker ({@code "ephemeral"} or {@code "ephemeral:1h"}). */
  public static ObjectNode cacheControlNode(String cacheControl) {
    int colon = cacheControl.indexOf(':');
    ObjectNode node = NODES.objectNode();
    node.put("type", colon < 0 ? cacheControl : cacheControl.substring(0, colon));
    if (colon >= 0) {
      node.put("ttl", cacheControl.substring(colon + 1));
    }
    return node;
  }

  /**
   * Canonical arguments text as the object Anthropic's {@code tool_use.input} must be. Arguments that are
   * not a JSON object (an OpenAI model can emit a truncated string) become {@code {}}: Anthropic rejects
   * anything but an object, and a conversation should not fail on one bad historical call.
   */
  public static ObjectNode argumentsObject(String argumentsJson) {
    try {
      JsonNode node = JSON.readTree(argumentsJson);
      return node != null && node.isObject() ? (ObjectNode) node : NODES.objectNode();
    } catch (JsonProcessingException e) {
      return NODES.objectNode();
    }
  }

  /**
   * A tool call id as Anthropic accepts it ({@code ^[a-zA-Z0-9_-]+$}): other providers' ids may hold other
   * characters. Applied the same way to {@code tool_use.id} and {@code tool_result.tool_use_id}, so pairs
   * still match.
   */
  public static String toolUseId(String id) {
    if (id.isEmpty()) {
      return "toolu_empty";
    }
    StringBuilder sb = null;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok && sb == null) {
        sb = new StringBuilder(id.substring(0, i));
      }
      if (sb != null) {
        sb.append(ok ? c : '_');
      }
    }
    return sb == null ? id : sb.toString();
  }

  private static ObjectNode text(Part.Text t) {
    ObjectNode block = NODES.objectNode().put("type", "text").put("text", t.text());
    if (t.cacheControl() != null) {
      block.set("cache_control", cacheControlNode(t.cacheControl()));
    }
    return block;
  }

  private static ObjectNode image(Part.Image i) {
    ObjectNode source = NODES.objectNode();
    if (i.inline()) {
      source.put("type", "base64").put("media_type", i.mediaType()).put("data", i.data());
    } else {
      source.put("type", "url").put("url", i.url());
    }
    ObjectNode block = NODES.objectNode().put("type", "image");
    block.set("source", source);
    return block;
  }

  private static ObjectNode toolUse(Part.ToolCall c) {
    ObjectNode block = NODES.objectNode().put("type", "tool_use").put("id", toolUseId(c.id())).put("name", c.name());
    block.set("input", argumentsObject(c.argumentsJson()));
    return block;
  }

  private static ObjectNode toolResult(Part.ToolResult r) {
    ObjectNode block = NODES.objectNode().put("type", "tool_result").put("tool_use_id", toolUseId(r.toolCallId()));
    List<Part> content = r.content();
    if (content.size() == 1 && content.get(0) instanceof Part.Text t && t.cacheControl() == null) {
      block.put("content", t.text()); // the common case, in the shorter form the docs show first
    } else if (!content.isEmpty()) {
      ArrayNode blocks = block.putArray("content");
      content.forEach(p -> blocks.add(toBlock(p)));
    }
    if (r.isError()) {
      block.put("is_error", true);
    }
    return block;
  }

  private static ObjectNode reasoning(Part.Reasoning r) {
    if (r.redacted() != null) {
      return NODES.objectNode().put("type", "redacted_thinking").put("data", r.redacted());
    }
    return NODES.objectNode().put("type", "thinking")
        .put("thinking", r.text() == null ? "" : r.text())
        .put("signature", r.signature() == null ? "" : r.signature());
  }

  private static Part image(JsonNode source) {
    if (source == null) {
      return null;
    }
    return switch (text(source, "type")) {
      case "base64" -> new Part.Image(null, text(source, "media_type"), text(source, "data"), null);
      case "url" -> new Part.Image(text(source, "url"), null, null, null);
      default -> null;
    };
  }

  private static Part document(JsonNode block) {
    JsonNode source = block.get("source");
    if (source == null || !"text".equals(text(source, "type"))) {
      return null;
    }
    return new Part.Text(text(source, "data"), cacheControl(block.get("cache_control")));
  }

  private static List<Part> toolResultContent(JsonNode content) {
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (content.isTextual()) {
      return List.of(Part.Text.of(content.asText()));
    }
    List<Part> parts = new ArrayList<>();
    for (JsonNode block : content) {
      Part p = toPart(block);
      if (p != null) {
        parts.add(p);
      }
    }
    return parts;
  }

  private static String arguments(JsonNode input) {
    return input == null || input.isNull() ? "{}" : input.toString();
  }

  /** The text of a field, {@code ""} when absent or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : "";
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
