package dev.sluice.core.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Anthropic Messages SSE ({@code wire/anthropic/stream-*.sse}) to canonical events. One instance per
 * upstream attempt; not thread-safe.
 *
 * <p>{@code message_start} gives Start and the input usage; content blocks are tracked by their
 * {@code index}: text and thinking deltas pass through, a {@code tool_use} block becomes a tool call
 * numbered from 0 in order of tool calls (not of blocks), its {@code input_json_delta} fragments the
 * arguments. {@code message_delta} gives Finish and the final usage (cumulative output over
 * {@code message_start}'s input); {@code message_stop} End; {@code event: error} an Error. {@code ping} and
 * event types this code does not know are skipped, as Anthropic's versioning policy asks of clients.
 * Anything out of order or unreadable becomes an Error and the decoder stops; nothing is thrown.
 */
final class AnthropicStreamDecoder implements ProviderStreamDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Our own failures use Anthropic's generic error type, the one its SDKs show for "something broke". */
  private static final String FAILURE_TYPE = "api_error";

  private enum Phase { AWAITING_START, STREAMING, FINISHED }

  private enum Kind { TEXT, THINKING, TOOL, JSON_ANSWER, OTHER }

  private record Block(Kind kind, int toolIndex) {}

  private final SseParser parser = new SseParser(this::onEvent);
  private final Map<Integer, Block> blocks = new HashMap<>();
  private Consumer<StreamEvent> out;
  private Phase phase = Phase.AWAITING_START;
  private boolean inputEnded;
  private boolean finishSent;
  private int nextToolIndex;
  private boolean sawJsonAnswer;
  private JsonNode startUsage;

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<StreamEvent> out) {
    if (inputEnded || phase == Phase.FINISHED) {
      return;
    }
    this.out = out;
    parser.feed(bytes, offset, length);
    if (parser.overflowed() && phase != Phase.FINISHED) {
      fail("An Anthropic stream event exceeded " + SseParser.DEFAULT_MAX_EVENT_BYTES + " bytes.");
    }
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    if (inputEnded) {
      return;
    }
    inputEnded = true;
    this.out = out;
    parser.endOfInput();
    if (phase != Phase.FINISHED) {
      fail("The Anthropic stream ended before message_stop.");
    }
  }

  private void onEvent(SseEvent event) {
    if (phase == Phase.FINISHED) {
      return;
    }
    String name = event.event();
    if ("ping".equals(name) || (name != null && !isKnown(name))) {
      return;
    }
    JsonNode data;
    try {
      data = JSON.readTree(event.data());
    } catch (JsonProcessingException e) {
      fail("Anthropic sent a stream event that is not JSON: " + e.getOriginalMessage());
      return;
    }
    if (data == null || !data.isObject()) {
      fail("Anthropic sent a stream event that is not a JSON object.");
      return;
    }
    String type = name != null ? name : AnthropicBlocks.text(data, "type");
    if (phase == Phase.AWAITING_START && !type.equals("message_start") && !type.equals("error")) {
      if (isKnown(type) && !type.equals("ping")) {
        fail("Anthropic sent " + type + " before message_start.");
      }
      return;
    }
    switch (type) {
      case "message_start" -> onMessageStart(data);
      case "content_block_start" -> onBlockStart(data);
      case "content_block_delta" -> onBlockDelta(data);
      case "content_block_stop" -> onBlockStop(data);
      case "message_delta" -> onMessageDelta(data);
      case "message_stop" -> onMessageStop();
      case "error" -> onError(data);
      default -> { } // ping, or an event added after this code was written
    }
  }

  private static boolean isKnown(String type) {
    return switch (type) {
      case "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
           "message_stop", "error", "ping" -> true;
      default -> false;
    };
  }

  private void onMessageStart(JsonNode data) {
    if (phase != Phase.AWAITING_START) {
      fail("Anthropic sent message_start twice.");
      return;
    }
    JsonNode message = data.path("message");
    phase = Phase.STREAMING;
    startUsage = message.get("usage");
    out.accept(new StreamEvent.Start(nullIfEmpty(AnthropicBlocks.text(message, "id")),
        nullIfEmpty(AnthropicBlocks.text(message, "model"))));
    out.accept(new StreamEvent.UsageReport(AnthropicUsage.fromWire(startUsage)));
  }

  private void onBlockStart(JsonNode data) {
    JsonNode block = data.path("content_block");
    int index = data.path("index").asInt(-1);
    String type = AnthropicBlocks.text(block, "type");
    switch (type) {
      case "text" -> {
        blocks.put(index, new Block(Kind.TEXT, -1));
        text(AnthropicBlocks.text(block, "text"));
      }
      case "thinking" -> {
        blocks.put(index, new Block(Kind.THINKING, -1));
        reasoning(AnthropicBlocks.text(block, "thinking"), AnthropicBlocks.text(block, "signature"));
      }
      case "redacted_thinking" -> {
        blocks.put(index, new Block(Kind.OTHER, -1));
        out.accept(new StreamEvent.ReasoningDelta(null, null, AnthropicBlocks.text(block, "data")));
      }
      case "tool_use" -> onToolUseStart(index, block);
      default -> blocks.put(index, new Block(Kind.OTHER, -1)); // server tools, search results: not ours
    }
  }

  private void onToolUseStart(int index, JsonNode block) {
    JsonNode input = block.get("input");
    String initial = input != null && input.isObject() && !input.isEmpty() ? input.toString() : "";
    if (AnthropicJsonAnswer.isAnswerTool(AnthropicBlocks.text(block, "name"))) {
      sawJsonAnswer = true;
      blocks.put(index, new Block(Kind.JSON_ANSWER, -1));
      text(initial);
      return;
    }
    int toolIndex = nextToolIndex++;
    blocks.put(index, new Block(Kind.TOOL, toolIndex));
    out.accept(new StreamEvent.ToolCallStart(toolIndex, AnthropicBlocks.text(block, "id"),
        AnthropicBlocks.text(block, "name")));
    if (!initial.isEmpty()) {
      out.accept(new StreamEvent.ToolCallDelta(toolIndex, initial));
    }
  }

  private void onBlockDelta(JsonNode data) {
    Block block = blocks.get(data.path("index").asInt(-1));
    if (block == null) {
      fail("Anthropic sent content_block_delta for block " + data.path("index") + ", which is not open.");
      return;
    }
    JsonNode delta = data.path("delta");
    switch (AnthropicBlocks.text(delta, "type")) {
      case "text_delta" -> text(AnthropicBlocks.text(delta, "text"));
      case "thinking_delta" -> reasoning(AnthropicBlocks.text(delta, "thinking"), "");
      case "signature_delta" -> reasoning("", AnthropicBlocks.text(delta, "signature"));
      case "input_json_delta" -> {
        String fragment = AnthropicBlocks.text(delta, "partial_json");
        if (block.kind() == Kind.JSON_ANSWER) {
          text(fragment);
        } else if (block.kind() == Kind.TOOL && !fragment.isEmpty()) {
          out.accept(new StreamEvent.ToolCallDelta(block.toolIndex(), fragment));
        }
      }
      default -> { } // citations_delta and deltas added later
    }
  }

  private void onBlockStop(JsonNode data) {
    Block block = blocks.remove(data.path("index").asInt(-1));
    if (block == null) {
      fail("Anthropic sent content_block_stop for block " + data.path("index") + ", which is not open.");
      return;
    }
    if (block.kind() == Kind.TOOL) {
      out.accept(new StreamEvent.ToolCallEnd(block.toolIndex()));
    }
  }

  private void onMessageDelta(JsonNode data) {
    JsonNode delta = data.path("delta");
    if (!finishSent) {
      finishSent = true;
      FinishReason reason = AnthropicResponseDecoder.finishReason(AnthropicBlocks.text(delta, "stop_reason"),
          sawJsonAnswer && nextToolIndex == 0);
      JsonNode stopSequence = delta.get("stop_sequence");
      out.accept(new StreamEvent.Finish(reason == null ? FinishReason.OTHER : reason,
          stopSequence != null && stopSequence.isTextual() ? stopSequence.asText() : null));
    }
    out.accept(new StreamEvent.UsageReport(AnthropicUsage.fromWire(data.get("usage"), startUsage)));
  }

  private void onMessageStop() {
    phase = Phase.FINISHED;
    out.accept(StreamEvent.END);
  }

  private void onError(JsonNode data) {
    JsonNode error = data.path("error");
    phase = Phase.FINISHED;
    out.accept(new StreamEvent.Error(nullIfEmpty(AnthropicBlocks.text(error, "type")),
        AnthropicBlocks.text(error, "message")));
  }

  private void text(String text) {
    if (!text.isEmpty()) {
      out.accept(new StreamEvent.TextDelta(text));
    }
  }

  private void reasoning(String text, String signature) {
    if (!text.isEmpty()) {
      out.accept(StreamEvent.ReasoningDelta.text(text));
    }
    if (!signature.isEmpty()) {
      out.accept(new StreamEvent.ReasoningDelta(null, signature, null));
    }
  }

  private void fail(String message) {
    phase = Phase.FINISHED;
    out.accept(new StreamEvent.Error(FAILURE_TYPE, message));
  }

  private static String nullIfEmpty(String s) {
    return s.isEmpty() ? null : s;
  }
}
