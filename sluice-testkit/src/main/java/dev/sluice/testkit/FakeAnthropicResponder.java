package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a {@link FakeAnthropicReply} in Anthropic Messages wire shape by editing copies of the reference fixtures:
 * only ids, model, content, stop reason and usage change; every other field ({@code stop_sequence},
 * {@code cache_creation}, {@code service_tier}) is what the fixtures document.
 *
 * <p>A stream follows the grammar of {@code stream-*.sse}: {@code message_start} (empty content, null stop reason,
 * the input usage, {@code output_tokens: 1}); per block {@code content_block_start}, its deltas,
 * {@code content_block_stop}, with one {@code ping} after the first block's start; a {@code tool_use} block starts
 * with {@code input: {}} and an empty {@code input_json_delta}; a thinking block ends with one
 * {@code signature_delta}; then {@code message_delta} (stop reason, cumulative {@code output_tokens}) and
 * {@code message_stop}.
 */
final class FakeAnthropicResponder {
  private static final String TEXT = "anthropic/message.json";
  private static final String TOOL_USE = "anthropic/message-tool-use.json";
  private static final String THINKING = "anthropic/message-thinking.json";
  private static final String TEXT_STREAM = "anthropic/stream-text.sse";
  private static final String TOOL_USE_STREAM = "anthropic/stream-tool-use.sse";
  private static final String THINKING_STREAM = "anthropic/stream-thinking.sse";

  /**
   * One SSE event; its {@code event:} line is {@code data.type}.
   *
   * @param carriesPiece a delta carrying one of the reply's pieces: what {@code midstream-error-<k>} and
   *     {@code die-after-<k>} count (not the empty first {@code input_json_delta}, not the {@code signature_delta})
   */
  record Event(String type, String data, boolean carriesPiece) {
    /** Serialized at once: a {@code chunks-1000000} stream holds a million of these. */
    Event(ObjectNode data, boolean carriesPiece) {
      this(data.path("type").asText(), WireFixtures.write(data), carriesPiece);
    }
  }

  private FakeAnthropicResponder() {}

  /** The {@code message} body for a non-streaming request. */
  static ObjectNode message(FakeAnthropicReply reply, FakeAnthropicPromptCache.Usage usage) {
    ObjectNode body = stamp(WireFixtures.json(TEXT), reply);
    ArrayNode content = body.putArray("content");
    for (FakeAnthropicReply.Block block : reply.blocks()) {
      content.add(switch (block) {
        case FakeAnthropicReply.Thinking thinking -> ((ObjectNode) WireFixtures.json(THINKING).at("/content/0"))
            .put("thinking", String.join("", thinking.pieces())).put("signature", thinking.signature());
        case FakeAnthropicReply.Text text ->
            ((ObjectNode) WireFixtures.json(TEXT).at("/content/0")).put("text", String.join("", text.pieces()));
        case FakeAnthropicReply.ToolUse tool -> ((ObjectNode) WireFixtures.json(TOOL_USE).at("/content/1"))
            .put("id", tool.id()).put("name", tool.name()).set("input", tool.input().deepCopy());
      });
    }
    body.put("stop_reason", reply.stopReason()).put("stop_sequence", reply.stopSequence());
    body.set("usage", usage(usage, reply.outputTokens()));
    return body;
  }

  /** {@code empty-stream} unary: a well-formed message with no content and no output tokens. */
  static ObjectNode emptyMessage(FakeAnthropicReply reply, FakeAnthropicPromptCache.Usage usage) {
    ObjectNode body = stamp(WireFixtures.json(TEXT), reply);
    body.putArray("content");
    body.set("usage", usage(usage, 0));
    return body;
  }

  /** The events of a streamed answer, in order. */
  static List<Event> events(FakeAnthropicReply reply, FakeAnthropicPromptCache.Usage usage) {
    List<ObjectNode> text = WireFixtures.sseEvents(TEXT_STREAM);
    List<Event> events = new ArrayList<>();
    events.add(new Event(messageStart(text, reply, usage), false));
    for (int index = 0; index < reply.blocks().size(); index++) {
      int blockStart = events.size();
      switch (reply.blocks().get(index)) {
        case FakeAnthropicReply.Thinking thinking -> thinkingBlock(events, index, thinking);
        case FakeAnthropicReply.Text t -> textBlock(events, index, t, text);
        case FakeAnthropicReply.ToolUse tool -> toolUseBlock(events, index, tool);
      }
      events.add(new Event(withIndex(find(text, "content_block_stop", null), index), false));
      if (index == 0) {
        // As in stream-text.sse: right after the first block's start. The SDKs skip it; decoders must too.
        events.add(blockStart + 1, new Event(find(text, "ping", null), false));
      }
    }
    ObjectNode delta = find(text, "message_delta", null);
    ((ObjectNode) delta.get("delta")).put("stop_reason", reply.stopReason()).put("stop_sequence", reply.stopSequence());
    ((ObjectNode) delta.get("usage")).put("output_tokens", reply.outputTokens());
    events.add(new Event(delta, false));
    events.add(new Event(find(text, "message_stop", null), false));
    return events;
  }

