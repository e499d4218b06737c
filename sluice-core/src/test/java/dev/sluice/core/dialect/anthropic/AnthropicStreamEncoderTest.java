package dev.sluice.core.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.canonical.StreamEvent.Finish;
import dev.sluice.core.canonical.StreamEvent.ReasoningDelta;
import dev.sluice.core.canonical.StreamEvent.Start;
import dev.sluice.core.canonical.StreamEvent.TextDelta;
import dev.sluice.core.canonical.StreamEvent.ToolCallDelta;
import dev.sluice.core.canonical.StreamEvent.ToolCallEnd;
import dev.sluice.core.canonical.StreamEvent.ToolCallStart;
import dev.sluice.core.canonical.StreamEvent.UsageReport;
import dev.sluice.core.dialect.anthropic.AnthropicSseGrammar.Event;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.provider.anthropic.AnthropicStreams;
import dev.sluice.core.stream.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicStreamEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIXTURE_MODEL = "claude-sonnet-4-20250514";
  private final AnthropicDialect dialect = new AnthropicDialect(() -> "msg_generated");

  private static ChatRequest request(String model) {
    return new ChatRequest(model, List.of(), List.of(Message.text(Role.USER, "Hi")), 100, null, null, null, null,
        null, null, null, null, null, null, null, null, true, true, null, null);
  }

  private byte[] encodeAll(DialectStreamEncoder encoder, List<StreamEvent> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StreamEvent e : events) {
      byte[] bytes = encoder.encode(e);
      if (bytes != null) {
        out.writeBytes(bytes);
      }
    }
    return out.toByteArray();
  }

  private byte[] roundTrip(String fixture, String model, long estimate) {
    List<StreamEvent> canonical = AnthropicStreams.decode(Fixtures.bytes("anthropic/" + fixture));
    return encodeAll(dialect.streamEncoder(request(model), estimate), canonical);
  }

  /** The fixture's events without pings and without empty argument fragments (which carry nothing). */
  private static List<Event> meaningful(List<Event> events) {
    return events.stream()
        .filter(e -> !e.name().equals("ping"))
        .filter(e -> !e.data().at("/delta/partial_json").asText("x").isEmpty())
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse"})
  void fixtureThroughTheProviderDecoderAndThisEncoderKeepsItsEvents(String fixture) {
    List<Event> ours = AnthropicSseGrammar.check(roundTrip(fixture, FIXTURE_MODEL, 999));
    List<Event> theirs = AnthropicSseGrammar.parse(Fixtures.bytes("anthropic/" + fixture));
    AnthropicSseGrammar.check(Fixtures.bytes("anthropic/" + fixture)); // the checker accepts the real thing

    assertThat(ours.get(1).name()).as("ping right after message_start").isEqualTo("ping");
    List<Event> a = meaningful(ours);
    List<Event> b = meaningful(theirs);
    long providerInput = theirs.getFirst().data().at("/message/usage/input_tokens").asLong();
    assertThat(AnthropicSseGrammar.names(a)).isEqualTo(AnthropicSseGrammar.names(b));
    for (int i = 0; i < a.size(); i++) {
      JsonNode mine = a.get(i).data();
      JsonNode real = b.get(i).data();
      switch (a.get(i).name()) {
        case "message_start" -> {
          assertThat(mine.at("/message/id")).isEqualTo(real.at("/message/id"));
          assertThat(mine.at("/message/model")).isEqualTo(real.at("/message/model"));
          assertThat(mine.at("/message/stop_reason").isNull()).isTrue();
          assertThat(mine.at("/message/usage/input_tokens").asLong())
              .as("the provider's input, not the estimate").isEqualTo(real.at("/message/usage/input_tokens").asLong());
          assertThat(mine.at("/message/usage/output_tokens")).isEqualTo(real.at("/message/usage/output_tokens"));
        }
        case "message_delta" -> {
          assertThat(mine.get("delta")).isEqualTo(real.get("delta"));
          assertThat(mine.at("/usage/output_tokens")).isEqualTo(real.at("/usage/output_tokens"));
          assertThat(mine.at("/usage/input_tokens").asLong()).as("input kept from message_start")
              .isEqualTo(providerInput);
        }
        default -> assertThat(mine).as("event %d (%s)", i, a.get(i).name()).isEqualTo(real);
      }
    }
  }

  @Test
  void midStreamErrorEndsTheStreamWithAnErrorEvent() {
    List<Event> events = AnthropicSseGrammar.check(roundTrip("stream-error-midstream.sse", "my-model", 5));
    assertThat(AnthropicSseGrammar.names(events)).containsExactly(
        "message_start", "ping", "content_block_start", "content_block_delta", "error");
    assertThat(events.getLast().data()).isEqualTo(json(
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
  }

  @Test
  void openAiLikeStreamUsesTheEstimateUpFrontAndHoldsFinishForTheUsageAfterIt() {
    DialectStreamEncoder encoder = dialect.streamEncoder(request("smart"), 42);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(encoder.encode(new Start("chatcmpl-abc", "gpt-4o"))).as("message_start waits for content").isNull();
    out.writeBytes(encoder.encode(new TextDelta("Hel")));
    out.writeBytes(encoder.encode(new TextDelta("lo")));
    assertThat(encoder.encode(new TextDelta(""))).isNull();
    byte[] finish = encoder.encode(new Finish(FinishReason.STOP, null));
    assertThat(new String(finish)).contains("content_block_stop").doesNotContain("message_delta");
    out.writeBytes(finish);
    byte[] usage = encoder.encode(new UsageReport(new Usage(20, 5, 0, 3, 0, UsageSource.REPORTED)));
    assertThat(new String(usage)).contains("message_delta");
    out.writeBytes(usage);
    out.writeBytes(encoder.encode(StreamEvent.END));
    assertThat(encoder.encode(new TextDelta("after the end"))).isNull();

    List<Event> events = AnthropicSseGrammar.check(out.toByteArray());
    assertThat(AnthropicSseGrammar.names(events)).containsExactly("message_start", "ping", "content_block_start",
        "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    assertThat(events.get(0).data()).isEqualTo(json("""
        {"type":"message_start","message":{"id":"msg_chatcmpl-abc","type":"message","role":"assistant",
         "model":"smart","content":[],"stop_reason":null,"stop_sequence":null,
         "usage":{"input_tokens":42,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}"""));
    assertThat(events.get(2).data()).isEqualTo(json(
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    assertThat(events.get(3).data()).isEqualTo(json(
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"));
    assertThat(events.get(6).data()).isEqualTo(json("""
        {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
         "usage":{"input_tokens":15,"cache_creation_input_tokens":0,"cache_read_input_tokens":5,"output_tokens":3}}"""));
  }

  @Test
  void messageStartLeavesWithTheFirstUsageReportCarryingTheProvidersInput() {
    DialectStreamEncoder encoder = dialect.streamEncoder(request("m"), 999);
    assertThat(encoder.encode(new Start("msg_x", "claude"))).isNull();
    byte[] bytes = encoder.encode(new UsageReport(new Usage(1200, 1000, 0, 1, 0, UsageSource.REPORTED)));
    List<Event> events = AnthropicSseGrammar.parse(bytes);
    assertThat(AnthropicSseGrammar.names(events)).containsExactly("message_start", "ping");
    assertThat(events.getFirst().data().at("/message/usage")).isEqualTo(json(
        "{\"input_tokens\":200,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1000,\"output_tokens\":1}"));
  }

  @Test
  void endWithoutUsageStillClosesTheMessage() {
    byte[] sse = encodeAll(dialect.streamEncoder(request("m"), 7), List.of(
        new Start(null, null), new TextDelta("x"), new Finish(FinishReason.LENGTH, null), StreamEvent.END));
    List<Event> events = AnthropicSseGrammar.check(sse);
    assertThat(events.get(0).data().at("/message/id").asText()).isEqualTo("msg_generated");
    assertThat(events.get(events.size() - 2).data()).isEqualTo(json(
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":0}}"));
  }

  @Test
  void toolCallsFromAnOpenAiLikeStreamInEitherEndOrder() {
    List<StreamEvent> endsBeforeFinish = List.of(new Start("c1", "gpt"),
        new TextDelta("Let me look."),
        new ToolCallStart(0, "call_1", "get_weather"), new ToolCallDelta(0, "{\"city\""), new ToolCallDelta(0, ":\"Paris\"}"),
        new ToolCallStart(1, "call_2", "get_time"), new ToolCallDelta(1, "{}"),
        new ToolCallEnd(0), new ToolCallEnd(1),
        new Finish(FinishReason.TOOL_CALLS, null), new UsageReport(new Usage(10, 0, 0, 5, 0, UsageSource.REPORTED)),
        StreamEvent.END);
    List<StreamEvent> endsAfterFinish = List.of(new Start("c1", "gpt"),
        new TextDelta("Let me look."),
        new ToolCallStart(0, "call_1", "get_weather"), new ToolCallDelta(0, "{\"city\""), new ToolCallDelta(0, ":\"Paris\"}"),
        new ToolCallStart(1, "call_2", "get_time"), new ToolCallDelta(1, "{}"),
        new Finish(FinishReason.TOOL_CALLS, null), new ToolCallEnd(0), new ToolCallEnd(1),
        new UsageReport(new Usage(10, 0, 0, 5, 0, UsageSource.REPORTED)), StreamEvent.END);
    for (List<StreamEvent> stream : List.of(endsBeforeFinish, endsAfterFinish)) {
      List<Event> events = AnthropicSseGrammar.check(encodeAll(dialect.streamEncoder(request("m"), 1), stream));
      assertThat(AnthropicSseGrammar.names(events)).containsExactly("message_start", "ping",
          "content_block_start", "content_block_delta", "content_block_stop",
          "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
          "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
      assertThat(events.get(5).data()).isEqualTo(json("""
          {"type":"content_block_start","index":1,
           "content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}}"""));
      assertThat(events.get(7).data()).isEqualTo(json("""
          {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":":\\"Paris\\"}"}}"""));
      assertThat(events.get(9).data().at("/content_block/id").asText()).isEqualTo("call_2");
      assertThat(events.get(12).data().at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    }
  }

  @Test
  void reasoningFromOtherProvidersAndRedactedReasoning() {
    byte[] sse = encodeAll(dialect.streamEncoder(request("m"), 1), List.of(new Start("x", "y"),
        ReasoningDelta.text("think"), ReasoningDelta.text(" more"),
        new ReasoningDelta(null, null, "opaque"),
        new ReasoningDelta(null, "sig-only", null),
        ReasoningDelta.text("again"), new ReasoningDelta(null, "sig2", null), ReasoningDelta.text("new block"),
        new TextDelta("answer"), new Finish(FinishReason.STOP, null), StreamEvent.END));
    List<Event> events = AnthropicSseGrammar.check(sse);
    List<String> blocks = events.stream().filter(e -> e.name().equals("content_block_start"))
        .map(e -> e.data().at("/content_block/type").asText()).toList();
    assertThat(blocks).containsExactly("thinking", "redacted_thinking", "thinking", "thinking", "thinking", "text");
    assertThat(events).filteredOn(e -> e.name().equals("content_block_start"))
        .element(1).extracting(Event::data)
        .isEqualTo(json("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}}"));
    assertThat(events).filteredOn(e -> e.data().at("/delta/type").asText().equals("signature_delta"))
        .extracting(e -> e.data().get("index").asInt()).containsExactly(2, 3);
  }

  @Test
  void anEmptyAnswerIsStillAWholeMessage() {
    List<Event> events = AnthropicSseGrammar.check(encodeAll(dialect.streamEncoder(request("m"), 3),
        List.of(new Start("x", "y"), new Finish(FinishReason.STOP, null),
            new UsageReport(new Usage(3, 0, 0, 0, 0, UsageSource.REPORTED)), StreamEvent.END)));
    assertThat(AnthropicSseGrammar.names(events)).containsExactly("message_start", "ping", "message_delta", "message_stop");
  }

  @Test
  void providerErrorTypesAnthropicDoesNotKnowBecomeApiError() {
    DialectStreamEncoder encoder = dialect.streamEncoder(request("m"), 3);
    encoder.encode(new Start("x", "y"));
    encoder.encode(new TextDelta("partial"));
    byte[] error = encoder.encode(new StreamEvent.Error("server_error", "The server had an error"));
    assertThat(AnthropicSseGrammar.parse(error).getFirst().data()).isEqualTo(json(
        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The server had an error\"}}"));
    assertThat(encoder.encode(StreamEvent.END)).isNull();
  }

  @Test
  void gatewayErrorsUseTheKindsAnthropicType() {
    DialectStreamEncoder encoder = dialect.streamEncoder(request("m"), 3);
    byte[] bytes = encoder.error(GatewayException.upstreamTimeout("The provider stopped answering."));
    List<Event> events = AnthropicSseGrammar.check(bytes);
    assertThat(events).singleElement().extracting(Event::data).isEqualTo(json(
        "{\"type\":\"error\",\"error\":{\"type\":\"timeout_error\",\"message\":\"The provider stopped answering.\"}}"));
    assertThat(new String(bytes)).startsWith("event: error\ndata: ");
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
