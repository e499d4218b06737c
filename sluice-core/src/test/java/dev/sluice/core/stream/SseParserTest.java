package dev.sluice.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private final List<SseEvent> events = new ArrayList<>();
  private final SseParser parser = new SseParser(events::add);

  private void feed(String s) {
    parser.feed(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<SseEvent> parseWhole(byte[] bytes) {
    List<SseEvent> out = new ArrayList<>();
    SseParser p = new SseParser(out::add);
    p.feed(bytes);
    p.endOfInput();
    assertThat(p.hasPartialEvent()).isFalse();
    return out;
  }

  @Test
  void lfLineEnds() {
    feed("data: a\n\ndata: b\n\n");
    assertThat(events).containsExactly(SseEvent.ofData("a"), SseEvent.ofData("b"));
  }

  @Test
  void crLineEnds() {
    feed("data: a\r\rdata: b\r\r");
    assertThat(events).containsExactly(SseEvent.ofData("a"), SseEvent.ofData("b"));
  }

  @Test
  void crlfLineEnds() {
    feed("data: a\r\n\r\ndata: b\r\n\r\n");
    assertThat(events).containsExactly(SseEvent.ofData("a"), SseEvent.ofData("b"));
  }

  @Test
  void mixedLineEnds() {
    feed("data: a\r\ndata: b\rdata: c\n\r\n");
    assertThat(events).containsExactly(SseEvent.ofData("a\nb\nc"));
  }

  @Test
  void crAtEndOfOneFeedAndLfAtStartOfNextAreOneLineEnd() {
    feed("data: a\r");
    feed("\ndata: b\r");
    feed("\n\r");
    feed("\n");
    assertThat(events).containsExactly(SseEvent.ofData("a\nb"));
    feed("data: c\r");
    feed("\r"); // CR then CR: a blank line, not a swallowed LF
    assertThat(events).containsExactly(SseEvent.ofData("a\nb"), SseEvent.ofData("c"));
  }

  @Test
  void emptyFeedKeepsPendingCr() {
    feed("data: a\r");
    parser.feed(new byte[0]);
    feed("\n\n");
    assertThat(events).containsExactly(SseEvent.ofData("a"));
  }

  @Test
  void commentsAreIgnored() {
    feed(": ping\n\n:\ndata: a\n: between\ndata: b\n\n");
    assertThat(events).containsExactly(SseEvent.ofData("a\nb"));
  }

  @Test
  void multiLineDataIsJoinedWithLf() {
    feed("data: {\ndata:   \"a\": 1\ndata: }\n\n");
    assertThat(events).containsExactly(SseEvent.ofData("{\n  \"a\": 1\n}"));
  }

  @Test
  void onlyOneLeadingSpaceIsStripped() {
    feed("data:no-space\n\ndata:  two\n\n");
    assertThat(events).extracting(SseEvent::data).containsExactly("no-space", " two");
  }

  @Test
  void eventAndIdFields() {
    feed("event: message_start\nid: 7\ndata: {}\n\ndata: next\n\nid\ndata: x\n\n");
    assertThat(events).containsExactly(
        new SseEvent("message_start", "{}", "7"),
        new SseEvent(null, "next", "7"), // the last id persists; the event type does not
        new SseEvent(null, "x", null)); // an empty id resets it
  }

  @Test
  void idWithNulIsIgnored() {
    feed("id: 1\n\nid: a\u0000b\ndata: x\n\n");
    assertThat(events).containsExactly(new SseEvent(null, "x", "1"));
  }

  @Test
  void retryAndUnknownFieldsAreIgnored() {
    feed("retry: 1000\nfoo: bar\ndatum: no\ndata: yes\n\n");
    assertThat(events).containsExactly(SseEvent.ofData("yes"));
  }

  @Test
  void fieldWithoutColonHasEmptyValue() {
    feed("data\ndata\n\n");
    assertThat(events).containsExactly(SseEvent.ofData("\n"));
  }

  @Test
  void emptyDataDispatchesButNoDataDoesNot() {
    feed("event: only-a-name\n\ndata:\n\n");
    assertThat(events).containsExactly(SseEvent.ofData(""));
  }

  @Test
  void leadingByteOrderMarkIsSkipped() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    parser.feed(bom, 0, 2);
    parser.feed(bom, 2, 1);
    feed("data: a\n\n");
    assertThat(events).containsExactly(SseEvent.ofData("a"));
  }

  @Test
  void utf8CharactersSplitAcrossFeeds() {
    byte[] bytes = "data: héllo 😀 世界\n\n".getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      events.clear();
      SseParser p = new SseParser(events::add);
      p.feed(bytes, 0, cut);
      p.feed(bytes, cut, bytes.length - cut);
      assertThat(events).as("cut at %d", cut).containsExactly(SseEvent.ofData("héllo 😀 世界"));
    }
  }

  @Test
  void feedRespectsOffsetAndLength() {
    byte[] bytes = "xxdata: a\n\nyy".getBytes(StandardCharsets.UTF_8);
    parser.feed(bytes, 2, bytes.length - 4);
    assertThat(events).containsExactly(SseEvent.ofData("a"));
  }

  @Test
  void callerMayReuseItsArrayAfterFeed() {
    byte[] buffer = "data: first\n".getBytes(StandardCharsets.UTF_8);
    parser.feed(buffer);
    Arrays.fill(buffer, (byte) 'z');
    feed("\n");
    assertThat(events).containsExactly(SseEvent.ofData("first"));
  }

  @Test
  void partialLastEventIsNotDispatched() {
    feed("data: a\n\ndata: cut sh");
    assertThat(parser.hasPartialEvent()).isTrue();
    parser.endOfInput();
    assertThat(events).containsExactly(SseEvent.ofData("a"));
    assertThat(parser.hasPartialEvent()).isTrue();
  }

  @Test
  void eventWithoutItsBlankLineIsPartial() {
    feed("data: a\n");
    parser.endOfInput();
    assertThat(events).isEmpty();
    assertThat(parser.hasPartialEvent()).isTrue();
  }

  @Test
  void cleanEndIsNotPartial() {
    feed("data: a\n\n: trailing comment\n");
    parser.endOfInput();
    assertThat(parser.hasPartialEvent()).isFalse();
    assertThat(events).hasSize(1);
  }

  @Test
  void feedAfterEndOfInputIsAnError() {
    parser.endOfInput();
    assertThatThrownBy(() -> feed("data: a\n\n")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void overflowOfOneLongDataLineStopsTheParser() {
    SseParser small = new SseParser(events::add, 16);
    small.feed("data: 0123456789abcdefXYZ\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(small.overflowed()).isTrue();
    small.feed("data: later\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(events).isEmpty();
  }

  @Test
  void overflowOfManyDataLines() {
    SseParser small = new SseParser(events::add, 16);
    small.feed("data: 0123456\n".getBytes(StandardCharsets.UTF_8));
    small.feed("data: 0123456\n".getBytes(StandardCharsets.UTF_8));
    assertThat(small.overflowed()).isFalse();
    small.feed("data: 01\n".getBytes(StandardCharsets.UTF_8));
    assertThat(small.overflowed()).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void overflowOfALineSpreadOverManyFeeds() {
    SseParser small = new SseParser(events::add, 16);
    for (int i = 0; i < 10 && !small.overflowed(); i++) {
      small.feed("data: ".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(small.overflowed()).isTrue();
  }

  @Test
  void eventsUpToTheLimitPass() {
    SseParser small = new SseParser(events::add, 16);
    for (int i = 0; i < 100; i++) {
      small.feed("data: 0123456789abcdef\n\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(small.overflowed()).isFalse();
    assertThat(events).hasSize(100);
  }

  @Test
  void textFixtureParses() {
    List<SseEvent> parsed = parseWhole(Fixtures.bytes("openai/chat-completion-stream-text.sse"));
    assertThat(parsed).hasSize(13);
    assertThat(parsed).allSatisfy(e -> {
      assertThat(e.event()).isNull();
      assertThat(e.id()).isNull();
    });
    assertThat(parsed.get(0).data()).startsWith("{\"id\":\"chatcmpl-").endsWith("\"usage\":null}");
    assertThat(parsed.get(12).data()).isEqualTo("[DONE]");
  }

  @Test
  void toolCallFixtureParses() {
    List<SseEvent> parsed = parseWhole(Fixtures.bytes("openai/chat-completion-stream-tool-calls.sse"));
    assertThat(parsed).hasSize(16);
    assertThat(parsed.get(15).data()).isEqualTo("[DONE]");
  }

  @Test
  void namedEventFixtureParses() {
    List<SseEvent> parsed = parseWhole(Fixtures.bytes("openai/responses-stream-text.sse"));
    assertThat(parsed).hasSize(10);
    assertThat(parsed.get(0).event()).isEqualTo("response.created");
    assertThat(parsed.get(9).event()).isEqualTo("response.completed");
  }

  @Test
  void splitAtEveryByteBoundaryYieldsTheSameEvents() {
    byte[] bytes = Fixtures.bytes("openai/chat-completion-stream-text.sse");
    List<SseEvent> expected = parseWhole(bytes);
    for (int cut = 0; cut <= bytes.length; cut++) {
      List<SseEvent> got = new ArrayList<>();
      SseParser p = new SseParser(got::add);
      p.feed(bytes, 0, cut);
      p.feed(bytes, cut, bytes.length - cut);
      p.endOfInput();
      assertThat(got).as("cut at %d", cut).isEqualTo(expected);
      assertThat(p.hasPartialEvent()).isFalse();
    }
  }

  @Test
  void byteByByteWithEveryLineEndStyle() {
    String lf = new String(Fixtures.bytes("openai/chat-completion-stream-tool-calls.sse"), StandardCharsets.UTF_8);
    List<SseEvent> expected = parseWhole(lf.getBytes(StandardCharsets.UTF_8));
    for (String eol : List.of("\n", "\r", "\r\n")) {
      byte[] bytes = lf.replace("\n", eol).getBytes(StandardCharsets.UTF_8);
      List<SseEvent> got = new ArrayList<>();
      SseParser p = new SseParser(got::add);
      for (int i = 0; i < bytes.length; i++) {
        p.feed(bytes, i, 1);
      }
      p.endOfInput();
      assertThat(got).as("line end %s", eol.replace("\r", "CR").replace("\n", "LF")).isEqualTo(expected);
    }
  }

  @Test
  void threeWaySplitsOfTheGeminiStyleCrlfStream() {
    String lf = new String(Fixtures.bytes("openai/chat-completion-stream-text.sse"), StandardCharsets.UTF_8);
    byte[] bytes = lf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    List<SseEvent> expected = parseWhole(bytes);
    for (int a = 0; a <= bytes.length; a += 7) {
      for (int b = a; b <= bytes.length; b += 13) {
        List<SseEvent> got = new ArrayList<>();
        SseParser p = new SseParser(got::add);
        p.feed(bytes, 0, a);
        p.feed(bytes, a, b - a);
        p.feed(bytes, b, bytes.length - b);
        assertThat(got).as("cuts %d, %d", a, b).isEqualTo(expected);
      }
    }
  }
}
