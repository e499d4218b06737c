package dev.sluice.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** ConverseStream bodies (the recorded binary one, and binary bodies built from the JSONL fixtures) to events. */
class BedrockStreamDecoderTest {
  private static final StreamEvent START = new StreamEvent.Start(null, null);

  private static List<StreamEvent> decode(byte[] body, int... cuts) {
    List<StreamEvent> events = new ArrayList<>();
    BedrockStreamDecoder decoder = new BedrockStreamDecoder();
    int from = 0;
    for (int cut : cuts) {
      decoder.feed(body, from, cut - from, events::add);
      from = cut;
    }
    decoder.feed(body, from, body.length - from, events::add);
    decoder.endOfInput(events::add);
    return events;
  }

  private static byte[] event(String type, String json) {
    return EventStreamEncoder.event(type, json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] exception(String type, String json) {
    return EventStreamEncoder.encode(Map.of(":exception-type", type, ":content-type", "application/json",
        ":message-type", "exception"), json.getBytes(StandardCharsets.UTF_8));
  }

  private static final List<StreamEvent> TEXT_EVENTS = List.of(START, new StreamEvent.TextDelta("Hello!"),
      new StreamEvent.TextDelta(" How can I help you today?"), new StreamEvent.Finish(FinishReason.STOP, null),
      new StreamEvent.UsageReport(new Usage(12, 0, 0, 12, 0, UsageSource.REPORTED)), StreamEvent.END);

  private static final List<StreamEvent> TOOL_EVENTS = List.of(START,
      new StreamEvent.TextDelta("I'll check the current weather in Paris."),
      new StreamEvent.ToolCallStart(0, "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "get_weather"),
      new StreamEvent.ToolCallDelta(0, "{\"city\": \"Par"),
      new StreamEvent.ToolCallDelta(0, "is\", \"unit\": \"celsius\"}"),
      new StreamEvent.ToolCallEnd(0),
      new StreamEvent.Finish(FinishReason.TOOL_CALLS, null),
      new StreamEvent.UsageReport(new Usage(412, 0, 0, 71, 0, UsageSource.REPORTED)), StreamEvent.END);

  private static final List<StreamEvent> REASONING_EVENTS = List.of(START,
      StreamEvent.ReasoningDelta.text("17 * 23 = 340"), StreamEvent.ReasoningDelta.text(" + 51 = 391."),
      new StreamEvent.ReasoningDelta(null, "EqQBCkgIARAB...opaque...", null),
      new StreamEvent.TextDelta("391"), new StreamEvent.Finish(FinishReason.STOP, null),
      new StreamEvent.UsageReport(new Usage(48, 0, 0, 96, 0, UsageSource.REPORTED)), StreamEvent.END);

  @Test
  void recordedBinaryStream_endsAtMetadata_andIgnoresTheTrailingException() {
    assertThat(decode(BedrockFixtures.recordedStream())).containsExactly(START, new StreamEvent.TextDelta("Hello!"),
        new StreamEvent.Finish(FinishReason.STOP, null),
        new StreamEvent.UsageReport(new Usage(12, 0, 0, 3, 0, UsageSource.REPORTED)), StreamEvent.END);
  }

  @Test
  void recordedExceptionFrame_alone_isAnErrorWithItsTypeAndMessage() {
    byte[] stream = BedrockFixtures.recordedStream();
    byte[] exceptionOnly = java.util.Arrays.copyOfRange(stream, 866, stream.length);
    assertThat(decode(exceptionOnly)).containsExactly(new StreamEvent.Error("throttlingException",
        "Too many requests, please wait before trying again."));
  }

  @Test
  void recordedBinaryStream_everySplitPoint() {
    byte[] body = BedrockFixtures.recordedStream();
    List<StreamEvent> whole = decode(body);
    for (int split = 0; split <= body.length; split++) {
      assertThat(decode(body, split)).as("split at %d", split).isEqualTo(whole);
    }
  }

  @Test
  void textFixture() {
    assertThat(decode(BedrockFixtures.streamFromJsonl("converse-stream-text.events.jsonl"))).isEqualTo(TEXT_EVENTS);
  }

  @Test
  void toolUseFixture_numbersToolCallsFromZero() {
    assertThat(decode(BedrockFixtures.streamFromJsonl("converse-stream-tool-use.events.jsonl")))
        .isEqualTo(TOOL_EVENTS);
  }

  @Test
  void reasoningFixture_keepsTheSignature() {
    assertThat(decode(BedrockFixtures.streamFromJsonl("converse-stream-reasoning.events.jsonl")))
        .isEqualTo(REASONING_EVENTS);
  }

  @Property(tries = 150)
  void fixtures_splitAtRandomPoints_giveTheSameEvents(
      @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 2000) Integer> cuts) {
    Map<String, List<StreamEvent>> expected = Map.of("converse-stream-text.events.jsonl", TEXT_EVENTS,
        "converse-stream-tool-use.events.jsonl", TOOL_EVENTS,
        "converse-stream-reasoning.events.jsonl", REASONING_EVENTS);
    expected.forEach((fixture, events) -> {
      byte[] body = BedrockFixtures.streamFromJsonl(fixture);
      int[] points = cuts.stream().mapToInt(c -> Math.min(c, body.length)).sorted().toArray();
      assertThat(decode(body, points)).as(fixture).isEqualTo(events);
    });
  }

  @Test
  void secondToolCall_getsIndexOne_andCacheTokensCountAsInput() {
    byte[] body = BedrockFixtures.concat(
        event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"a\",\"name\":\"f\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}"),
        event("contentBlockStop", "{\"contentBlockIndex\":0}"),
        event("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"b\",\"name\":\"g\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"x\\\":1}\"}}}"),
        event("contentBlockStop", "{\"contentBlockIndex\":1}"),
        event("messageStop", "{\"stopReason\":\"tool_use\"}"),
        event("metadata", "{\"usage\":{\"inputTokens\":10,\"outputTokens\":5,\"totalTokens\":115,"
            + "\"cacheReadInputTokens\":100,\"cacheWriteInputTokens\":0},\"metrics\":{\"latencyMs\":1}}"));

    assertThat(decode(body)).containsExactly(START,
        new StreamEvent.ToolCallStart(0, "a", "f"), new StreamEvent.ToolCallDelta(0, "{}"), new StreamEvent.ToolCallEnd(0),
        new StreamEvent.ToolCallStart(1, "b", "g"), new StreamEvent.ToolCallDelta(1, "{\"x\":1}"),
        new StreamEvent.ToolCallEnd(1), new StreamEvent.Finish(FinishReason.TOOL_CALLS, null),
        new StreamEvent.UsageReport(new Usage(110, 100, 0, 5, 0, UsageSource.REPORTED)), StreamEvent.END);
  }

