package dev.sluice.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiStreamDecoderTest {
  private static final String TEXT = "gemini/streamGenerateContent-text.sse";
  private static final String CALLS = "gemini/streamGenerateContent-functionCall.sse";
  private static final String ID = "oL5mbSs1NA4xa9JPy7QL4Ce";

  private static final List<StreamEvent> TEXT_EVENTS = List.of(
      new StreamEvent.Start(ID, "gemini-2.5-flash"),
      new StreamEvent.TextDelta("Hello!"),
      new StreamEvent.UsageReport(new Usage(7, 0, 0, 33, 31, UsageSource.REPORTED)),
      new StreamEvent.TextDelta(" How can I help you today?"),
      new StreamEvent.UsageReport(new Usage(7, 0, 0, 40, 31, UsageSource.REPORTED)),
      // the last chunk's text is empty: no delta for it
      new StreamEvent.UsageReport(new Usage(7, 0, 0, 40, 31, UsageSource.REPORTED)),
      new StreamEvent.Finish(FinishReason.STOP, null),
      StreamEvent.END);

  private static final List<StreamEvent> CALL_EVENTS = List.of(
      new StreamEvent.Start(ID, "gemini-2.5-flash"),
      new StreamEvent.ReasoningDelta(null, "CiQB...opaque-base64...", null),
      new StreamEvent.ToolCallStart(0, "call_0_get_weather", "get_weather"),
      new StreamEvent.ToolCallDelta(0, "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
      new StreamEvent.ToolCallEnd(0),
      new StreamEvent.UsageReport(new Usage(58, 0, 0, 130, 112, UsageSource.REPORTED)),
      new StreamEvent.ToolCallStart(1, "call_1_get_weather", "get_weather"),
      new StreamEvent.ToolCallDelta(1, "{\"city\":\"Tokyo\",\"unit\":\"celsius\"}"),
      new StreamEvent.ToolCallEnd(1),
      new StreamEvent.UsageReport(new Usage(58, 0, 0, 148, 112, UsageSource.REPORTED)),
      new StreamEvent.Finish(FinishReason.TOOL_CALLS, null),
      StreamEvent.END);

  /** Feeds the body in pieces cut at the given offsets, then ends it. */
  static List<StreamEvent> decode(byte[] body, Set<Integer> cuts) {
    ProviderStreamDecoder decoder = new GeminiCodec(GeminiRequests.ACCESS).streamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    int from = 0;
    for (int cut : new TreeSet<>(cuts)) {
      decoder.feed(body, from, cut - from, events::add);
      from = cut;
    }
    decoder.feed(body, from, body.length - from, events::add);
    decoder.endOfInput(events::add);
    return events;
  }

  static List<StreamEvent> decode(String body) {
    return decode(body.getBytes(StandardCharsets.UTF_8), Set.of());
  }

  @Test
  void textFixture_fieldByField() {
    assertThat(decode(Fixtures.bytes(TEXT), Set.of())).containsExactlyElementsOf(TEXT_EVENTS);
  }

  @Test
  void functionCallFixture_wholeCallsWithSignatureFirst() {
    assertThat(decode(Fixtures.bytes(CALLS), Set.of())).containsExactlyElementsOf(CALL_EVENTS);
  }

  @Test
  void fixturesUseCrlfFraming() {
    assertThat(new String(Fixtures.bytes(TEXT), StandardCharsets.UTF_8)).contains("}\r\n\r\ndata: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {TEXT, CALLS})
  void everySingleSplitPoint_givesTheSameEvents(String fixture) {
    byte[] body = Fixtures.bytes(fixture);
    List<StreamEvent> whole = decode(body, Set.of());
    for (int cut = 0; cut <= body.length; cut++) {
      assertThat(decode(body, Set.of(cut))).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @Provide
  Arbitrary<Set<Integer>> cuts() {
    return Arbitraries.integers().between(0, 2000).set().ofMaxSize(40);
  }

  @Property(tries = 300)
  void randomSplits_giveTheSameEvents(@ForAll("cuts") Set<Integer> cuts) {
    for (String fixture : List.of(TEXT, CALLS)) {
      byte[] body = Fixtures.bytes(fixture);
      Set<Integer> inRange = new TreeSet<>();
      cuts.forEach(c -> inRange.add(c % (body.length + 1)));
      assertThat(decode(body, inRange)).isEqualTo(decode(body, Set.of()));
    }
  }

  @Test
  void lfFramingWorksToo() {
    String lf = new String(Fixtures.bytes(TEXT), StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertThat(decode(lf)).containsExactlyElementsOf(TEXT_EVENTS);
  }

  @Test
  void thoughtPartsStreamAsReasoning() {
    List<StreamEvent> events = decode("""
        data: {"candidates":[{"content":{"parts":[{"text":"Thinking...","thought":true}],"role":"model"}}]}\r
        \r
        data: {"candidates":[{"content":{"parts":[{"text":"Hi","thoughtSignature":"s1"}],"role":"model"},"finishReason":"STOP"}]}\r
        \r
        """);

    assertThat(events).containsExactly(
        new StreamEvent.Start(null, null),
        StreamEvent.ReasoningDelta.text("Thinking..."),
        new StreamEvent.ReasoningDelta(null, "s1", null),
        new StreamEvent.TextDelta("Hi"),
        new StreamEvent.Finish(FinishReason.STOP, null),
        StreamEvent.END);
  }

  @Test
  void errorEvent_isAnErrorAndTheRestIsIgnored() {
    List<StreamEvent> events = decode("""
        data: {"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"}}]}\r
        \r
        data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}\r
        \r
        data: {"candidates":[{"content":{"parts":[{"text":"lo"}]},"finishReason":"STOP"}]}\r
        \r
        """);

    assertThat(events).containsExactly(
        new StreamEvent.Start(null, null),
        new StreamEvent.TextDelta("Hel"),
        new StreamEvent.Error("UNAVAILABLE", "UNAVAILABLE: The model is overloaded. Please try again later."));
  }

  @Test
  void errorAsFirstEvent_hasNoStart() {
    assertThat(decode("data: {\"error\":{\"code\":500,\"message\":\"An internal error has occurred.\","
        + "\"status\":\"INTERNAL\"}}\r\n\r\n"))
        .containsExactly(new StreamEvent.Error("INTERNAL", "INTERNAL: An internal error has occurred."));
  }

  @Test
  void badJson_isAnError_neverAnException() {
    List<StreamEvent> events = decode("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\r\n\r\n"
        + "data: {\"candidates\":[{\"conte\r\n\r\n"
        + "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\r\n\r\n");

    assertThat(events).hasSize(3);
    assertThat(events.get(2)).isInstanceOfSatisfying(StreamEvent.Error.class,
        e -> assertThat(e.type()).isEqualTo("invalid_response"));
  }

  @Test
  void wrongTypes_areErrors() {
    assertThat(decode("data: [1]\r\n\r\n")).singleElement().isInstanceOf(StreamEvent.Error.class);
    assertThat(decode("data: {\"candidates\":[{\"content\":{\"parts\":\"x\"}}]}\r\n\r\n"))
        .last().isInstanceOf(StreamEvent.Error.class);
    assertThat(decode("data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}\r\n\r\n"))
        .last().isInstanceOf(StreamEvent.Error.class);
  }

  @Test
  void truncatedMidEvent_isAnError_withoutEnd() {
    byte[] body = Fixtures.bytes(TEXT);
    byte[] cut = java.util.Arrays.copyOf(body, body.length - 20);

    List<StreamEvent> events = decode(cut, Set.of());

    assertThat(events).doesNotContain(StreamEvent.END);
    assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Error.class,
        e -> assertThat(e.type()).isEqualTo("truncated"));
  }

  @Test
  void endingBetweenEventsBeforeAFinishReason_isACutStream_noEnd() {
    String body = new String(Fixtures.bytes(TEXT), StandardCharsets.UTF_8);
    String firstTwo = body.substring(0, body.lastIndexOf("data: "));

    List<StreamEvent> events = decode(firstTwo);

    assertThat(events).isEqualTo(TEXT_EVENTS.subList(0, 5));
  }

  @Test
  void blockedPrompt_isAContentFilterFinish() {
    assertThat(decode("data: {\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},"
        + "\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4}}\r\n\r\n"))
        .containsExactly(
            new StreamEvent.Start(null, null),
            new StreamEvent.UsageReport(new Usage(4, 0, 0, 0, 0, UsageSource.REPORTED)),
            new StreamEvent.Finish(FinishReason.CONTENT_FILTER, null),
            StreamEvent.END);
  }

  @Test
  void usageAfterTheFinish_isStillReported_butContentIsNot() {
    List<StreamEvent> events = decode("""
        data: {"candidates":[{"content":{"parts":[{"text":"a"}]},"finishReason":"MAX_TOKENS"}]}\r
        \r
        data: {"candidates":[{"content":{"parts":[{"text":"late"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1}}\r
        \r
        """);

    assertThat(events).containsExactly(
        new StreamEvent.Start(null, null),
        new StreamEvent.TextDelta("a"),
        new StreamEvent.Finish(FinishReason.LENGTH, null),
        new StreamEvent.UsageReport(new Usage(3, 0, 0, 1, 0, UsageSource.REPORTED)),
        StreamEvent.END);
  }

  @Test
  void emptyBody_producesNothing() {
    assertThat(decode("")).isEmpty();
  }
}
