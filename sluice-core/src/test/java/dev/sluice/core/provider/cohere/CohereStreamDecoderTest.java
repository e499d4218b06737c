package dev.sluice.core.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.canonical.StreamEvent.End;
import dev.sluice.core.canonical.StreamEvent.Error;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CohereStreamDecoderTest {
  private static final List<StreamEvent> TEXT_EVENTS = List.of(
      new Start("c14c80c3-18eb-4519-9460-6c92edd8cfb4", null),
      new TextDelta("Hello"),
      new TextDelta("!"),
      new TextDelta(" How can I"),
      new TextDelta(" help you today?"),
      new Finish(FinishReason.STOP, null),
      new UsageReport(new Usage(496, 0, 0, 11, 0, UsageSource.REPORTED)),
      StreamEvent.END);

  private static final List<StreamEvent> TOOL_EVENTS = List.of(
      new Start("8ec1a2b3-47d6-4c1e-9f0a-2d3e4f5a6b7c", null),
      ReasoningDelta.text("I will look up"),
      ReasoningDelta.text(" the current weather"),
      ReasoningDelta.text(" in Paris."),
      new ToolCallStart(0, "get_weather_7x2kq9m1vb4d", "get_weather"),
      new ToolCallDelta(0, "{\""),
      new ToolCallDelta(0, "city"),
      new ToolCallDelta(0, "\": \"Paris"),
      new ToolCallDelta(0, "\", \"unit\": \""),
      new ToolCallDelta(0, "celsius\"}"),
      new ToolCallEnd(0),
      new Finish(FinishReason.TOOL_CALLS, null),
      new UsageReport(new Usage(1120, 0, 0, 54, 0, UsageSource.REPORTED)),
      StreamEvent.END);

  @Test
  void textFixtureDecodesToTheFixtureText() {
    assertThat(CohereFixtures.decode(CohereFixtures.bytes("chat-stream-text.sse"))).isEqualTo(TEXT_EVENTS);
  }

  @Test
  void toolCallFixtureDecodesPlanAsReasoningThenOneCall() {
    List<StreamEvent> events = CohereFixtures.decode(CohereFixtures.bytes("chat-stream-tool-calls.sse"));
    assertThat(events).isEqualTo(TOOL_EVENTS);
    String arguments = events.stream().filter(ToolCallDelta.class::isInstance).map(ToolCallDelta.class::cast)
        .map(ToolCallDelta::argumentsFragment).reduce("", String::concat);
    assertThat(arguments).isEqualTo("{\"city\": \"Paris\", \"unit\": \"celsius\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat-stream-text.sse", "chat-stream-tool-calls.sse"})
  void everySplitPointGivesTheSameEvents(String fixture) {
    byte[] body = CohereFixtures.bytes(fixture);
    List<StreamEvent> whole = CohereFixtures.decode(body);
    for (int cut = 0; cut <= body.length; cut++) {
      assertThat(CohereFixtures.decode(body, cut)).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat-stream-text.sse", "chat-stream-tool-calls.sse"})
  void byteByByteGivesTheSameEvents(String fixture) {
    byte[] body = CohereFixtures.bytes(fixture);
    int[] cuts = new int[body.length];
    for (int i = 0; i < body.length; i++) {
      cuts[i] = i;
    }
    assertThat(CohereFixtures.decode(body, cuts)).isEqualTo(CohereFixtures.decode(body));
  }

  @Property(tries = 300)
  void randomSplitsOfBothFixturesGiveTheSameEvents(@ForAll("cuts") List<Integer> fractions) {
    for (String fixture : List.of("chat-stream-text.sse", "chat-stream-tool-calls.sse")) {
      byte[] body = CohereFixtures.bytes(fixture);
      TreeSet<Integer> cuts = new TreeSet<>();
      for (int f : fractions) {
        cuts.add((int) ((long) f * body.length / 10_000));
      }
      int[] sorted = cuts.stream().mapToInt(Integer::intValue).toArray();
      List<StreamEvent> expected = fixture.contains("text") ? TEXT_EVENTS : TOOL_EVENTS;
      assertThat(CohereFixtures.decode(body, sorted)).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(40);
  }

  @Test
  void crlfLineEndingsDecodeTheSame() {
    String lf = new String(CohereFixtures.bytes("chat-stream-text.sse"), StandardCharsets.UTF_8);
    assertThat(CohereFixtures.decode(lf.replace("\n", "\r\n"))).isEqualTo(TEXT_EVENTS);
  }

  @Test
  void aTrailingDoneIsToleratedAndNotRequired() {
    String body = new String(CohereFixtures.bytes("chat-stream-text.sse"), StandardCharsets.UTF_8);
    assertThat(CohereFixtures.decode(body + "data: [DONE]\n\n")).isEqualTo(TEXT_EVENTS);
  }

  @Test
  void eventsWithoutAnEventLineAreTypedByTheirData() {
    String body = new String(CohereFixtures.bytes("chat-stream-text.sse"), StandardCharsets.UTF_8)
        .replaceAll("(?m)^event: .*\\n", "");
    assertThat(CohereFixtures.decode(body)).isEqualTo(TEXT_EVENTS);
  }

  @Test
  void unknownAndIgnoredEventsAreSkipped() {
    String body = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}")
        + sse("citation-start", "{\"type\":\"citation-start\",\"index\":0,\"delta\":{\"message\":{\"citations\":{}}}}")
        + sse("debug", "{\"type\":\"debug\",\"prompt\":\"x\"}")
        + sse("something-new", "{\"type\":\"something-new\",\"delta\":42}")
        + sse("content-delta", "{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hi\"}}}}")
        + sse("citation-end", "{\"type\":\"citation-end\",\"index\":0}")
        + messageEnd("COMPLETE", null);
    assertThat(CohereFixtures.decode(body)).containsExactly(new Start("m1", null), new TextDelta("Hi"),
        new Finish(FinishReason.STOP, null), StreamEvent.END);
  }

  @Test
  void thinkingDeltasOfReasoningModelsBecomeReasoning() {
    String body = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}")
        + sse("content-start", "{\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"thinking\",\"thinking\":\"\"}}}}")
        + sse("content-delta", "{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"thinking\":\"Two sisters.\"}}}}")
        + sse("content-end", "{\"type\":\"content-end\",\"index\":0}")
        + sse("content-delta", "{\"type\":\"content-delta\",\"index\":1,\"delta\":{\"message\":{\"content\":{\"text\":\"3\"}}}}")
        + messageEnd("MAX_TOKENS", "{\"tokens\":{\"input_tokens\":10,\"output_tokens\":7},\"cached_tokens\":4}");
    assertThat(CohereFixtures.decode(body)).containsExactly(new Start("m1", null),
        ReasoningDelta.text("Two sisters."), new TextDelta("3"), new Finish(FinishReason.LENGTH, null),
        new UsageReport(new Usage(10, 4, 0, 7, 0, UsageSource.REPORTED)), StreamEvent.END);
  }

  @Test
  void toolCallStartWithArgumentsGivesThemAsTheFirstDeltaAndIndexesAreRenumbered() {
    String body = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}")
        + toolStart(3, "a_1", "first", "{\"x\":")
        + toolDelta(3, "1}")
        + toolStart(7, "b_2", "second", "")
        + toolDelta(7, "{}")
        + sse("tool-call-end", "{\"type\":\"tool-call-end\",\"index\":7}")
        + sse("tool-call-end", "{\"type\":\"tool-call-end\",\"index\":3}")
        + messageEnd("TOOL_CALL", null);
    assertThat(CohereFixtures.decode(body)).containsExactly(new Start("m1", null),
        new ToolCallStart(0, "a_1", "first"), new ToolCallDelta(0, "{\"x\":"), new ToolCallDelta(0, "1}"),
        new ToolCallStart(1, "b_2", "second"), new ToolCallDelta(1, "{}"), new ToolCallEnd(1), new ToolCallEnd(0),
        new Finish(FinishReason.TOOL_CALLS, null), StreamEvent.END);
  }

  @Test
  void callsLeftOpenAreClosedBeforeTheFinish() {
    String body = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}")
        + toolStart(0, "a_1", "f", "{}") + messageEnd("TOOL_CALL", null);
    assertThat(CohereFixtures.decode(body)).containsExactly(new Start("m1", null), new ToolCallStart(0, "a_1", "f"),
        new ToolCallDelta(0, "{}"), new ToolCallEnd(0), new Finish(FinishReason.TOOL_CALLS, null), StreamEvent.END);
  }

  @Test
  void finishReasonsMapAsDocumented() {
    assertThat(finishOf("COMPLETE")).isEqualTo(FinishReason.STOP);
    assertThat(finishOf("STOP_SEQUENCE")).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(finishOf("MAX_TOKENS")).isEqualTo(FinishReason.LENGTH);
    assertThat(finishOf("TOOL_CALL")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(finishOf("TIMEOUT")).isEqualTo(FinishReason.OTHER);
    assertThat(finishOf(null)).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void anErrorFinishIsAnInBandErrorWithItsMessageAndUsage() {
    String body = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}")
        + sse("content-delta", "{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hel\"}}}}")
        + sse("message-end", "{\"type\":\"message-end\",\"delta\":{\"error\":\"internal error while generating\","
            + "\"finish_reason\":\"ERROR\",\"usage\":{\"tokens\":{\"input_tokens\":5,\"output_tokens\":1}}}}");
    assertThat(CohereFixtures.decode(body)).containsExactly(new Start("m1", null), new TextDelta("Hel"),
        new UsageReport(new Usage(5, 0, 0, 1, 0, UsageSource.REPORTED)),
        new Error("ERROR", "internal error while generating"), StreamEvent.END);
  }

  @Test
  void anErrorFinishWithoutAMessageStillSaysWhatHappened() {
    String body = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}") + messageEnd("ERROR", null);
    List<StreamEvent> events = CohereFixtures.decode(body);
    assertThat(events).hasSize(3);
    assertThat(events.get(1)).isInstanceOfSatisfying(Error.class,
        e -> assertThat(e.message()).contains("Cohere reported an error"));
    assertThat(events.get(2)).isInstanceOf(End.class);
  }

  @Test
  void aBodyCutBeforeMessageEndEndsInAnErrorWithoutEnd() {
    byte[] body = CohereFixtures.bytes("chat-stream-text.sse");
    String text = new String(body, StandardCharsets.UTF_8);
    int cut = text.indexOf("event: message-end");
    List<StreamEvent> events = CohereFixtures.decode(text.substring(0, cut + 25));
    assertThat(events).startsWith(TEXT_EVENTS.subList(0, 5).toArray(StreamEvent[]::new));
    assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(Error.class,
        e -> assertThat(e.message()).contains("ended before message-end"));
    assertThat(events).noneMatch(End.class::isInstance).noneMatch(Finish.class::isInstance);
  }

  @Test
  void anEmptyBodyIsAnError() {
    assertThat(CohereFixtures.decode("")).singleElement().isInstanceOf(Error.class);
  }

  @Test
  void malformedJsonIsAnErrorAndNothingFollows() {
    String body = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}")
        + sse("content-delta", "{\"type\":\"content-delta\",\"delta\":{\"mess")
        + sse("content-delta", "{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"x\"}}}}")
        + messageEnd("COMPLETE", null);
    List<StreamEvent> events = CohereFixtures.decode(body);
    assertThat(events).hasSize(2);
    assertThat(events.get(1)).isInstanceOfSatisfying(Error.class, e -> {
      assertThat(e.type()).isNull();
      assertThat(e.message()).contains("content-delta").contains("not a JSON object");
    });
  }

  @Test
  void wrongTypesAreErrorsNotExceptions() {
    String start = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}");
    List<String> bad = List.of(
        sse("content-delta", "{\"type\":\"content-delta\",\"delta\":{\"message\":{\"content\":{\"text\":42}}}}"),
        sse("content-delta", "{\"type\":\"content-delta\",\"delta\":{\"message\":{\"content\":\"x\"}}}"),
        sse("tool-plan-delta", "{\"type\":\"tool-plan-delta\",\"delta\":{\"message\":{\"tool_plan\":[]}}}"),
        sse("tool-call-start", "{\"type\":\"tool-call-start\",\"index\":\"0\",\"delta\":{}}"),
        sse("tool-call-start", "{\"type\":\"tool-call-start\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{}}}}"),
        toolStart(0, "a", "f", "") + toolStart(0, "b", "g", ""),
        toolDelta(5, "{}"),
        sse("tool-call-end", "{\"type\":\"tool-call-end\",\"index\":1}"),
        toolStart(0, "a", "f", "") + sse("tool-call-delta", "{\"type\":\"tool-call-delta\",\"index\":0,"
            + "\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":{}}}}}}"),
        sse("message-start", "{\"id\":\"again\",\"type\":\"message-start\"}"),
        "data: [1,2,3]\n\n",
        "data: {\"no\":\"type\"}\n\n");
    for (String tail : bad) {
      List<StreamEvent> events = CohereFixtures.decode(start + tail + messageEnd("COMPLETE", null));
      assertThat(events).as(tail).last().isInstanceOf(Error.class);
      assertThat(events).as(tail).filteredOn(Error.class::isInstance).hasSize(1);
    }
  }

  @Test
  void eventsBeforeMessageStartAreOutOfOrder() {
    List<StreamEvent> events = CohereFixtures.decode(
        sse("content-delta", "{\"type\":\"content-delta\",\"delta\":{\"message\":{\"content\":{\"text\":\"x\"}}}}")
            + messageEnd("COMPLETE", null));
    assertThat(events).singleElement().isInstanceOfSatisfying(Error.class,
        e -> assertThat(e.message()).contains("before message-start"));
  }

  @Test
  void anOversizedEventIsAnError() {
    String huge = "data: {\"type\":\"content-delta\",\"x\":\"" + "a".repeat(17 * 1024 * 1024) + "\"}\n\n";
    List<StreamEvent> events = CohereFixtures.decode(sse("message-start", "{\"id\":\"m\"}") + huge);
    assertThat(events).hasSize(2);
    assertThat(events.get(1)).isInstanceOfSatisfying(Error.class, e -> assertThat(e.message()).contains("larger"));
  }

  @Test
  void bytesAfterMessageEndAreIgnored() {
    String body = new String(CohereFixtures.bytes("chat-stream-text.sse"), StandardCharsets.UTF_8);
    assertThat(CohereFixtures.decode(body + "data: {not json\n\ngarbage")).isEqualTo(TEXT_EVENTS);
  }

  private static FinishReason finishOf(String reason) {
    String body = sse("message-start", "{\"id\":\"m1\",\"type\":\"message-start\"}") + messageEnd(reason, null);
    return CohereFixtures.decode(body).stream().filter(Finish.class::isInstance).map(Finish.class::cast)
        .findFirst().orElseThrow().reason();
  }

  private static String sse(String event, String data) {
    return "event: " + event + "\ndata: " + data + "\n\n";
  }

  private static String messageEnd(String reason, String usage) {
    String delta = (reason == null ? "" : "\"finish_reason\":\"" + reason + "\"")
        + (usage == null ? "" : (reason == null ? "" : ",") + "\"usage\":" + usage);
    return sse("message-end", "{\"type\":\"message-end\",\"delta\":{" + delta + "}}");
  }

  private static String toolStart(int index, String id, String name, String arguments) {
    return sse("tool-call-start", "{\"type\":\"tool-call-start\",\"index\":" + index + ",\"delta\":{\"message\":"
        + "{\"tool_calls\":{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name
        + "\",\"arguments\":" + quote(arguments) + "}}}}}");
  }

  private static String toolDelta(int index, String fragment) {
    return sse("tool-call-delta", "{\"type\":\"tool-call-delta\",\"index\":" + index + ",\"delta\":{\"message\":"
        + "{\"tool_calls\":{\"function\":{\"arguments\":" + quote(fragment) + "}}}}}");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
