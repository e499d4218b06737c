package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.FIXTURE_CLOCK;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.FIXTURE_ID;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.FIXTURE_MODEL;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.json;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.keys;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.normalisedStream;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.parsedStream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.SseWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Canonical events → {@code chat.completion.chunk}s, compared chunk by chunk with the recorded streams. */
class OpenAiChatDialectStreamTest {
  private static final Usage TEXT_USAGE = new Usage(13, 0, 0, 9, 0, UsageSource.REPORTED);
  private static final Usage TOOLS_USAGE = new Usage(82, 0, 0, 51, 0, UsageSource.REPORTED);
  private final OpenAiChatDialect dialect = new OpenAiChatDialect(FIXTURE_CLOCK);

  static ChatRequest streaming(String model, boolean streamUsage) {
    return new ChatRequest(model, List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null, null,
        null, null, null, null, null, null, null, null, true, streamUsage, null, null);
  }

  private byte[] encode(boolean streamUsage, List<StreamEvent> events) {
    DialectStreamEncoder encoder = dialect.streamEncoder(streaming(FIXTURE_MODEL, streamUsage), 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StreamEvent e : events) {
      byte[] bytes = encoder.encode(e);
      if (bytes != null) {
        out.writeBytes(bytes);
      }
    }
    return out.toByteArray();
  }

