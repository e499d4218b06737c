package dev.sluice.core.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses an Anthropic SSE body with {@link SseParser} and checks the event grammar of
 * {@code wire/anthropic/stream-*.sse}: every event named and its data's {@code type} equal to the name;
 * {@code message_start} first, at most one {@code ping} after it; content blocks one at a time with indices
 * 0, 1, 2, ..., each delta inside its block and of its block's kind; then one {@code message_delta} and {@code message_stop}
 * last, or an {@code error} event last.
 */
final class AnthropicSseGrammar {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> DELTA_FOR_BLOCK = Map.of(
      "text", "text_delta", "thinking", "thinking_delta|signature_delta", "tool_use", "input_json_delta");

  /** One parsed event: its name and data. */
  record Event(String name, JsonNode data) {}

  private AnthropicSseGrammar() {}

  static List<Event> parse(byte[] sse) {
    List<Event> events = new ArrayList<>();
    SseParser parser = new SseParser(e -> events.add(new Event(e.event(), tree(e))));
    parser.feed(sse);
    parser.endOfInput();
    assertThat(parser.hasPartialEvent()).as("ends with a whole event").isFalse();
    return events;
  }

  /** Checks the grammar and returns the events. */
  static List<Event> check(byte[] sse) {
    List<Event> events = parse(sse);
    assertThat(events).as("events").isNotEmpty();
    for (Event e : events) {
      assertThat(e.name()).as("every event has an event: line").isNotNull();
      assertThat(e.data().path("type").asText()).as("data.type of %s", e.name()).isEqualTo(e.name());
    }
    if (events.size() == 1 && events.get(0).name().equals("error")) {
      return events;
    }
    assertThat(events.get(0).name()).isEqualTo("message_start");
    assertThat(events.get(0).data().at("/message/content").isArray()).isTrue();
    assertThat(events.get(0).data().at("/message/content")).isEmpty();
    assertThat(events.stream().filter(e -> e.name().equals("ping")).count()).as("at most one ping").isLessThan(2);
    int nextIndex = 0;
    String openType = null;
    boolean messageDelta = false;
    for (int i = 1; i < events.size(); i++) {
      Event e = events.get(i);
      boolean last = i == events.size() - 1;
      switch (e.name()) {
        case "ping" -> { }
        case "content_block_start" -> {
          assertThat(openType).as("a block starts only when none is open (event %d)", i).isNull();
          assertThat(messageDelta).as("no block after message_delta").isFalse();
          assertThat(e.data().get("index").asInt()).as("sequential index").isEqualTo(nextIndex);
          openType = e.data().at("/content_block/type").asText();
        }
        case "content_block_delta" -> {
          assertThat(openType).as("delta inside a block (event %d)", i).isNotNull();
          assertThat(e.data().get("index").asInt()).isEqualTo(nextIndex);
          assertThat(e.data().at("/delta/type").asText()).matches(DELTA_FOR_BLOCK.get(openType));
        }
        case "content_block_stop" -> {
          assertThat(openType).as("stop of an open block (event %d)", i).isNotNull();
          assertThat(e.data().get("index").asInt()).isEqualTo(nextIndex);
          openType = null;
          nextIndex++;
        }
        case "message_delta" -> {
          assertThat(openType).as("all blocks closed before message_delta").isNull();
          assertThat(messageDelta).as("one message_delta").isFalse();
          assertThat(e.data().at("/delta/stop_reason").isTextual()).isTrue();
          assertThat(e.data().at("/usage/output_tokens").isNumber()).isTrue();
          messageDelta = true;
        }
        case "message_stop" -> {
          assertThat(messageDelta).as("message_delta before message_stop").isTrue();
          assertThat(last).as("message_stop is last").isTrue();
        }
        case "error" -> {
          assertThat(last).as("error is last").isTrue();
          assertThat(e.data().at("/error/type").isTextual()).isTrue();
          assertThat(e.data().at("/error/message").isTextual()).isTrue();
        }
        default -> throw new AssertionError("unexpected event " + e.name() + " at " + i);
      }
    }
    String lastName = events.getLast().name();
    assertThat(lastName).isIn("message_stop", "error");
    return events;
  }

  static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  private static JsonNode tree(SseEvent e) {
    try {
      return JSON.readTree(e.data());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
