package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts a {@link FakeGeminiReply} in Gemini's {@code GenerateContentResponse} shape by editing copies of the
 * {@code wire/gemini/} fixtures: parts, finish reason, usage, {@code modelVersion} and {@code responseId} change,
 * every other field is the fixture's.
 *
 * <p>Streams follow the fixtures: an optional thought chunk, then one chunk per text piece and a last chunk with
 * empty text and {@code finishReason: STOP}; a function call arrives whole in a single chunk that also carries the
 * finish reason. A function call's part always has a {@code thoughtSignature}, as Gemini 2.5 and 3 send on the
 * first call of a turn. Every chunk carries the cumulative {@code usageMetadata} (unless {@code no-usage}).
 */
final class FakeGeminiResponder {
  private static final String TEXT = "gemini/generateContent-text.json";
  private static final String CALLS = "gemini/generateContent-functionCall.json";
  private static final String TEXT_STREAM = "gemini/streamGenerateContent-text.sse";
  private static final String CALLS_STREAM = "gemini/streamGenerateContent-functionCall.sse";
  static final String SIGNATURE = WireFixtures.json(CALLS).at("/candidates/0/content/parts/0/thoughtSignature").asText();

  /**
   * A stream's chunk payloads and where its content is: events before {@code firstContent} are the thought
   * summary; {@code contentEvents} events from there carry the reply's pieces (or the call).
   */
  record Chunks(List<String> payloads, int firstContent, int contentEvents) {}

  private FakeGeminiResponder() {}

  static ObjectNode unary(FakeGeminiReply reply) {
    ObjectNode body = WireFixtures.json(reply.isToolCall() ? CALLS : TEXT);
    ObjectNode candidate = (ObjectNode) body.at("/candidates/0");
    ArrayNode parts = ((ObjectNode) candidate.get("content")).putArray("parts");
    if (reply.thought() != null) {
      parts.add(thoughtPart(reply));
    }
    if (reply.isToolCall()) {
      parts.add(callPart(reply));
    } else {
      parts.addObject().put("text", reply.content());
    }
    candidate.put("finishReason", "STOP");
    stamp(body, reply, reply.candidatesTokens());
    return body;
  }

  /** The {@code empty-stream} knob's unary answer: no candidate at all, as Gemini answers a blocked prompt. */
  static ObjectNode noCandidates(FakeGeminiReply reply) {
    ObjectNode body = WireFixtures.json(TEXT);
    body.remove("candidates");
    stamp(body, reply, 0);
    return body;
  }

  static Chunks chunks(FakeGeminiReply reply) {
    List<ObjectNode> text = WireFixtures.sseEvents(TEXT_STREAM);
    List<ObjectNode> events = new ArrayList<>();
    if (reply.thought() != null) {
      ObjectNode thought = text.get(0).deepCopy();
      parts(thought).removeAll().add(thoughtPart(reply));
      stamp(thought, reply, 0);
      events.add(thought);
    }
    int firstContent = events.size();
    if (reply.isToolCall()) {
      ObjectNode call = WireFixtures.sseEvents(CALLS_STREAM).get(0);
      parts(call).removeAll().add(callPart(reply));
      ((ObjectNode) call.at("/candidates/0")).put("finishReason", "STOP");
      stamp(call, reply, reply.candidatesTokens());
      events.add(call);
    } else {
      for (int i = 0; i < reply.pieces().size(); i++) {
        ObjectNode piece = text.get(0).deepCopy();
        parts(piece).removeAll().addObject().put("text", reply.pieces().get(i));
        stamp(piece, reply, i + 1);
        events.add(piece);
      }
      ObjectNode last = text.get(text.size() - 1); // empty text and finishReason, as Gemini ends a text stream
      stamp(last, reply, reply.candidatesTokens());
      events.add(last);
    }
    List<String> payloads = new ArrayList<>(events.size());
    events.forEach(e -> payloads.add(WireFixtures.write(e)));
    return new Chunks(payloads, firstContent, reply.isToolCall() ? 1 : reply.pieces().size());
  }

  private static ArrayNode parts(ObjectNode chunk) {
    return (ArrayNode) chunk.at("/candidates/0/content/parts");
  }

  private static ObjectNode thoughtPart(FakeGeminiReply reply) {
    return WireFixtures.JSON.createObjectNode().put("text", reply.thought()).put("thought", true);
  }

  private static ObjectNode callPart(FakeGeminiReply reply) {
    ObjectNode part = WireFixtures.json(CALLS).at("/candidates/0/content/parts/0").deepCopy();
    ObjectNode call = (ObjectNode) part.get("functionCall");
    call.put("name", reply.toolName());
    call.set("args", json(reply.content()));
    return part.put("thoughtSignature", SIGNATURE);
  }

  private static JsonNode json(String text) {
    try {
      return WireFixtures.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the fake wrote these arguments itself", e);
    }
  }

  /** Model, id and the usage so far: {@code candidates} output tokens, all of the prompt and thoughts. */
  private static void stamp(ObjectNode body, FakeGeminiReply reply, int candidates) {
    body.put("modelVersion", reply.model()).put("responseId", reply.responseId());
    if (omitsUsage(reply)) {
      body.remove("usageMetadata");
      return;
    }
    ObjectNode usage = (ObjectNode) body.get("usageMetadata");
    usage.put("promptTokenCount", reply.promptTokens()).put("candidatesTokenCount", candidates)
        .put("totalTokenCount", reply.promptTokens() + candidates + reply.thoughtsTokens());
    ((ObjectNode) usage.at("/promptTokensDetails/0")).put("tokenCount", reply.promptTokens());
    if (reply.thoughtsTokens() > 0) {
      usage.put("thoughtsTokenCount", reply.thoughtsTokens());
    } else {
      usage.remove("thoughtsTokenCount"); // Gemini leaves it out when the model did not think
    }
  }

  /** The {@code no-usage} knob: no {@code usageMetadata} anywhere, so the gateway has to estimate. */
  static boolean omitsUsage(FakeGeminiReply reply) {
    return reply.model() != null && reply.model().toLowerCase(Locale.ROOT).contains("no-usage");
  }
}
