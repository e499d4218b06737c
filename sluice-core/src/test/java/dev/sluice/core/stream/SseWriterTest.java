package dev.sluice.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseWriterTest {
  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static SseEvent roundTrip(SseEvent e) {
    List<SseEvent> out = new ArrayList<>();
    SseParser parser = new SseParser(out::add);
    parser.feed(SseWriter.encode(e));
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  @Test
  void dataOnly() {
    assertThat(text(SseWriter.encode(SseEvent.ofData("{\"a\":1}")))).isEqualTo("data: {\"a\":1}\n\n");
  }

  @Test
  void eventAndId() {
    assertThat(text(SseWriter.encode(new SseEvent("ping", "{}", "42"))))
        .isEqualTo("event: ping\nid: 42\ndata: {}\n\n");
  }

  @Test
  void multiLineDataBecomesSeveralDataLines() {
    assertThat(text(SseWriter.encode(SseEvent.ofData("a\nb\r\nc\rd"))))
        .isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
    assertThat(text(SseWriter.encode(SseEvent.ofData("a\n")))).isEqualTo("data: a\ndata: \n\n");
  }

  @Test
  void emptyData() {
    assertThat(text(SseWriter.encode(SseEvent.ofData("")))).isEqualTo("data: \n\n");
  }

  @Test
  void doneAndComment() {
    assertThat(text(SseWriter.DONE)).isEqualTo("data: [DONE]\n\n");
    assertThat(text(SseWriter.comment("ping"))).isEqualTo(": ping\n\n");
    assertThat(text(SseWriter.comment("two\nlines"))).isEqualTo(": two\n: lines\n\n");
  }

  @Test
  void lineBreakInNameOrIdIsRejected() {
    assertThatThrownBy(() -> SseWriter.encode(new SseEvent("a\nb", "x", null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SseWriter.encode(new SseEvent(null, "x", "1\r")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundTripsThroughTheParser() {
    for (SseEvent e : List.of(
        SseEvent.ofData("plain"),
        SseEvent.ofData(""),
        SseEvent.ofData(" leading space"),
        SseEvent.ofData("multi\nline\n\ndata with blank"),
        SseEvent.ofData("ünïcödé 😀"),
        SseEvent.ofData(": not a comment"),
        new SseEvent("response.output_text.delta", "{\"delta\":\"hi\"}", "evt_1"))) {
      assertThat(roundTrip(e)).isEqualTo(e);
    }
  }

  @Test
  void carriageReturnsInDataComeBackAsLineFeeds() {
    assertThat(roundTrip(SseEvent.ofData("a\r\nb\rc")).data()).isEqualTo("a\nb\nc");
  }

  @Test
  void fixtureEventsReencodeToTheFixtureBytes() {
    byte[] fixture = Fixtures.bytes("openai/chat-completion-stream-tool-calls.sse");
    List<SseEvent> events = new ArrayList<>();
    new SseParser(events::add).feed(fixture);
    StringBuilder again = new StringBuilder();
    events.forEach(e -> again.append(text(SseWriter.encode(e))));
    assertThat(again.toString()).isEqualTo(text(fixture));
  }
}
