package dev.sluice.core.provider.openai;

import static dev.sluice.core.provider.openai.OpenAiChatCodecJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.dialect.openai.OpenAiUsage;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An OpenAI chat stream ({@code data:} chunks, then {@code data: [DONE]}) → canonical events.
 *
 * <ul>
 *   <li>The first chunk gives {@link StreamEvent.Start} (its id and model); Azure's opening chunk that only
 *       holds {@code prompt_filter_results} is skipped, so the start carries the answer's id.
 *   <li>{@code choices[0].delta}: {@code reasoning_content}/{@code reasoning} → reasoning, {@code content}
 *       (or a {@code refusal}) → text, {@code tool_calls} → {@link OpenAiChatCodecToolCalls}. Other choices
 *       ({@code n} above 1) are ignored: the canonical answer has one.
 *   <li>{@code finish_reason} → the open calls' ends, then {@link StreamEvent.Finish}.
 *   <li>A {@code usage} object (or Groq's {@code x_groq.usage}) → {@link StreamEvent.UsageReport}.
 *   <li>{@code [DONE]} → {@link StreamEvent.End}; a host that ends the body right after the finish chunk
 *       without {@code [DONE]} ended properly too.
 *   <li>{@code {"error": ...}} chunks, data that is not a JSON object, an event over the size bound, or a
 *       body cut before the end → one {@link StreamEvent.Error}; everything after it is ignored.
 * </ul>
 *
 * <p>One per upstream attempt; not thread-safe.
 */
final class OpenAiChatCodecStreamDecoder implements ProviderStreamDecoder {
  private enum Phase { AWAITING_START, STREAMING, FINISHED }

  private final SseParser parser = new SseParser(this::onEvent);
  private final OpenAiChatCodecToolCalls calls = new OpenAiChatCodecToolCalls();
  private final List<StreamEvent> pending = new ArrayList<>(); // events of the bytes being fed
  private Phase phase = Phase.AWAITING_START;
  private boolean finishSeen;

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<StreamEvent> out) {
    if (phase != Phase.FINISHED) {
      parser.feed(bytes, offset, length);
      if (parser.overflowed()) {
        fail("invalid_response", "The provider sent a stream event larger than "
            + SseParser.DEFAULT_MAX_EVENT_BYTES + " bytes.");
      }
    }
    drain(out);
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    if (phase != Phase.FINISHED) {
      parser.endOfInput();
      if (finishSeen && !parser.hasPartialEvent()) {
        pending.add(StreamEvent.END);
        phase = Phase.FINISHED;
      } else {
        fail("stream_truncated", "The provider's stream ended before [DONE].");
      }
    }
    drain(out);
  }

  private void drain(Consumer<StreamEvent> out) {
    // the parser's sink is fixed when it is made, the consumer comes with each call: events wait in between
    for (StreamEvent e : pending) {
      out.accept(e);
    }
    pending.clear();
  }

  private void onEvent(SseEvent event) {
    if (phase == Phase.FINISHED) {
      return;
    }
    String data = event.data().strip();
    if (data.equals("[DONE]")) {
      onDone();
      return;
    }
    JsonNode chunk = OpenAiChatCodecJson.read(data);
    if (chunk == null || !chunk.isObject()) {
      fail("invalid_response", "The provider sent a stream event that is not a JSON object.");
      return;
    }
    JsonNode error = chunk.get("error");
    if (error != null && !error.isNull()) {
      String message = OpenAiChatCodecErrors.message(chunk);
      fail(OpenAiChatCodecErrors.type(chunk), message != null ? message : "The provider reported an error.");
      return;
    }
    if (phase == Phase.AWAITING_START) {
      if (isPromptVerdictOnly(chunk)) {
        return; // Azure's opening chunk: the start (and its id) comes with the next one
      }
      phase = Phase.STREAMING;
      pending.add(new StreamEvent.Start(text(chunk, "id"), text(chunk, "model")));
    }
    JsonNode choices = chunk.get("choices");
    if (choices != null && choices.isArray()) {
      for (JsonNode choice : choices) {
        if (choice.path("index").asInt(0) == 0) {
          onChoice(choice);
        }
      }
    }
    onUsage(chunk.get("usage"));
    onUsage(chunk.path("x_groq").get("usage"));
  }

  /**
   * Azure OpenAI opens every stream with a chunk that only carries the content filter's verdict on the prompt:
   * {@code "id": ""}, {@code "model": ""}, {@code "choices": []}, {@code prompt_filter_results}. Taking it as the
   * start would lose the answer's real id, which comes with the next chunk.
   */
  private static boolean isPromptVerdictOnly(JsonNode chunk) {
    String id = text(chunk, "id");
    JsonNode choices = chunk.get("choices");
    JsonNode usage = chunk.get("usage");
    return (id == null || id.isEmpty()) && (choices == null || choices.isEmpty())
        && (usage == null || usage.isNull()) && chunk.has("prompt_filter_results");
  }

  private void onChoice(JsonNode choice) {
    JsonNode delta = choice.get("delta");
    if (delta != null && delta.isObject()) {
      String reasoning = OpenAiChatCodecJson.reasoning(delta);
      if (reasoning != null && !reasoning.isEmpty()) {
        pending.add(StreamEvent.ReasoningDelta.text(reasoning));
      }
      String content = OpenAiChatCodecJson.content(delta);
      if (content != null && !content.isEmpty()) {
        pending.add(new StreamEvent.TextDelta(content));
      }
      String refusal = text(delta, "refusal");
      if (refusal != null && !refusal.isEmpty()) {
        pending.add(new StreamEvent.TextDelta(refusal));
      }
      calls.onDelta(delta.get("tool_calls"), pending::add);
    }
    String finish = text(choice, "finish_reason");
    if (finish != null && !finishSeen) {
      finishSeen = true;
      calls.endAll(pending::add);
      pending.add(new StreamEvent.Finish(
          OpenAiChatCodecFinishReasons.toFinishReason(finish, calls.any()), /* stopSequence= */ null));
    }
  }

  private void onUsage(JsonNode usage) {
    if (usage != null && usage.isObject()) {
      pending.add(new StreamEvent.UsageReport(OpenAiUsage.fromUsageNode(usage)));
    }
  }

  /** {@code [DONE]}: a stream without a finish chunk still gets one, so the canonical grammar holds. */
  private void onDone() {
    if (phase == Phase.AWAITING_START) {
      pending.add(new StreamEvent.Start(null, null));
    }
    if (!finishSeen) {
      finishSeen = true;
      calls.endAll(pending::add);
      pending.add(new StreamEvent.Finish(calls.any() ? FinishReason.TOOL_CALLS : FinishReason.STOP, null));
    }
    pending.add(StreamEvent.END);
    phase = Phase.FINISHED;
  }

  private void fail(String type, String message) {
    pending.add(new StreamEvent.Error(type, message));
    phase = Phase.FINISHED;
  }
}