  /** {@code empty-stream}: {@code message_start} then {@code message_stop}, nothing between. */
  static List<Event> emptyEvents(FakeAnthropicReply reply, FakeAnthropicPromptCache.Usage usage) {
    List<ObjectNode> text = WireFixtures.sseEvents(TEXT_STREAM);
    return List.of(new Event(messageStart(text, reply, usage), false),
        new Event(find(text, "message_stop", null), false));
  }

  private static ObjectNode messageStart(List<ObjectNode> text, FakeAnthropicReply reply,
      FakeAnthropicPromptCache.Usage usage) {
    ObjectNode start = find(text, "message_start", null);
    ObjectNode message = stamp((ObjectNode) start.get("message"), reply);
    int outputSoFar = message.at("/usage/output_tokens").asInt(); // the fixture's 1, as upstream reports early
    message.set("usage", usage(usage, outputSoFar));
    return start;
  }

  private static void thinkingBlock(List<Event> events, int index, FakeAnthropicReply.Thinking thinking) {
    List<ObjectNode> fixture = WireFixtures.sseEvents(THINKING_STREAM);
    events.add(new Event(withIndex(find(fixture, "content_block_start", "thinking"), index), false));
    for (String piece : thinking.pieces()) {
      ObjectNode delta = withIndex(find(fixture, "content_block_delta", "thinking_delta"), index);
      ((ObjectNode) delta.get("delta")).put("thinking", piece);
      events.add(new Event(delta, true));
    }
    ObjectNode signature = withIndex(find(fixture, "content_block_delta", "signature_delta"), index);
    ((ObjectNode) signature.get("delta")).put("signature", thinking.signature());
    events.add(new Event(signature, false));
  }

  private static void textBlock(List<Event> events, int index, FakeAnthropicReply.Text block, List<ObjectNode> text) {
    events.add(new Event(withIndex(find(text, "content_block_start", "text"), index), false));
    ObjectNode template = withIndex(find(text, "content_block_delta", "text_delta"), index);
    for (String piece : block.pieces()) {
      ObjectNode delta = template.deepCopy();
      ((ObjectNode) delta.get("delta")).put("text", piece);
      events.add(new Event(delta, true));
    }
  }

  private static void toolUseBlock(List<Event> events, int index, FakeAnthropicReply.ToolUse tool) {
    List<ObjectNode> fixture = WireFixtures.sseEvents(TOOL_USE_STREAM);
    ObjectNode start = withIndex(find(fixture, "content_block_start", "tool_use"), index);
    ((ObjectNode) start.get("content_block")).put("id", tool.id()).put("name", tool.name()).putObject("input");
    events.add(new Event(start, false));
    ObjectNode template = withIndex(find(fixture, "content_block_delta", "input_json_delta"), index);
    events.add(new Event(template.deepCopy(), false)); // the fixture's first fragment: empty, as upstream's
    for (String piece : tool.pieces()) {
      ObjectNode delta = template.deepCopy();
      ((ObjectNode) delta.get("delta")).put("partial_json", piece);
      events.add(new Event(delta, true));
    }
  }

  /** The first fixture event of {@code type} whose block or delta has {@code subtype} (any when null), a copy. */
  private static ObjectNode find(List<ObjectNode> fixture, String type, String subtype) {
    for (ObjectNode event : fixture) {
      JsonNode inner = event.has("content_block") ? event.get("content_block") : event.path("delta");
      if (event.path("type").asText().equals(type) && (subtype == null || inner.path("type").asText().equals(subtype))) {
        return event.deepCopy();
      }
    }
    throw new IllegalStateException("no " + type + "/" + subtype + " event in the fixture");
  }

  private static ObjectNode withIndex(ObjectNode event, int index) {
    return event.put("index", index);
  }

  private static ObjectNode stamp(ObjectNode message, FakeAnthropicReply reply) {
    return message.put("id", reply.id()).put("model", reply.model());
  }

  private static ObjectNode usage(FakeAnthropicPromptCache.Usage usage, int outputTokens) {
    ObjectNode node = (ObjectNode) WireFixtures.json(TEXT).get("usage");
    node.put("input_tokens", usage.inputTokens())
        .put("cache_creation_input_tokens", usage.cacheCreationTokens())
        .put("cache_read_input_tokens", usage.cacheReadTokens());
    ((ObjectNode) node.get("cache_creation"))
        .put("ephemeral_5m_input_tokens", usage.oneHour() ? 0 : usage.cacheCreationTokens())
        .put("ephemeral_1h_input_tokens", usage.oneHour() ? usage.cacheCreationTokens() : 0);
    return node.put("output_tokens", outputTokens);
  }
}
