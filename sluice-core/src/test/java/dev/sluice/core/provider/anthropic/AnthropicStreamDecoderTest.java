package dev.sluice.core.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.canonical.StreamEvent.Finish;
import dev.sluice.core.canonical.StreamEvent.ReasoningDelta;
import dev.sluice.core.canonical.StreamEvent.Start;
import dev.sluice.core.canonical.StreamEvent.TextDelta;
import dev.sluice.core.canonical.StreamEvent.ToolCallDelta;
import dev.sluice.core.canonical.StreamEvent.ToolCallEnd;
import dev.sluice.core.canonical.StreamEvent.ToolCallStart;
import dev.sluice.core.canonical.StreamEvent.UsageReport;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicStreamDecoderTest {
  private static final String MODEL = "claude-sonnet-4-20250514";

  static final List<StreamEvent> TEXT = List.of(
      new Start("msg_01XFDUDYJgAACzvnptvVoYEL", MODEL),
      new UsageReport(reported(12, 0, 0, 1)),
      new TextDelta("Hello"),
      new TextDelta("! How can"),
      new TextDelta(" I help you today?"),
      new Finish(FinishReason.STOP, null),
      new UsageReport(reported(12, 0, 0, 12)),
      StreamEvent.END);

  static final List<StreamEvent> TOOL_USE = List.of(
      new Start("msg_01Aq9w938a90dw8q", MODEL),
      new UsageReport(reported(412, 0, 0, 1)),
      new TextDelta("I'll check"),
      new TextDelta(" the current weather"),
      new TextDelta(" in Paris."),
      new ToolCallStart(0, "toolu_01A09q90qw90lq917835lq9", "get_weather"),
      new ToolCallDelta(0, "{\"city\": \"Par"),
      new ToolCallDelta(0, "is\""),
      new ToolCallDelta(0, ", \"unit\": \"ce"),
      new ToolCallDelta(0, "lsius\"}"),
      new ToolCallEnd(0),
      new Finish(FinishReason.TOOL_CALLS, null),
      new UsageReport(reported(412, 0, 0, 71)),
      StreamEvent.END);

  static final List<StreamEvent> THINKING = List.of(
      new Start("msg_01Hk2r7Jd4vQ8nPz", MODEL),
      new UsageReport(reported(48, 0, 0, 1)),
      ReasoningDelta.text("17 * 23 = 17 * 20 + 17 * 3"),
      ReasoningDelta.text(" = 340 + 51 = 391."),
      new ReasoningDelta(null, "EqQBCkgIARABGAIiQL8xZ...truncated-opaque-signature...", null),
      new TextDelta("391"),
      new Finish(FinishReason.STOP, null),
      new UsageReport(reported(48, 0, 0, 96)),
      StreamEvent.END);

  static final List<StreamEvent> ERROR_MIDSTREAM = List.of(
      new Start("msg_01Zr5tQ2", MODEL),
      new UsageReport(reported(12, 0, 0, 1)),
      new TextDelta("Hel"),
      new StreamEvent.Error("overloaded_error", "Overloaded"));

  static Usage reported(long input, long cacheRead, long cacheWrite, long output) {
    return new Usage(input, cacheRead, cacheWrite, output, 0, UsageSource.REPORTED);
  }

  static List<StreamEvent> expected(String fixture) {
    return switch (fixture) {
      case "stream-text.sse" -> TEXT;
      case "stream-tool-use.sse" -> TOOL_USE;
      case "stream-thinking.sse" -> THINKING;
      case "stream-error-midstream.sse" -> ERROR_MIDSTREAM;
      default -> throw new IllegalArgumentException(fixture);
    };
  }

  private static byte[] fixture(String name) {
    return Fixtures.bytes("anthropic/" + name);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse", "stream-error-midstream.sse"})
  void decodesEveryFixtureWhole(String name) {
    assertThat(AnthropicStreams.decode(fixture(name))).containsExactlyElementsOf(expected(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse", "stream-error-midstream.sse"})
  void decodesEveryFixtureSplitAtEveryBytePosition(String name) {
    byte[] bytes = fixture(name);
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertThat(AnthropicStreams.decodeSplitAt(bytes, cut)).as("split at byte %d", cut)
          .containsExactlyElementsOf(expected(name));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse"})
  void decodesEveryFixtureOneByteAtATime(String name) {
    assertThat(AnthropicStreams.decodeInChunks(fixture(name), List.of(1))).containsExactlyElementsOf(expected(name));
  }

  @Test
  void aStreamCutBeforeMessageStopEndsInAnErrorNotEnd() {
    byte[] bytes = fixture("stream-text.sse");
    String text = new String(bytes, StandardCharsets.UTF_8);
    byte[] cut = utf8(text.substring(0, text.indexOf("event: message_delta")));
    List<StreamEvent> events = AnthropicStreams.decode(cut);
    assertThat(events).doesNotContain(StreamEvent.END);
    assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Error.class,
        e -> assertThat(e.message()).contains("ended before message_stop"));
  }

  @Test
  void aStreamCutMidEventEndsInAnError() {
    byte[] bytes = fixture("stream-tool-use.sse");
    List<StreamEvent> events = AnthropicStreams.decode(java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(events.getLast()).isInstanceOf(StreamEvent.Error.class);
    assertThat(events).filteredOn(StreamEvent.Error.class::isInstance).hasSize(1);
  }

  @Test
  void badJsonBecomesAnErrorAndStopsTheDecoder() {
    String sse = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{"input_tokens":3,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"late"}}

        event: message_stop
        data: {"type":"message_stop"}

        """;
    List<StreamEvent> events = AnthropicStreams.decode(utf8(sse));
    assertThat(events).hasSize(3);
    assertThat(events.get(2)).isInstanceOfSatisfying(StreamEvent.Error.class,
        e -> assertThat(e.message()).contains("not JSON"));
  }

  @Test
  void wrongTypesNeverThrow() {
    String sse = """
        event: message_start
        data: {"type":"message_start","message":"not an object"}

        event: content_block_start
        data: {"type":"content_block_start","index":"zero","content_block":[1,2]}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":5}}

        event: message_delta
        data: [1]

        """;
    List<StreamEvent> events = AnthropicStreams.decode(utf8(sse));
    assertThat(events.getFirst()).isEqualTo(new Start(null, null));
    assertThat(events.getLast()).isInstanceOf(StreamEvent.Error.class);
  }

  @Test
  void contentBeforeMessageStartIsAnError() {
    String sse = """
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}

        """;
    assertThat(AnthropicStreams.decode(utf8(sse))).singleElement()
        .isInstanceOfSatisfying(StreamEvent.Error.class, e -> assertThat(e.message()).contains("before message_start"));
  }

  @Test
  void aDeltaForABlockThatIsNotOpenIsAnError() {
    String sse = start() + """
        event: content_block_delta
        data: {"type":"content_block_delta","index":4,"delta":{"type":"text_delta","text":"x"}}

        """;
    assertThat(AnthropicStreams.decode(utf8(sse)).getLast()).isInstanceOfSatisfying(StreamEvent.Error.class,
        e -> assertThat(e.message()).contains("not open"));
  }

  @Test
  void unknownEventsAndPingsAreSkippedAndEventsWithoutAnEventLineUseTheirType() {
    String sse = start() + """
        event: ping
        data: {"type": "ping"}

        event: some_future_event
        data: {"type":"some_future_event","whatever":true}

        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        """ + finish("end_turn", 2);
    assertThat(AnthropicStreams.decode(utf8(sse))).containsExactly(
        new Start("msg_1", "claude-x"),
        new UsageReport(reported(3, 0, 0, 1)),
        new TextDelta("ok"),
        new Finish(FinishReason.STOP, null),
        new UsageReport(reported(3, 0, 0, 2)),
        StreamEvent.END);
  }

  @Test
  void toolCallsAreNumberedFromZeroWhateverTheirBlockIndex() {
    String sse = start()
        + block(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}")
        + delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}")
        + delta(0, "{\"type\":\"signature_delta\",\"signature\":\"sig\"}")
        + stop(0)
        + block(1, "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"f\",\"input\":{}}")
        + delta(1, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"x\\\":1}\"}")
        + stop(1)
        + block(2, "{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":\"g\",\"input\":{}}")
        + stop(2)
        + finish("tool_use", 40);
    assertThat(AnthropicStreams.decode(utf8(sse))).containsExactly(
        new Start("msg_1", "claude-x"),
        new UsageReport(reported(3, 0, 0, 1)),
        ReasoningDelta.text("hm"),
        new ReasoningDelta(null, "sig", null),
        new ToolCallStart(0, "toolu_a", "f"),
        new ToolCallDelta(0, "{\"x\":1}"),
        new ToolCallEnd(0),
        new ToolCallStart(1, "toolu_b", "g"),
        new ToolCallEnd(1),
        new Finish(FinishReason.TOOL_CALLS, null),
        new UsageReport(reported(3, 0, 0, 40)),
        StreamEvent.END);
  }

  @Test
  void redactedThinkingPassesThroughWhole() {
    String sse = start() + block(0, "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy\"}") + stop(0)
        + finish("end_turn", 5);
    assertThat(AnthropicStreams.decode(utf8(sse))).contains(new ReasoningDelta(null, null, "EmwKAhgBEgy"));
  }

  @Test
  void theJsonAnswerToolStreamsAsTextAndStopsPlainly() {
    String sse = start()
        + block(0, "{\"type\":\"tool_use\",\"id\":\"toolu_j\",\"name\":\"sluice_json_response\",\"input\":{}}")
        + delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}")
        + delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"answer\\\":\"}")
        + delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\" 42}\"}")
        + stop(0)
        + finish("tool_use", 9);
    assertThat(AnthropicStreams.decode(utf8(sse))).containsExactly(
        new Start("msg_1", "claude-x"),
        new UsageReport(reported(3, 0, 0, 1)),
        new TextDelta("{\"answer\":"),
        new TextDelta(" 42}"),
        new Finish(FinishReason.STOP, null),
        new UsageReport(reported(3, 0, 0, 9)),
        StreamEvent.END);
  }

  @Test
  void usageAddsCacheReadsAndWritesToInputAndKeepsStartInputUnderCumulativeOutput() {
    String sse = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_c","model":"m","content":[],"usage":{"input_tokens":5,"cache_creation_input_tokens":100,"cache_read_input_tokens":200,"output_tokens":1}}}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"###"},"usage":{"output_tokens":30}}

        event: message_stop
        data: {"type":"message_stop"}

        """;
    assertThat(AnthropicStreams.decode(utf8(sse))).containsExactly(
        new Start("msg_c", "m"),
        new UsageReport(reported(305, 200, 100, 1)),
        new Finish(FinishReason.STOP_SEQUENCE, "###"),
        new UsageReport(reported(305, 200, 100, 30)),
        StreamEvent.END);
  }

  @Test
  void inputFieldsInMessageDeltaWinOverMessageStart() {
    String sse = start() + """
        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"input_tokens":7,"cache_read_input_tokens":2,"output_tokens":50}}

        event: message_stop
        data: {"type":"message_stop"}

        """;
    List<StreamEvent> events = AnthropicStreams.decode(utf8(sse));
    assertThat(events).contains(new Finish(FinishReason.LENGTH, null), new UsageReport(reported(9, 2, 0, 50)));
  }

  @Test
  void bytesAfterMessageStopAreIgnored() {
    String sse = start() + finish("refusal", 1) + "event: error\ndata: {\"type\":\"error\",\"error\":{}}\n\n";
    List<StreamEvent> events = AnthropicStreams.decode(utf8(sse));
    assertThat(events.getLast()).isEqualTo(StreamEvent.END);
    assertThat(events).contains(new Finish(FinishReason.CONTENT_FILTER, null));
  }

  private static String start() {
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n";
  }

  private static String block(int index, String contentBlock) {
    return "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":" + contentBlock + "}\n\n";
  }

  private static String delta(int index, String delta) {
    return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":"
        + delta + "}\n\n";
  }

  private static String stop(int index) {
    return "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":" + index + "}\n\n";
  }

  private static String finish(String stopReason, int outputTokens) {
    return "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  }
}
