package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a {@link FakeChatReply} in OpenAI Chat Completions wire shape, by editing copies of the reference fixtures:
 * only ids, model, content, tool call and usage change; every other field (refusal, annotations, logprobs,
 * service_tier, system_fingerprint) is exactly what the fixture documents.
 */
final class FakeChatResponder {
  private static final String TEXT = "openai/chat-completion.json";
  private static final String TOOL_CALLS = "openai/chat-completion-tool-calls.json";
  private static final String TEXT_STREAM = "openai/chat-completion-stream-text.sse";
  private static final String TOOL_CALLS_STREAM = "openai/chat-completion-stream-tool-calls.sse";

  private FakeChatResponder() {}

  /** The {@code chat.completion} body for a non-streaming request. */
  static ObjectNode completion(FakeChatReply reply) {
    ObjectNode body = WireFixtures.json(reply.isToolCall() ? TOOL_CALLS : TEXT);
    stamp(body, reply);
    ObjectNode message = (ObjectNode) body.at("/choices/0/message");
    if (reply.isToolCall()) {
      // The fixture shows two parallel calls; the fake makes exactly one, so keep the first as the template.
      ArrayNode calls = (ArrayNode) message.get("tool_calls");
      ObjectNode call = (ObjectNode) calls.get(0);
      calls.removeAll().add(call);
      call.put("id", reply.toolCallId());
      ((ObjectNode) call.get("function")).put("name", reply.toolName()).put("arguments", reply.content());
    } else {
      message.put("content", reply.content());
    }
    if (omitsUsage(reply)) {
      body.remove("usage");
    } else {
      body.set("usage", usage(reply));
    }
    return body;
  }

  /**
   * The {@code empty-stream} knob's unary answer: a well-formed {@code chat.completion} whose {@code choices} is
   * empty, with no completion tokens, as some OpenAI-compatible upstreams answer when generation yields nothing.
   */
  static ObjectNode emptyCompletion(FakeChatReply reply) {
    ObjectNode body = WireFixtures.json(TEXT);
    stamp(body, reply);
    body.putArray("choices");
    body.set("usage", usage(reply).put("completion_tokens", 0).put("total_tokens", reply.promptTokens()));
    return body;
  }

  /**
   * The JSON payloads of the {@code chat.completion.chunk} events, in order, without the {@code [DONE]} marker:
   * role chunk, one chunk per piece, finish chunk, and (only with {@code include_usage}) the usage chunk whose
   * {@code choices} is empty. Without {@code include_usage} no chunk has a {@code usage} key, as upstream.
   */
  static List<String> chunks(FakeChatReply reply, boolean includeUsage) {
    List<ObjectNode> fixture = WireFixtures.sseEvents(reply.isToolCall() ? TOOL_CALLS_STREAM : TEXT_STREAM);
    ObjectNode first = fixture.get(0);
    ObjectNode pieceTemplate = fixture.get(1);
    ObjectNode finish = fixture.get(fixture.size() - 2);
    ObjectNode usageChunk = fixture.get(fixture.size() - 1);

    List<ObjectNode> events = new ArrayList<>(reply.pieces().size() + 3);
    if (reply.isToolCall()) {
      ObjectNode call = (ObjectNode) first.at("/choices/0/delta/tool_calls/0");
      call.put("id", reply.toolCallId());
      ((ObjectNode) call.get("function")).put("name", reply.toolName());
    }
    events.add(first);
    for (String piece : reply.pieces()) {
      ObjectNode event = pieceTemplate.deepCopy();
      if (reply.isToolCall()) {
        ((ObjectNode) event.at("/choices/0/delta/tool_calls/0/function")).put("arguments", piece);
      } else {
        ((ObjectNode) event.at("/choices/0/delta")).put("content", piece);
      }
      events.add(event);
    }
    events.add(finish);
    boolean withUsage = includeUsage && !omitsUsage(reply);
    if (withUsage) {
      usageChunk.set("usage", usage(reply));
      events.add(usageChunk);
    }
    List<String> payloads = new ArrayList<>(events.size());
    for (ObjectNode event : events) {
      stamp(event, reply);
      if (!withUsage) {
        event.remove("usage");
      }
      payloads.add(WireFixtures.write(event));
    }
    return payloads;
  }

  /**
   * The {@code no-usage} knob: like some OpenAI-compatible hosts, report no usage at all, neither in the body
   * nor as a usage chunk (even when asked), so the gateway has to estimate.
   */
  static boolean omitsUsage(FakeChatReply reply) {
    return reply.model() != null && reply.model().toLowerCase(java.util.Locale.ROOT).contains("no-usage");
  }

  private static void stamp(ObjectNode body, FakeChatReply reply) {
    body.put("id", reply.id()).put("created", reply.created()).put("model", reply.model());
  }

  /** {@code payloads} with event {@code index}'s delta content replaced (the {@code long-line} knob). */
  static List<String> withContent(List<String> payloads, int index, String content) {
    List<String> out = new ArrayList<>(payloads);
    ObjectNode event;
    try {
      event = (ObjectNode) WireFixtures.JSON.readTree(payloads.get(index));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the fake's own chunk is JSON", e);
    }
    ((ObjectNode) event.at("/choices/0/delta")).put("content", content);
    out.set(index, WireFixtures.write(event));
    return out;
  }

  private static ObjectNode usage(FakeChatReply reply) {
    ObjectNode usage = (ObjectNode) WireFixtures.json(TEXT).get("usage");
    if (FakeResponseFaults.parse(reply.model()).zeroUsage()) { // the zero-usage knob: reported, all zero
      return usage.put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
    }
    return usage.put("prompt_tokens", reply.promptTokens())
        .put("completion_tokens", reply.completionTokens())
        .put("total_tokens", reply.promptTokens() + reply.completionTokens());
  }
}
