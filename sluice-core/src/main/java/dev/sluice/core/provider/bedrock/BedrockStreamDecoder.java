package dev.sluice.core.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.model.Usage;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * ConverseStream body (binary event stream, API_runtime_ConverseStreamOutput) to canonical events. One instance
 * per upstream attempt; not thread-safe.
 *
 * <p>Frames come from {@link EventStreamDecoder}; {@code :message-type} says event, exception or error, and
 * {@code :event-type} which event. {@code messageStart} → Start; {@code contentBlockStart} with a
 * {@code toolUse} → ToolCallStart (calls numbered from 0); {@code contentBlockDelta} → text, tool-input
 * fragment or reasoning text / signature / redacted content; {@code contentBlockStop} of a tool block →
 * ToolCallEnd; {@code messageStop} → Finish; {@code metadata} (always last) → UsageReport, then End. An
 * exception frame ({@code throttlingException}, {@code modelStreamErrorException}, ...) becomes Error with that
 * type and the payload's message. Unknown events are skipped; bad CRCs, bad JSON and out-of-order events become
 * Error and nothing more is read. A body that simply stops (no metadata) yields no End: the stream was cut.
 */
final class BedrockStreamDecoder implements ProviderStreamDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private enum Phase { AWAITING_START, STREAMING, STOPPED, FINISHED }

  private final EventStreamDecoder frames;
  private Phase phase = Phase.AWAITING_START;
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>(); // contentBlockIndex → tool call index
  private final Set<Integer> jsonOutputBlocks = new HashSet<>();
  private int toolCalls;

  BedrockStreamDecoder() {
    this(new EventStreamDecoder());
  }

  BedrockStreamDecoder(EventStreamDecoder frames) {
    this.frames = frames;
  }

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<StreamEvent> out) {
    if (phase == Phase.FINISHED) {
      return;
    }
    frames.feed(bytes, offset, length, frame -> onFrame(frame, out));
    if (frames.failure() != null) {
      fail(out, null, frames.failure());
    }
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    // Nothing pending to flush: End is emitted at metadata, and a body cut short gets none.
  }

  private void onFrame(EventStreamFrame frame, Consumer<StreamEvent> out) {
    if (phase == Phase.FINISHED) {
      return;
    }
    String messageType = frame.messageType();
    if ("exception".equals(messageType)) {
      String message = message(frame.payload());
      fail(out, frame.exceptionType(), message == null ? "Bedrock reported " + frame.exceptionType() : message);
      return;
    }
    if ("error".equals(messageType)) {
      fail(out, frame.stringHeader(EventStreamFrame.ERROR_CODE), frame.stringHeader(EventStreamFrame.ERROR_MESSAGE));
      return;
    }
    if (!"event".equals(messageType) || frame.eventType() == null) {
      return; // not an event we know how to read: forward compatible
    }
    JsonNode event = json(frame.payload());
    if (event == null) {
      fail(out, null, "Bedrock sent a " + frame.eventType() + " event whose payload is not a JSON object.");
      return;
    }
    switch (frame.eventType()) {
      case "messageStart" -> onMessageStart(out);
      case "contentBlockStart" -> onBlockStart(event, out);
      case "contentBlockDelta" -> onBlockDelta(event, out);
      case "contentBlockStop" -> onBlockStop(event, out);
      case "messageStop" -> onMessageStop(event, out);
      case "metadata" -> onMetadata(event, out);
      default -> { } // a newer event type: skipped
    }
  }

  private void onMessageStart(Consumer<StreamEvent> out) {
    if (phase == Phase.AWAITING_START) {
      phase = Phase.STREAMING;
      out.accept(new StreamEvent.Start(null, null)); // ConverseStream names neither the response nor the model
    }
  }

  private void onBlockStart(JsonNode event, Consumer<StreamEvent> out) {
    if (!streaming("contentBlockStart", out)) {
      return;
    }
    JsonNode toolUse = event.path("start").path("toolUse");
    if (!toolUse.isObject()) {
      return;
    }
    int block = event.path("contentBlockIndex").asInt();
    String name = toolUse.path("name").asText("");
    if (BedrockToolsEncoder.JSON_OUTPUT_TOOL.equals(name)) {
      jsonOutputBlocks.add(block);
      return;
    }
    int index = toolCalls++;
    toolIndexByBlock.put(block, index);
    out.accept(new StreamEvent.ToolCallStart(index, toolUse.path("toolUseId").asText(""), name));
  }

  private void onBlockDelta(JsonNode event, Consumer<StreamEvent> out) {
    if (!streaming("contentBlockDelta", out)) {
      return;
    }
    int block = event.path("contentBlockIndex").asInt();
    JsonNode delta = event.path("delta");
    if (delta.path("text").isTextual()) {
      emitText(delta.get("text").asText(), out);
    } else if (delta.path("toolUse").isObject()) {
      String fragment = delta.get("toolUse").path("input").asText("");
      Integer index = toolIndexByBlock.get(block);
      if (jsonOutputBlocks.contains(block)) {
        emitText(fragment, out);
      } else if (index == null) {
        fail(out, null, "Bedrock sent tool input for content block " + block + " before its contentBlockStart.");
      } else if (!fragment.isEmpty()) {
        out.accept(new StreamEvent.ToolCallDelta(index, fragment));
      }
    } else if (delta.path("reasoningContent").isObject()) {
      JsonNode reasoning = delta.get("reasoningContent");
      if (reasoning.path("text").isTextual()) {
        out.accept(StreamEvent.ReasoningDelta.text(reasoning.get("text").asText()));
      } else if (reasoning.path("signature").isTextual()) {
        out.accept(new StreamEvent.ReasoningDelta(null, reasoning.get("signature").asText(), null));
      } else if (reasoning.path("redactedContent").isTextual()) {
        out.accept(new StreamEvent.ReasoningDelta(null, null, reasoning.get("redactedContent").asText()));
      }
    } // citations, images and other newer deltas: skipped
  }

  private void onBlockStop(JsonNode event, Consumer<StreamEvent> out) {
    if (!streaming("contentBlockStop", out)) {
      return;
    }
    Integer index = toolIndexByBlock.remove(event.path("contentBlockIndex").asInt());
    if (index != null) {
      out.accept(new StreamEvent.ToolCallEnd(index));
    }
  }

  private void onMessageStop(JsonNode event, Consumer<StreamEvent> out) {
    if (!streaming("messageStop", out)) {
      return;
    }
    phase = Phase.STOPPED;
    String stopReason = event.path("stopReason").isTextual() ? event.get("stopReason").asText() : null;
    JsonNode stopSequence = event.path("additionalModelResponseFields").path("stop_sequence");
    boolean onlyJsonOutput = !jsonOutputBlocks.isEmpty() && toolCalls == 0;
    out.accept(new StreamEvent.Finish(BedrockStopReasons.toFinishReason(stopReason, onlyJsonOutput),
        stopSequence.isTextual() ? stopSequence.asText() : null));
  }

  private void onMetadata(JsonNode event, Consumer<StreamEvent> out) {
    if (phase != Phase.STOPPED) {
      fail(out, null, "Bedrock sent its metadata event before messageStop.");
      return;
    }
    Usage usage = BedrockUsage.from(event.get("usage"));
    if (usage.isKnown()) {
      out.accept(new StreamEvent.UsageReport(usage));
    }
    phase = Phase.FINISHED;
    out.accept(StreamEvent.END);
  }

  /** True between messageStart and messageStop; otherwise the event is out of order and the stream fails. */
  private boolean streaming(String eventType, Consumer<StreamEvent> out) {
    if (phase == Phase.STREAMING) {
      return true;
    }
    fail(out, null, "Bedrock sent " + eventType + (phase == Phase.AWAITING_START ? " before messageStart."
        : " after messageStop."));
    return false;
  }

  private static void emitText(String text, Consumer<StreamEvent> out) {
    if (!text.isEmpty()) {
      out.accept(new StreamEvent.TextDelta(text));
    }
  }

  private void fail(Consumer<StreamEvent> out, String type, String message) {
    if (phase != Phase.FINISHED) {
      phase = Phase.FINISHED;
      out.accept(new StreamEvent.Error(type, message));
    }
  }

  private static JsonNode json(byte[] payload) {
    try {
      JsonNode node = JSON.readTree(payload);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** An exception payload's {@code message} (AWS also spells it {@code Message}), or null. */
  static String message(byte[] payload) {
    JsonNode node = json(payload);
    if (node == null) {
      return null;
    }
    JsonNode message = node.has("message") ? node.get("message") : node.get("Message");
    return message != null && message.isTextual() ? message.asText() : null;
  }
}
