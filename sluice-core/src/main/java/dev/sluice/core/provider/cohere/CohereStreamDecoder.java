package dev.sluice.core.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.model.Usage;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Cohere v2 chat SSE to canonical events (docs.cohere.com/v2/docs/streaming). One instance per upstream
 * attempt; not thread-safe.
 *
 * <p>Every event has an {@code event:} line equal to the {@code type} in its data (the type is the fallback
 * when a line is missing). {@code message-start} gives the id; {@code content-delta} carries
 * {@code delta.message.content.text} (or {@code .thinking} for reasoning models); {@code tool-plan-delta}
 * carries the tool plan, emitted as reasoning for the reason {@link CohereResponseDecoder} gives;
 * {@code tool-call-start | -delta | -end} carry one call each, {@code delta.message.tool_calls} being a single
 * object (not a list) and {@code index} naming the call; {@code message-end} carries the finish reason and
 * the only usage. Calls are renumbered from 0 in order of their start, as the canonical grammar wants,
 * whatever Cohere's indexes are. {@code content-start}, {@code content-end}, citations, {@code debug} and
 * unknown events are skipped; a trailing {@code data: [DONE]} (added by some client test mocks) is
 * tolerated, never required.
 *
 * <p>{@code message-end} with {@code finish_reason: "ERROR"} (and its {@code error} message) is Cohere's
 * in-band failure: it becomes {@link StreamEvent.Error} rather than a finish, so the gateway can treat it as
 * the failure it is (and retry when nothing has reached the caller). Malformed data, out-of-order events
 * and a body that ends before {@code message-end} also end the stream in an Error; nothing is thrown.
 */
final class CohereStreamDecoder implements ProviderStreamDecoder {
  private enum Phase { AWAITING_START, STREAMING, DONE }

