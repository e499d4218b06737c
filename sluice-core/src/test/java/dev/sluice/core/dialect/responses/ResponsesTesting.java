package dev.sluice.core.dialect.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/** Shared helpers for the Responses dialect tests: a deterministic codec, JSON reading, tree order checks. */
final class ResponsesTesting {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The fixtures' {@code created_at}. */
  static final long CREATED_AT = 1_760_000_000L;

  private ResponsesTesting() {}

  /** A codec with a fixed clock and seeded ids. */
  static ResponsesDialect dialect() {
    return new ResponsesDialect(InstantSource.fixed(Instant.ofEpochSecond(CREATED_AT)), new SplittableRandom(42));
  }

  /** JSON written with single quotes for readability. */
  static byte[] body(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode tree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String text) {
    return tree(text.getBytes(StandardCharsets.UTF_8));
  }

  static List<SseEvent> parseSse(byte[] bytes) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    parser.feed(bytes);
    parser.endOfInput();
    assertThat(parser.hasPartialEvent()).as("every event is closed by a blank line").isFalse();
    return events;
  }

  /** Asserts both trees have the same members in the same order at every level (values compared elsewhere). */
  static void assertSameMemberOrder(JsonNode actual, JsonNode expected, String at) {
    assertThat(actual.getNodeType()).as("type at %s", at).isEqualTo(expected.getNodeType());
    if (expected.isObject()) {
      assertThat(names(actual)).as("members at %s", at).isEqualTo(names(expected));
      for (String name : names(expected)) {
        assertSameMemberOrder(actual.get(name), expected.get(name), at + "." + name);
      }
    } else if (expected.isArray()) {
      assertThat(actual.size()).as("size at %s", at).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSameMemberOrder(actual.get(i), expected.get(i), at + "[" + i + "]");
      }
    }
  }

  static List<String> names(JsonNode obj) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
