package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Messages request as the fake counts and caches it: its blocks in the order Anthropic builds the cache prefix
 * ("tools, system, and messages, in that order", prompt caching docs), each with its size and its
 * {@code cache_control}, if any.
 *
 * <p>Token count, a deterministic stand-in for a tokenizer: about four characters per token over the text the model
 * reads (tool names, descriptions and schemas; system text; text, thinking, tool_use name and input, tool_result
 * content). Images and documents count nothing; there is no per-message or tool-use system-prompt overhead.
 * {@code tokensUpTo(chars) = chars / 4}, so the counts of a prefix and of the rest add up to the whole.
 *
 * @param blocks every block in cache-prefix order
 */
record FakeAnthropicPrompt(List<Block> blocks) {

  /**
   * One unit of the prompt.
   *
   * @param identity what the cache key covers: where the block sits and its JSON without {@code cache_control}
   * @param chars the characters the token count sees
   * @param cacheTtl {@code "5m"} or {@code "1h"} when the block carries {@code cache_control}, else null
   */
  record Block(String identity, long chars, String cacheTtl) {}

  /**
   * The prefix ending at one {@code cache_control} block.
   *
   * @param key SHA-256 of the model and every block up to and including this one
   * @param tokens the prefix's token count
   * @param ttl {@code "5m"} or {@code "1h"}
   */
  record Breakpoint(String key, int tokens, String ttl) {}

  FakeAnthropicPrompt {
    blocks = List.copyOf(blocks);
  }

  static FakeAnthropicPrompt of(JsonNode request) {
    List<Block> blocks = new ArrayList<>();
    for (JsonNode tool : request.path("tools")) {
      long chars = tool.path("name").asText("").length() + tool.path("description").asText("").length()
          + (tool.has("input_schema") ? WireFixtures.write(tool.get("input_schema")).length() : 0);
      blocks.add(block("tool", tool, chars));
    }
    JsonNode system = request.path("system");
    if (system.isTextual()) {
      blocks.add(new Block("system" + WireFixtures.write(system), system.asText().length(), null));
    } else {
      for (JsonNode part : system) {
        blocks.add(block("system", part, part.path("text").asText("").length()));
      }
    }
    JsonNode messages = request.path("messages");
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String where = "message" + i + message.path("role").asText();
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        blocks.add(new Block(where + WireFixtures.write(content), content.asText().length(), null));
      } else {
        for (JsonNode part : content) {
          blocks.add(block(where, part, readableChars(part)));
        }
      }
    }
    return new FakeAnthropicPrompt(blocks);
  }

  /** The whole prompt's token count, at least 1: what {@code count_tokens} answers. */
  int tokens() {
    long chars = 0;
    for (Block block : blocks) {
      chars += block.chars();
    }
    return Math.max(1, tokensUpTo(chars));
  }

  /** The prefixes ending at each {@code cache_control} block, shortest first. */
  List<Breakpoint> breakpoints(String model) {
    List<Breakpoint> out = new ArrayList<>();
    MessageDigest digest = sha256();
    digest.update(model.getBytes(StandardCharsets.UTF_8));
    long chars = 0;
    for (Block block : blocks) {
      digest.update(block.identity().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0); // a separator, so two blocks never hash like their concatenation
      chars += block.chars();
      if (block.cacheTtl() != null) {
        out.add(new Breakpoint(HexFormat.of().formatHex(copy(digest).digest()), tokensUpTo(chars), block.cacheTtl()));
      }
    }
    return out;
  }

  static int tokensUpTo(long chars) {
    return (int) Math.min(Integer.MAX_VALUE, chars / 4);
  }

  private static Block block(String where, JsonNode part, long chars) {
    JsonNode cacheControl = part.path("cache_control");
    String ttl = cacheControl.isObject() ? cacheControl.path("ttl").asText("5m") : null;
    JsonNode identity = part;
    if (part.has("cache_control")) {
      // Moving a breakpoint must not change the prefix before it, as upstream's caches behave.
      identity = part.deepCopy();
      ((ObjectNode) identity).remove("cache_control");
    }
    return new Block(where + WireFixtures.write(identity), chars, ttl);
  }

  private static long readableChars(JsonNode part) {
    return switch (part.path("type").asText()) {
      case "text" -> part.path("text").asText("").length();
      case "thinking" -> part.path("thinking").asText("").length();
      case "tool_use" -> part.path("name").asText("").length() + WireFixtures.write(part.path("input")).length();
      case "tool_result" -> FakeAnthropicReply.toolResultText(part).length();
      default -> 0; // images, documents, redacted thinking: not counted by this stand-in
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 digest is cloneable", e);
    }
  }
}