  private final SseParser parser = new SseParser(this::onEvent);
  private Consumer<StreamEvent> out;
  private Phase phase = Phase.AWAITING_START;
  /** Open tool calls: Cohere's index to ours (ordered by Cohere's, to close leftovers in a stable order). */
  private final Map<Integer, Integer> openCalls = new TreeMap<>();
  private int nextCall;

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<StreamEvent> sink) {
    if (phase == Phase.DONE) {
      return; // after message-end (or a failure) nothing more counts, e.g. a trailing [DONE]
    }
    out = sink;
    parser.feed(bytes, offset, length);
    if (parser.overflowed() && phase != Phase.DONE) {
      fail(null, "Cohere sent a stream event larger than " + SseParser.DEFAULT_MAX_EVENT_BYTES + " bytes.");
    }
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> sink) {
    if (phase == Phase.DONE) {
      return;
    }
    out = sink;
    parser.endOfInput();
    fail(null, "Cohere's stream ended before message-end.");
  }

  private void onEvent(SseEvent event) {
    if (phase == Phase.DONE || event.data().equals("[DONE]")) {
      return;
    }
    JsonNode json = CohereJson.parseEvent(event.data());
    String type = event.event() != null ? event.event() : json == null ? null : CohereJson.text(json, "type");
    if (json == null) {
      String named = type == null ? "" : " '" + type + "'";
      fail(null, "Cohere sent a stream event" + named + " that is not a JSON object.");
      return;
    }
    if (type == null) {
      fail(null, "Cohere sent a stream event without a type.");
      return;
    }
    switch (type) {
      case "message-start" -> onMessageStart(json);
      case "content-delta" -> onContentDelta(json);
      case "tool-plan-delta" -> onToolPlanDelta(json);
      case "tool-call-start" -> onToolCallStart(json);
      case "tool-call-delta" -> onToolCallDelta(json);
      case "tool-call-end" -> onToolCallEnd(json);
      case "message-end" -> onMessageEnd(json);
      default -> { } // content-start/-end, citation-start/-end, debug, and events added later
    }
  }

  private void onMessageStart(JsonNode json) {
    if (phase != Phase.AWAITING_START) {
      fail(null, "Cohere sent a second message-start.");
      return;
    }
    phase = Phase.STREAMING;
    out.accept(new StreamEvent.Start(CohereJson.text(json, "id"), null));
  }

  private void onContentDelta(JsonNode json) {
    if (!started("content-delta")) {
      return;
    }
    JsonNode content = json.path("delta").path("message").path("content");
    if (!content.isObject()) {
      fail(null, "Cohere sent a content-delta without delta.message.content.");
      return;
    }
    String text = optionalString(content, "text", "content-delta");
    String thinking = optionalString(content, "thinking", "content-delta");
    if (phase == Phase.DONE) {
      return; // a field had the wrong type
    }
    if (thinking != null && !thinking.isEmpty()) {
      out.accept(StreamEvent.ReasoningDelta.text(thinking));
    }
    if (text != null && !text.isEmpty()) {
      out.accept(new StreamEvent.TextDelta(text));
    }
  }

  private void onToolPlanDelta(JsonNode json) {
    if (!started("tool-plan-delta")) {
      return;
    }
    String plan = optionalString(json.path("delta").path("message"), "tool_plan", "tool-plan-delta");
    if (plan != null && !plan.isEmpty() && phase != Phase.DONE) {
      out.accept(StreamEvent.ReasoningDelta.text(plan));
    }
  }

  private void onToolCallStart(JsonNode json) {
    Integer index = started("tool-call-start") ? index(json, "tool-call-start") : null;
    if (index == null) {
      return;
    }
    JsonNode call = toolCall(json);
    String id = CohereJson.text(call, "id");
    String name = CohereJson.text(call.path("function"), "name");
    if (id == null || name == null) {
      fail(null, "Cohere sent a tool-call-start without an id or a function name.");
      return;
    }
    if (openCalls.containsKey(index)) {
      fail(null, "Cohere started tool call " + index + " twice.");
      return;
    }
    int ours = nextCall++;
    openCalls.put(index, ours);
    out.accept(new StreamEvent.ToolCallStart(ours, id, name));
    String arguments = optionalString(call.path("function"), "arguments", "tool-call-start");
    if (arguments != null && !arguments.isEmpty() && phase != Phase.DONE) {
      out.accept(new StreamEvent.ToolCallDelta(ours, arguments));
    }
  }

  private void onToolCallDelta(JsonNode json) {
    Integer ours = openCall(json, "tool-call-delta", /* remove= */ false);
    if (ours == null) {
      return;
    }
    String arguments = optionalString(toolCall(json).path("function"), "arguments", "tool-call-delta");
    if (arguments != null && !arguments.isEmpty() && phase != Phase.DONE) {
      out.accept(new StreamEvent.ToolCallDelta(ours, arguments));
    }
  }

  private void onToolCallEnd(JsonNode json) {
    Integer ours = openCall(json, "tool-call-end", /* remove= */ true);
    if (ours != null) {
      out.accept(new StreamEvent.ToolCallEnd(ours));
    }
  }

  private void onMessageEnd(JsonNode json) {
    if (!started("message-end")) {
      return;
    }
    JsonNode delta = json.path("delta");
    String reason = CohereJson.text(delta, "finish_reason");
    Usage usage = CohereUsage.from(delta.get("usage"));
    if (CohereFinishReasons.ERROR.equals(reason)) {
      if (usage.isKnown()) {
        out.accept(new StreamEvent.UsageReport(usage)); // the failed attempt still consumed tokens
      }
      String error = CohereJson.text(delta, "error");
      fail(reason, error == null || error.isBlank() ? "Cohere reported an error while generating." : error);
      out.accept(StreamEvent.END);
      return;
    }
    for (int ours : openCalls.values()) {
      out.accept(new StreamEvent.ToolCallEnd(ours)); // Cohere always closes its calls; be whole if not
    }
    openCalls.clear();
    FinishReason finish = CohereFinishReasons.toFinishReason(reason);
    out.accept(new StreamEvent.Finish(finish == null ? FinishReason.OTHER : finish, null));
    if (usage.isKnown()) {
      out.accept(new StreamEvent.UsageReport(usage));
    }
    out.accept(StreamEvent.END);
    phase = Phase.DONE;
  }

  /** The call object of a tool-call event: a single object (a one-element list is tolerated). */
  private static JsonNode toolCall(JsonNode json) {
    JsonNode calls = json.path("delta").path("message").path("tool_calls");
    return calls.isArray() ? calls.path(0) : calls;
  }

  private Integer openCall(JsonNode json, String type, boolean remove) {
    Integer index = started(type) ? index(json, type) : null;
    if (index == null) {
      return null;
    }
    Integer ours = remove ? openCalls.remove(index) : openCalls.get(index);
    if (ours == null) {
      fail(null, "Cohere sent " + type + " for tool call " + index + ", which is not open.");
    }
    return ours;
  }

  private Integer index(JsonNode json, String type) {
    JsonNode index = json.get("index");
    if (index == null || !index.canConvertToInt() || !index.isIntegralNumber() || index.asInt() < 0) {
      fail(null, "Cohere sent " + type + " without a valid index.");
      return null;
    }
    return index.asInt();
  }

  private boolean started(String type) {
    if (phase == Phase.AWAITING_START) {
      fail(null, "Cohere sent " + type + " before message-start.");
      return false;
    }
    return true;
  }

  /** The string field, null when absent or null; a field of another type fails the stream. */
  private String optionalString(JsonNode node, String field, String type) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      fail(null, "Cohere sent " + type + " whose " + field + " is not a string.");
      return null;
    }
    return value.asText();
  }

  private void fail(String type, String message) {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    out.accept(new StreamEvent.Error(type, message));
  }
}