  private static List<StreamEvent> textEvents() {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.Start(FIXTURE_ID, "upstream-model"));
    for (String piece : List.of("Hello", "!", " How", " can", " I", " help", " you", " today", "?")) {
      events.add(new StreamEvent.TextDelta(piece));
    }
    events.add(new StreamEvent.Finish(FinishReason.STOP, null));
    events.add(new StreamEvent.UsageReport(TEXT_USAGE));
    events.add(StreamEvent.END);
    return events;
  }

  private static List<StreamEvent> toolEvents() {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.Start(FIXTURE_ID, null));
    events.add(new StreamEvent.ToolCallStart(0, "call_Q3kz8bP1mVt7xR2nL5wY9aHd", "get_weather"));
    for (String f : List.of("{\"ci", "ty\":", " \"Paris", "\", \"un", "it\": \"c", "elsius\"}")) {
      events.add(new StreamEvent.ToolCallDelta(0, f));
    }
    events.add(new StreamEvent.ToolCallEnd(0));
    events.add(new StreamEvent.ToolCallStart(1, "call_T8cJ4eN6sG1pK0vW3qZ7fBuM", "get_weather"));
    for (String f : List.of("{\"ci", "ty\": \"To", "kyo\", \"u", "nit\": \"cel", "sius\"}")) {
      events.add(new StreamEvent.ToolCallDelta(1, f));
    }
    events.add(new StreamEvent.ToolCallEnd(1));
    events.add(new StreamEvent.UsageReport(new Usage(80, 0, 0, 1, 0, UsageSource.REPORTED))); // superseded
    events.add(new StreamEvent.Finish(FinishReason.TOOL_CALLS, null));
    events.add(new StreamEvent.UsageReport(TOOLS_USAGE));
    events.add(StreamEvent.END);
    return events;
  }

  @Test
  void textStreamIsTheRecordedStream() {
    List<JsonNode> out = parsedStream(encode(true, textEvents()));
    List<JsonNode> expected = normalisedStream("chat-completion-stream-text.sse");
    assertThat(out).containsExactlyElementsOf(expected);
    for (int i = 0; i < out.size() - 1; i++) {
      assertThat(keys(out.get(i))).as("key order of chunk %d", i).containsExactlyElementsOf(keys(expected.get(i)));
    }
  }

  @Test
  void toolCallStreamIsTheRecordedStream() {
    List<JsonNode> out = parsedStream(encode(true, toolEvents()));
    assertThat(out).containsExactlyElementsOf(normalisedStream("chat-completion-stream-tool-calls.sse"));
  }

  @Test
  void withoutStreamUsageThereIsNoUsageAnywhere() {
    byte[] bytes = encode(false, textEvents());
    List<JsonNode> out = parsedStream(bytes);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("usage").endsWith("data: [DONE]\n\n");
    List<JsonNode> expected = normalisedStream("chat-completion-stream-text.sse");
    assertThat(out).hasSize(expected.size() - 1); // no usage chunk
    for (int i = 0; i < out.size() - 1; i++) {
      JsonNode withoutUsage = ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get(i).deepCopy())
          .without("usage");
      assertThat(out.get(i)).isEqualTo(withoutUsage);
    }
  }

  @Test
  void everyChunkSharesIdCreatedAndTheCallersModel() {
    DialectStreamEncoder encoder = dialect.streamEncoder(streaming("smart", true), 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StreamEvent e : List.of(new StreamEvent.Start("msg_01abc", "claude-sonnet-4"),
        StreamEvent.ReasoningDelta.text("Hmm."), new StreamEvent.ReasoningDelta(null, "sig", null),
        new StreamEvent.TextDelta("A"), new StreamEvent.Finish(FinishReason.STOP_SEQUENCE, "END"),
        new StreamEvent.UsageReport(new Usage(10, 4, 0, 7, 3, UsageSource.REPORTED)), StreamEvent.END)) {
      byte[] bytes = encoder.encode(e);
      if (bytes != null) {
        out.writeBytes(bytes);
      }
    }
    List<JsonNode> chunks = parsedStream(out.toByteArray());
    assertThat(chunks).hasSize(6);
    for (JsonNode c : chunks.subList(0, 5)) {
      assertThat(c.get("id").asText()).isEqualTo("chatcmpl-msg_01abc");
      assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(c.get("created").asLong()).isEqualTo(1_760_000_000L);
      assertThat(c.get("model").asText()).isEqualTo("smart");
    }
    assertThat(chunks.get(0).at("/choices/0/delta")).isEqualTo(
        json("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}"));
    assertThat(chunks.get(1).at("/choices/0/delta")).isEqualTo(json("{\"reasoning_content\":\"Hmm.\"}"));
    assertThat(chunks.get(2).at("/choices/0/delta")).isEqualTo(json("{\"content\":\"A\"}"));
    assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(chunks.get(4).get("usage")).isEqualTo(json("{\"prompt_tokens\":10,\"completion_tokens\":7,"
        + "\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":4},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":3}}"));
    assertThat(chunks.get(5).asText()).isEqualTo("[DONE]");
  }

  @Test
  void withoutStartOrFinishTheStreamStillHasOneIdAndAFinish() {
    byte[] bytes = encode(false, List.of(new StreamEvent.TextDelta("Hi"), StreamEvent.END));
    List<JsonNode> chunks = parsedStream(bytes);
    assertThat(chunks).hasSize(4);
    String id = chunks.get(0).get("id").asText();
    assertThat(id).startsWith("chatcmpl-");
    assertThat(chunks.subList(0, 3)).allSatisfy(c -> assertThat(c.get("id").asText()).isEqualTo(id));
    assertThat(chunks.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void anEmptyAnswerStillSaysItsRole() {
    List<JsonNode> chunks = parsedStream(encode(false, List.of(new StreamEvent.Start("x", null),
        new StreamEvent.Finish(FinishReason.LENGTH, null), StreamEvent.END)));
    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(chunks.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("length");
  }

  @Test
  void aNaturalStopAfterToolCallsSaysToolCalls() {
    List<JsonNode> chunks = parsedStream(encode(false, List.of(new StreamEvent.Start("x", null),
        new StreamEvent.TextDelta("Checking."), new StreamEvent.ToolCallStart(0, "c1", "f"),
        new StreamEvent.ToolCallDelta(0, "{}"), new StreamEvent.ToolCallEnd(0),
        new StreamEvent.Finish(FinishReason.STOP, null), StreamEvent.END)));
    assertThat(chunks.get(2).at("/choices/0/delta")).isEqualTo(json("{\"tool_calls\":[{\"index\":0,\"id\":\"c1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}"));
    assertThat(chunks.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void usageHeldUntilEndIsLeftOutWhenNeverReported() {
    byte[] bytes = encode(true, List.of(new StreamEvent.Start("x", null), new StreamEvent.TextDelta("a"),
        new StreamEvent.Finish(FinishReason.STOP, null), StreamEvent.END));
    List<JsonNode> chunks = parsedStream(bytes);
    assertThat(chunks).hasSize(4);
    assertThat(chunks.subList(0, 3)).allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());
  }

  @Test
  void usageReportsProduceNoBytesTillTheEnd() {
    DialectStreamEncoder encoder = dialect.streamEncoder(streaming("m", true), 0);
    assertThat(encoder.encode(new StreamEvent.Start("x", null))).isNull();
    assertThat(encoder.encode(new StreamEvent.UsageReport(TEXT_USAGE))).isNull();
    assertThat(encoder.encode(new StreamEvent.ToolCallEnd(0))).isNull();
    assertThat(encoder.encode(new StreamEvent.TextDelta(""))).isNull();
  }

  @Test
  void anInBandErrorIsOpenAisErrorEventAndNothingFollows() {
    DialectStreamEncoder encoder = dialect.streamEncoder(streaming("m", true), 0);
    encoder.encode(new StreamEvent.Start("x", null));
    encoder.encode(new StreamEvent.TextDelta("par"));
    byte[] error = encoder.encode(new StreamEvent.Error("overloaded_error", "Overloaded"));
    assertThat(new String(error, StandardCharsets.UTF_8)).isEqualTo("data: {\"error\":{\"message\":\"Overloaded\","
        + "\"type\":\"service_unavailable_error\",\"param\":null,\"code\":null}}\n\n");
    assertThat(encoder.encode(StreamEvent.END)).isNull();
    assertThat(encoder.encode(new StreamEvent.TextDelta("more"))).isNull();
  }

  @Test
  void anInBandErrorWithoutAMessageNamesItsType() {
    DialectStreamEncoder encoder = dialect.streamEncoder(streaming("m", false), 0);
    JsonNode error = parsedStream(encoder.encode(new StreamEvent.Error("server_error", null))).get(0);
    assertThat(error.at("/error/message").asText()).isEqualTo("The provider reported an error: server_error.");
    assertThat(error.at("/error/type").asText()).isEqualTo("api_error");
  }

  @Test
  void aGatewayErrorMidStreamIsTheErrorBodiesEvent() {
    DialectStreamEncoder encoder = dialect.streamEncoder(streaming("m", true), 0);
    encoder.encode(new StreamEvent.TextDelta("a"));
    GatewayException e = GatewayException.upstreamTimeout("The provider stopped sending.");
    assertThat(encoder.error(e)).isEqualTo(OpenAiErrorBodies.midStreamEvent(e));
    assertThat(encoder.encode(StreamEvent.END)).isNull();
  }

  @Test
  void doneIsTheSharedSentinel() {
    byte[] bytes = encode(false, List.of(new StreamEvent.TextDelta("a"), StreamEvent.END));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).endsWith(new String(SseWriter.DONE, StandardCharsets.US_ASCII));
    assertThat(text).doesNotContain("\r").contains("\n\ndata: ");
  }
}
