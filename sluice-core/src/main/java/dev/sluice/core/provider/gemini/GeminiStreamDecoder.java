package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.util.function.Consumer;

/**
 * {@code streamGenerateContent?alt=sse} → canonical events. One instance per upstream attempt; not thread-safe.
 *
 * <p>Each data-only event is a whole {@code GenerateContentResponse} (events are separated by {@code \r\n\r\n},
 * which {@link SseParser} reads like any line end). Text arrives as pieces; a function call arrives whole in one
 * chunk, so it becomes start, one delta with all its arguments, and end at once. {@code usageMetadata} is on
 * every chunk and cumulative. The chunk with {@code finishReason} is the last with content; there is no
 * {@code [DONE]}: the body simply ends, and only an end after a finish reason is a proper {@link StreamEvent.End}.
 * An event {@code {"error": {...}}} (a failure after the 200) becomes {@link StreamEvent.Error}, as does
 * anything malformed; the decoder then ignores the rest of the body.
 */
final class GeminiStreamDecoder implements ProviderStreamDecoder {
  private enum Phase { AWAITING_START, STREAMING, FINISHED, FAILED }

  private final SseParser parser = new SseParser(this::onEvent);
  private final Emitter emitter = new Emitter();
  private Consumer<StreamEvent> out;
  private Phase phase = Phase.AWAITING_START;

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<StreamEvent> out) {
    if (phase == Phase.FAILED) {
      return;
    }
    this.out = out;
    parser.feed(bytes, offset, length);
    if (parser.overflowed()) {
      fail("invalid_response", "Gemini sent a stream event larger than " + SseParser.DEFAULT_MAX_EVENT_BYTES
          + " bytes.");
    }
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    if (phase == Phase.FAILED) {
      return;
    }
    this.out = out;
    parser.endOfInput();
    if (parser.hasPartialEvent()) {
      fail("truncated", "Gemini's stream ended in the middle of an event.");
    } else if (phase == Phase.FINISHED) {
      out.accept(StreamEvent.END);
    }
    // Otherwise the body ended before any finishReason: no End, so the gateway sees a cut stream.
  }

  private void onEvent(SseEvent event) {
    if (phase == Phase.FAILED || event.data().isBlank() || event.data().equals("[DONE]")) {
      return; // Gemini sends no [DONE]; tolerated in case a proxy in front adds one
    }
    ObjectNode chunk = GeminiJson.parseObjectOrNull(event.data());
    if (chunk == null) {
      fail("invalid_response", "Gemini sent a stream event that is not a JSON object.");
      return;
    }
    if (chunk.get("error") instanceof ObjectNode error) {
      fail(GeminiJson.string(error, "status"), GeminiErrors.describe(error));
      return;
    }
    try {
      onChunk(chunk);
    } catch (GatewayException e) {
      fail("invalid_response", e.getMessage());
    }
  }

  private void onChunk(ObjectNode chunk) {
    if (phase == Phase.AWAITING_START) {
      out.accept(new StreamEvent.Start(GeminiJson.string(chunk, "responseId"),
          GeminiJson.string(chunk, "modelVersion")));
      phase = Phase.STREAMING;
    }
    JsonNode candidate = chunk.path("candidates").path(0);
    if (phase == Phase.STREAMING) {
      GeminiParts.read(candidate.path("content").get("parts"), emitter); // nothing may follow a Finish
    }
    if (chunk.get("usageMetadata") instanceof ObjectNode usage) {
      out.accept(new StreamEvent.UsageReport(GeminiUsage.from(usage))); // before Finish: it is the total
    }
    if (phase != Phase.STREAMING) {
      return;
    }
    String reason = GeminiJson.string(candidate, "finishReason");
    if (reason != null) {
      finish(GeminiFinishReasons.toFinishReason(reason, emitter.calls > 0));
    } else if (candidate.isMissingNode()
        && GeminiJson.string(chunk.path("promptFeedback"), "blockReason") != null) {
      finish(FinishReason.CONTENT_FILTER); // the prompt was blocked: no candidate will ever come
    }
  }

  private void finish(FinishReason reason) {
    out.accept(new StreamEvent.Finish(reason, /* stopSequence= */ null));
    phase = Phase.FINISHED;
  }

  private void fail(String type, String message) {
    out.accept(new StreamEvent.Error(type, message));
    phase = Phase.FAILED;
  }

  /** Parts → events; counts the calls, whose ordinal is both the event index and part of the generated id. */
  private final class Emitter implements GeminiParts.Sink {
    private int calls;

    @Override
    public void reasoning(String text, String signature) {
      out.accept(new StreamEvent.ReasoningDelta(text, signature, null));
    }

    @Override
    public void signature(String signature) {
      out.accept(new StreamEvent.ReasoningDelta(null, signature, null));
    }

    @Override
    public void text(String text) {
      out.accept(new StreamEvent.TextDelta(text));
    }

    @Override
    public void functionCall(String id, String name, String argumentsJson) {
      int index = calls++;
      out.accept(new StreamEvent.ToolCallStart(index, GeminiParts.callId(id, index, name), name));
      out.accept(new StreamEvent.ToolCallDelta(index, argumentsJson));
      out.accept(new StreamEvent.ToolCallEnd(index));
    }
  }
}