  @Test
  void jsonOutputTool_streamsAsText_andFinishesAsStop() {
    byte[] body = BedrockFixtures.concat(
        event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"a\","
            + "\"name\":\"sluice_json_output\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"a\\\":\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"1}\"}}}"),
        event("contentBlockStop", "{\"contentBlockIndex\":0}"),
        event("messageStop", "{\"stopReason\":\"tool_use\"}"),
        event("metadata", "{\"metrics\":{\"latencyMs\":1}}"));

    assertThat(decode(body)).containsExactly(START, new StreamEvent.TextDelta("{\"a\":"),
        new StreamEvent.TextDelta("1}"), new StreamEvent.Finish(FinishReason.STOP, null), StreamEvent.END);
  }

  @Test
  void redactedReasoning_andStopSequence() {
    byte[] body = BedrockFixtures.concat(
        event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"redactedContent\":\"b3A=\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"citation\":{}}}"),
        event("messageStop", "{\"stopReason\":\"stop_sequence\",\"additionalModelResponseFields\":{\"stop_sequence\":\"END\"}}"),
        event("metadata", "{\"usage\":{\"inputTokens\":1,\"outputTokens\":2,\"totalTokens\":3}}"));

    assertThat(decode(body)).containsExactly(START, new StreamEvent.ReasoningDelta(null, null, "b3A="),
        new StreamEvent.Finish(FinishReason.STOP_SEQUENCE, "END"),
        new StreamEvent.UsageReport(new Usage(1, 0, 0, 2, 0, UsageSource.REPORTED)), StreamEvent.END);
  }

  @Test
  void midStreamException_endsTheStreamWithAnError_andNoEnd() {
    byte[] body = BedrockFixtures.concat(
        event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
        exception("modelStreamErrorException", "{\"message\":\"The model stream failed.\",\"originalStatusCode\":500}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"}}"));

    assertThat(decode(body)).containsExactly(START, new StreamEvent.TextDelta("Hel"),
        new StreamEvent.Error("modelStreamErrorException", "The model stream failed."));
  }

  @Test
  void errorMessageType_usesItsHeaders() {
    byte[] body = EventStreamEncoder.encode(Map.of(":message-type", "error", ":error-code", "InternalFailure",
        ":error-message", "An internal error occurred."), new byte[0]);
    assertThat(decode(body)).containsExactly(new StreamEvent.Error("InternalFailure", "An internal error occurred."));
  }

  @Test
  void badCrc_isAnError_notAnException() {
    byte[] body = BedrockFixtures.streamFromJsonl("converse-stream-text.events.jsonl");
    body[body.length - 1] ^= 0x01; // the metadata frame's message CRC
    List<StreamEvent> events = decode(body);
    assertThat(events).startsWith(START).doesNotContain(StreamEvent.END);
    assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Error.class,
        e -> assertThat(e.message()).contains("message CRC mismatch"));
  }

  @Test
  void payloadThatIsNotJson_isAnError() {
    byte[] body = BedrockFixtures.concat(event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"te"));
    assertThat(decode(body)).containsExactly(START,
        new StreamEvent.Error(null, "Bedrock sent a contentBlockDelta event whose payload is not a JSON object."));
  }

  @Test
  void outOfOrderEvents_areErrors() {
    assertThat(decode(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"x\"}}")))
        .containsExactly(new StreamEvent.Error(null, "Bedrock sent contentBlockDelta before messageStart."));
    assertThat(decode(BedrockFixtures.concat(event("messageStart", "{}"),
        event("metadata", "{\"usage\":{\"inputTokens\":1,\"outputTokens\":1}}"))))
        .containsExactly(START, new StreamEvent.Error(null, "Bedrock sent its metadata event before messageStop."));
    assertThat(decode(BedrockFixtures.concat(event("messageStart", "{}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":3,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}"))))
        .containsExactly(START,
            new StreamEvent.Error(null, "Bedrock sent tool input for content block 3 before its contentBlockStart."));
  }

  @Test
  void unknownEventTypes_areSkipped() {
    byte[] body = BedrockFixtures.concat(event("messageStart", "{}"), event("somethingNew", "{\"x\":1}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"ok\"}}"),
        event("messageStop", "{\"stopReason\":\"end_turn\"}"), event("metadata", "{}"));
    assertThat(decode(body)).containsExactly(START, new StreamEvent.TextDelta("ok"),
        new StreamEvent.Finish(FinishReason.STOP, null), StreamEvent.END);
  }

  @Test
  void bodyCutMidFrame_orBeforeMetadata_hasNoEnd() {
    byte[] body = BedrockFixtures.streamFromJsonl("converse-stream-text.events.jsonl");
    for (int cut = 0; cut < body.length; cut += 7) {
      List<StreamEvent> events = decode(java.util.Arrays.copyOf(body, cut));
      assertThat(events).as("cut at %d", cut).doesNotContain(StreamEvent.END)
          .noneMatch(e -> e instanceof StreamEvent.Error);
    }
  }

  @Test
  void nothingIsReadAfterTheEnd() {
    byte[] body = BedrockFixtures.concat(BedrockFixtures.streamFromJsonl("converse-stream-text.events.jsonl"),
        "garbage after the end".getBytes(StandardCharsets.UTF_8));
    assertThat(decode(body)).isEqualTo(TEXT_EVENTS);
  }
}
