package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts a {@link FakeCohereReply} in Cohere v2 chat wire shape by editing copies of the {@code wire/cohere/} fixtures:
 * only the id, text, tool plan, tool call and usage change; every other field is what the fixture documents.
 */
final class FakeCohereResponder {
  private static final String TEXT = "cohere/chat.json";
  private static final String TOOL_CALLS = "cohere/chat-tool-calls.json";
  private static final String TEXT_STREAM = "cohere/chat-stream-text.sse";
  private static final String TOOL_CALLS_STREAM = "cohere/chat-stream-tool-calls.sse";

  /** One SSE event: its {@code event:} name and its JSON data. */
  record Event(String name, String data) {}

  /**
   * The events of a streamed answer, and where the reply's pieces sit among them (for the faults counted in
   * content events: {@code midstream-error-<k>}, {@code die-after-<k>}).
   */
  record Stream(List<Event> events, int firstContent, int contentEvents) {}

  private FakeCohereResponder() {}

  /** The unary body. {@code empty} gives an answer without content (the {@code empty-stream} knob's unary form). */
  static ObjectNode unary(FakeCohereReply answer, boolean empty) {
    FakeChatReply reply = answer.reply();
    ObjectNode body = WireFixtures.json(reply.isToolCall() ? TOOL_CALLS : TEXT);
    body.put("id", reply.id());
    ObjectNode message = (ObjectNode) body.get("message");
    if (reply.isToolCall()) {
      message.put("tool_plan", answer.planText());
      ObjectNode call = (ObjectNode) message.get("tool_calls").get(0);
      call.put("id", reply.toolCallId());
      ((ObjectNode) call.get("function")).put("name", reply.toolName()).put("arguments", reply.content());
    } else if (empty) {
      message.putArray("content");
    } else {
      ((ObjectNode) message.get("content").get(0)).put("text", reply.content());
    }
    if (omitsUsage(reply)) {
      body.remove("usage");
    } else {
      body.set("usage", usage(reply.promptTokens(), empty ? 0 : answer.outputTokens()));
    }
    return body;
  }

  /** The events of a streamed answer, built from the matching stream fixture's events. */
  static Stream stream(FakeCohereReply answer) {
    FakeChatReply reply = answer.reply();
    List<ObjectNode> fixture = WireFixtures.sseEvents(reply.isToolCall() ? TOOL_CALLS_STREAM : TEXT_STREAM);
    List<Event> events = new ArrayList<>();
    ObjectNode start = first(fixture, "message-start").put("id", reply.id());
    events.add(event(start));
    int firstContent;
    if (reply.isToolCall()) {
      for (String piece : answer.plan()) {
        ObjectNode delta = first(fixture, "tool-plan-delta");
        ((ObjectNode) delta.at("/delta/message")).put("tool_plan", piece);
        events.add(event(delta));
      }
      ObjectNode callStart = first(fixture, "tool-call-start");
      ObjectNode call = (ObjectNode) callStart.at("/delta/message/tool_calls");
      call.put("id", reply.toolCallId());
      ((ObjectNode) call.get("function")).put("name", reply.toolName()).put("arguments", "");
      events.add(event(callStart));
      firstContent = events.size();
      for (String piece : reply.pieces()) {
        ObjectNode delta = first(fixture, "tool-call-delta");
        ((ObjectNode) delta.at("/delta/message/tool_calls/function")).put("arguments", piece);
        events.add(event(delta));
      }
      events.add(event(first(fixture, "tool-call-end")));
    } else {
      events.add(event(first(fixture, "content-start")));
      firstContent = events.size();
      for (String piece : reply.pieces()) {
        ObjectNode delta = first(fixture, "content-delta");
        ((ObjectNode) delta.at("/delta/message/content")).put("text", piece);
        events.add(event(delta));
      }
      events.add(event(first(fixture, "content-end")));
    }
    ObjectNode end = first(fixture, "message-end");
    ObjectNode endDelta = (ObjectNode) end.get("delta");
    if (omitsUsage(reply)) {
      endDelta.remove("usage");
    } else {
      endDelta.set("usage", usage(reply.promptTokens(), answer.outputTokens()));
    }
    events.add(event(end));
    return new Stream(List.copyOf(events), firstContent, reply.pieces().size());
  }

  /**
   * Cohere's failure inside a stream that already answered 200: a {@code message-end} whose {@code finish_reason}
   * is {@code ERROR} and whose {@code error} says why (the v2 stream has no separate error event).
   */
  static Event inBandError() {
    ObjectNode end = first(WireFixtures.sseEvents(TEXT_STREAM), "message-end");
    ObjectNode delta = end.putObject("delta");
    delta.put("error", FakeCohereErrors.IN_BAND).put("finish_reason", "ERROR");
    return event(end);
  }

  /** The {@code no-usage} knob: no usage anywhere, so the gateway has to estimate. */
  static boolean omitsUsage(FakeChatReply reply) {
    return reply.model() != null && reply.model().toLowerCase(Locale.ROOT).contains("no-usage");
  }

  /**
   * Usage with both of Cohere's pairs. Live answers bill fewer input tokens than the model reads (Cohere adds its own
   * preamble); the fake has no preamble, so both pairs carry the same numbers.
   */
  private static ObjectNode usage(int input, int output) {
    ObjectNode usage = (ObjectNode) WireFixtures.json(TEXT).get("usage");
    ((ObjectNode) usage.get("billed_units")).put("input_tokens", input).put("output_tokens", output);
    ((ObjectNode) usage.get("tokens")).put("input_tokens", input).put("output_tokens", output);
    return usage;
  }

  private static ObjectNode first(List<ObjectNode> fixture, String type) {
    for (ObjectNode event : fixture) {
      if (event.path("type").asText().equals(type)) {
        return event.deepCopy();
      }
    }
    throw new IllegalStateException("no " + type + " event in the Cohere stream fixture");
  }

  private static Event event(ObjectNode data) {
    return new Event(data.get("type").asText(), WireFixtures.write(data));
  }
}
