package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts a {@link FakeBedrockReply} in Converse wire shape by editing copies of the {@code wire/bedrock/} fixtures:
 * the unary body from {@code converse*.json}, the stream's events from {@code converse-stream-*.events.jsonl}
 * (framed by {@link FakeBedrockEventStream}). Only content, ids, stop reason and usage change.
 */
final class FakeBedrockResponder {
  private static final Map<String, ObjectNode> TEXT_EVENTS = templates("converse-stream-text.events.jsonl");
  private static final Map<String, ObjectNode> TOOL_EVENTS = templates("converse-stream-tool-use.events.jsonl");
  private static final Map<String, ObjectNode> REASONING_EVENTS = templates("converse-stream-reasoning.events.jsonl");

  /**
   * The frames of one stream.
   *
   * @param contentEvents how many frames after the first ({@code messageStart}) carry the answer's pieces (and the
   *     reasoning block around them); the faults that cut a stream after k content events count these
   */
  record Frames(List<byte[]> frames, int contentEvents) {}

  private FakeBedrockResponder() {}

  /** The {@code ConverseResponse} body; {@code empty} answers with no content at all ({@code empty-stream}). */
  static ObjectNode converse(FakeBedrockReply reply, boolean empty) {
    ObjectNode body;
    if (reply.isToolCall()) {
      body = WireFixtures.json("bedrock/converse-tool-use.json");
      ArrayNode content = (ArrayNode) body.at("/output/message/content");
      ObjectNode toolUse = (ObjectNode) content.get(1);
      content.removeAll().add(toolUse); // the fake makes exactly one call and says nothing around it
      ((ObjectNode) toolUse.get("toolUse")).put("toolUseId", reply.toolUseId()).put("name", reply.toolName())
          .set("input", parse(reply.content()));
    } else if (!reply.reasoning().isEmpty()) {
      body = WireFixtures.json("bedrock/converse-reasoning.json");
      ((ObjectNode) body.at("/output/message/content/0/reasoningContent/reasoningText"))
          .put("text", String.join("", reply.reasoning())).put("signature", reply.signature());
      ((ObjectNode) body.at("/output/message/content/1")).put("text", reply.content());
    } else {
      body = WireFixtures.json("bedrock/converse.json");
      ((ObjectNode) body.at("/output/message/content/0")).put("text", reply.content());
    }
    if (empty) {
      ((ArrayNode) body.at("/output/message/content")).removeAll();
      body.put("stopReason", "end_turn");
    }
    if (omitsUsage(reply)) {
      body.remove("usage");
    } else {
      usage((ObjectNode) body.get("usage"), reply, empty ? 0 : reply.outputTokens());
    }
    return body;
  }

  /** The frames of the ConverseStream body: messageStart, the blocks, messageStop, metadata. */
  static Frames stream(FakeBedrockReply reply, boolean empty) {
    List<byte[]> frames = new ArrayList<>();
    frames.add(FakeBedrockEventStream.event("messageStart", TEXT_EVENTS.get("messageStart").deepCopy()));
    int block = 0;
    if (!empty && !reply.reasoning().isEmpty()) {
      for (String piece : reply.reasoning()) {
        frames.add(delta("reasoningContent", block, REASONING_EVENTS.get("contentBlockDelta"), "text", piece));
      }
      frames.add(delta("reasoningContent", block, REASONING_EVENTS.get("contentBlockDelta"), "signature",
          reply.signature()));
      frames.add(stop(block++));
    }
    if (!empty && reply.isToolCall()) {
      ObjectNode start = TOOL_EVENTS.get("contentBlockStart").deepCopy().put("contentBlockIndex", block);
      ((ObjectNode) start.at("/start/toolUse")).put("toolUseId", reply.toolUseId()).put("name", reply.toolName());
      frames.add(FakeBedrockEventStream.event("contentBlockStart", start));
      for (String fragment : reply.pieces()) {
        frames.add(delta("toolUse", block, TOOL_EVENTS.get("contentBlockDelta"), "input", fragment));
      }
      frames.add(stop(block));
    } else if (!empty) {
      for (String piece : reply.pieces()) {
        frames.add(FakeBedrockEventStream.event("contentBlockDelta", TEXT_EVENTS.get("contentBlockDelta").deepCopy()
            .put("contentBlockIndex", block).set("delta", WireFixtures.JSON.createObjectNode().put("text", piece))));
      }
      frames.add(stop(block));
    }
    int contentEvents = frames.size() - 1 - (empty ? 0 : 1); // not messageStart, not the last block's stop
    ObjectNode messageStop = TEXT_EVENTS.get("messageStop").deepCopy()
        .put("stopReason", !empty && reply.isToolCall() ? "tool_use" : "end_turn");
    frames.add(FakeBedrockEventStream.event("messageStop", messageStop));
    ObjectNode metadata = TEXT_EVENTS.get("metadata").deepCopy();
    if (omitsUsage(reply)) {
      metadata.remove("usage");
    } else {
      usage((ObjectNode) metadata.get("usage"), reply, empty ? 0 : reply.outputTokens());
    }
    frames.add(FakeBedrockEventStream.event("metadata", metadata));
    return new Frames(frames, contentEvents);
  }

  /** {@code no-usage}: Bedrock always reports usage, but the knob checks that the gateway copes without it. */
  static boolean omitsUsage(FakeBedrockReply reply) {
    return reply.model().toLowerCase(Locale.ROOT).contains("no-usage");
  }

  private static byte[] delta(String kind, int block, ObjectNode template, String field, String value) {
    ObjectNode event = template.deepCopy().put("contentBlockIndex", block);
    ObjectNode delta = event.putObject("delta");
    delta.putObject(kind).put(field, value);
    return FakeBedrockEventStream.event("contentBlockDelta", event);
  }

  private static byte[] stop(int block) {
    return FakeBedrockEventStream.event("contentBlockStop",
        TEXT_EVENTS.get("contentBlockStop").deepCopy().put("contentBlockIndex", block));
  }

  private static void usage(ObjectNode usage, FakeBedrockReply reply, int outputTokens) {
    usage.put("inputTokens", reply.inputTokens()).put("outputTokens", outputTokens)
        .put("totalTokens", reply.inputTokens() + outputTokens);
  }

  private static JsonNode parse(String json) {
    try {
      return WireFixtures.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first payload of each event type in a JSONL fixture ({@code {"<eventType>": {...}}} per line). */
  private static Map<String, ObjectNode> templates(String name) {
    Map<String, ObjectNode> events = new LinkedHashMap<>();
    try (InputStream in = FakeBedrockResponder.class.getResourceAsStream("/wire/bedrock/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing wire fixture /wire/bedrock/" + name);
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          Map.Entry<String, JsonNode> event = WireFixtures.JSON.readTree(line).properties().iterator().next();
          events.putIfAbsent(event.getKey(), (ObjectNode) event.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }
}
